"""Least privilege: the staff groups made by imago_site's data migration, each able to do its
own work in the admin and nothing else."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from applicants.models import Application, SupervisionSession
from faq.models import Question
from tests.admin_forms import change_form_data
from tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    ContactMessageFactory,
    DocumentRequirementFactory,
    InstalmentFactory,
    QuestionFactory,
    TrackFactory,
    TrainingFactory,
    stored_document,
)
from tests.files import pdf_bytes
from trainings.models import DocumentRequirement, Training


def permissions(group):
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_the_migration_gives_each_group_only_its_permissions(groups):
    assert permissions(groups["Admissions"]) == {
        ("applicants", "view_application"),
        ("applicants", "change_application"),
        ("applicants", "view_event"),
        ("trainings", "view_training"),
        ("trainings", "view_module"),
        ("trainings", "view_track"),
        ("admin", "view_logentry"),
        ("applicants", "view_billingdetails"),
        ("applicants", "view_invoice"),
        ("applicants", "view_payment"),
        ("applicants", "view_trainee"),
        ("applicants", "view_attendance"),
        ("applicants", "view_certificate"),
        ("applicants", "add_certificate"),
        ("applicants", "view_revocation"),
        ("applicants", "view_supervisionsession"),
        ("applicants", "add_supervisionsession"),
        ("applicants", "change_supervisionsession"),
        ("applicants", "view_stepdone"),
        ("applicants", "add_stepdone"),
        ("applicants", "change_stepdone"),
        ("applicants", "view_assignment"),
        ("applicants", "view_review"),
    }
    # Reviewers reach only their own pages (``/reviews/``), nothing in the admin.
    assert permissions(groups["Reviewers"]) == {
        ("applicants", "add_review"),
        ("applicants", "view_review"),
    }
    editors = permissions(groups["Content editors"])
    for model in ["training", "module", "track", "trainer"]:
        for action in ["add", "change", "delete", "view"]:
            assert ("trainings", f"{action}_{model}") in editors
    for model in ["category", "question", "synonyms"]:
        for action in ["add", "change", "delete", "view"]:
            assert ("faq", f"{action}_{model}") in editors
    assert not {perm for perm in editors if perm[0] == "applicants"}
    assert len(editors) == 7 * 4 + 1
    accounts = permissions(groups["Accounts"])
    assert {codename for app, codename in accounts if app == "applicants"} == {
        "view_application",
        "view_billingdetails",
        "view_invoice",
        "add_invoice",
        "view_invoiceline",
        "view_payment",
        "add_payment",
        "change_payment",
        "view_bankstatement",
        "add_bankstatement",
        "view_refund",
        "change_refund",
    }
    assert not {codename for _app, codename in accounts if codename.startswith("delete_")}
    assert permissions(groups["Faculty"]) == {
        ("trainings", "view_training"),
        ("trainings", "view_module"),
        ("applicants", "add_attendance"),
        ("applicants", "change_attendance"),
        ("applicants", "view_attendance"),
    }


def test_an_editor_cannot_open_an_application(client, editor):
    application = ApplicationFactory(name="Ana Ruiz")

    change = client.get(reverse("admin:applicants_application_change", args=[application.pk]))
    listing = client.get(reverse("admin:applicants_application_changelist"))
    index = client.get(reverse("admin:index"))

    assert change.status_code == 403
    assert "Ana Ruiz" not in change.text
    assert listing.status_code == 403
    assert reverse("admin:applicants_application_changelist") not in index.text
    assert reverse("admin:faq_contactmessage_changelist") not in index.text
    assert reverse("admin:faq_question_changelist") in index.text


def test_an_editor_writes_a_faq_question_and_changes_a_training(client, editor):
    category = CategoryFactory()
    response = client.post(
        reverse("admin:faq_question_add"),
        {
            "category": category.pk,
            "question_en": "Can I pay in instalments?",
            "slug": "instalments",
            "answer_en": "Yes, in three parts.",
            "topic": "fees",
            "position": 1,
            "is_published": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Question.objects.get(slug="instalments").answer == "Yes, in three parts."

    training = TrainingFactory(capacity=20)
    url = reverse("admin:trainings_training_change", args=[training.pk])
    response = client.post(url, change_form_data(client.get(url), capacity="24"))

    assert response.status_code == 302, response.context["errors"]
    training.refresh_from_db()
    assert training.capacity == 24


def test_an_admissions_officer_cannot_edit_the_faq(client, admissions_officer):
    question = QuestionFactory(answer="The original answer.")
    url = reverse("admin:faq_question_change", args=[question.pk])

    assert client.get(url).status_code == 403
    response = client.post(url, {"question_en": "Changed?", "answer_en": "Changed."})

    assert response.status_code == 403
    question.refresh_from_db()
    assert question.answer == "The original answer."
    assert reverse("admin:faq_question_changelist") not in client.get(reverse("admin:index")).text


def test_an_admissions_officer_reads_trainings_but_cannot_change_them(client, admissions_officer):
    training = TrainingFactory(title="Clinical Berlin", capacity=20)
    url = reverse("admin:trainings_training_change", args=[training.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "Clinical Berlin" in page.text
    assert 'name="_save"' not in page.text
    response = client.post(url, {"title": "Renamed", "capacity": "99"})
    assert response.status_code == 403
    listing = client.get(reverse("admin:trainings_training_changelist"))
    assert "Publish the selected trainings" not in listing.text
    assert "Cancel the selected trainings" not in listing.text

    response = client.post(
        reverse("admin:trainings_training_changelist"),
        {"action": "cancel", ACTION_CHECKBOX_NAME: [training.pk]},
    )
    training.refresh_from_db()
    assert training.status == Training.Status.PUBLISHED
    assert training.capacity == 20


def test_an_admissions_officer_accepts_an_application(client, admissions_officer):
    application = ApplicationFactory(name="Ana Ruiz", status=Application.Status.UNDER_REVIEW)

    page = client.get(reverse("admin:applicants_application_change", args=[application.pk]))
    assert "Ana Ruiz" in page.text
    response = client.post(
        reverse("admin:applicants_application_changelist"),
        {"action": "accept", ACTION_CHECKBOX_NAME: [application.pk]},
        follow=True,
    )

    assert "1 application accepted." in response.text
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED


def test_an_admissions_officer_does_not_read_contact_messages(client, admissions_officer):
    message = ContactMessageFactory(name="Private Sender")

    response = client.get(reverse("admin:faq_contactmessage_change", args=[message.pk]))

    assert response.status_code == 403
    assert "Private Sender" not in response.text


def test_an_editor_lists_the_documents_a_track_asks_for(client, editor):
    track = TrackFactory(slug="clinical")
    url = reverse("admin:trainings_track_change", args=[track.pk])

    response = client.post(
        url,
        change_form_data(
            client.get(url),
            **{
                "document_requirements-TOTAL_FORMS": "1",
                "document_requirements-0-name_en": "CV",
                "document_requirements-0-is_required": "on",
                "document_requirements-0-position": "1",
            },
        ),
    )

    assert response.status_code == 302, response.context["errors"]
    assert [document.name for document in track.document_requirements.all()] == ["CV"]


def test_an_admissions_officer_reads_the_documents_a_track_asks_for(client, admissions_officer):
    track = TrackFactory(slug="clinical")
    DocumentRequirement.objects.create(track=track, name="Copy of your degree")

    page = client.get(reverse("admin:trainings_track_change", args=[track.pk]))

    assert "Copy of your degree" in page.text
    assert 'name="document_requirements-0-name_en"' not in page.text


def applicants_cv():
    application = ApplicationFactory(name="Ana Ruiz")
    cv = stored_document(application, DocumentRequirementFactory(name="CV"), "ana-cv.pdf")
    return reverse("admin:applicants_application_document", args=[application.pk, cv.pk])


def test_an_admissions_officer_opens_an_applicants_document(client, admissions_officer):
    address = applicants_cv()
    application = Application.objects.get(name="Ana Ruiz")

    page = client.get(reverse("admin:applicants_application_change", args=[application.pk]))
    response = client.get(address)

    assert f'<a href="{address}">ana-cv.pdf</a>' in page.text

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Disposition"] == 'attachment; filename="ana-cv.pdf"'


def test_an_editor_cannot_open_an_applicants_document(client, editor):
    address = applicants_cv()

    response = client.get(address)

    assert response.status_code == 403
    assert pdf_bytes() not in response.content


def test_accounts_import_statements_and_see_invoices_but_change_no_application(client, accountant):
    application = ApplicationFactory(name="Ana Ruiz")

    index = client.get(reverse("admin:index"))
    assert reverse("admin:applicants_invoice_changelist") in index.text
    assert client.get(reverse("admin:applicants_bankstatement_import")).status_code == 200
    assert client.get(reverse("admin:applicants_invoice_export")).status_code == 200
    change = client.post(
        reverse("admin:applicants_application_change", args=[application.pk]),
        change_form_data(
            client.get(reverse("admin:applicants_application_change", args=[application.pk])),
            internal_notes="Not for accounts",
        ),
    )
    assert change.status_code == 403
    application.refresh_from_db()
    assert application.internal_notes == ""


def test_an_editor_sets_a_trainings_payment_plan_and_refund_rules(client, editor):
    training = TrainingFactory(fee=2400)
    url = reverse("admin:trainings_training_change", args=[training.pk])

    response = client.post(
        url,
        change_form_data(
            client.get(url),
            deposit="400",
            **{
                "instalments-TOTAL_FORMS": "1",
                "instalments-0-due_on": training.balance_due_date.isoformat(),
                "instalments-0-amount": "1000",
                "refund_rules-TOTAL_FORMS": "1",
                "refund_rules-0-until": training.applications_close.isoformat(),
                "refund_rules-0-percent": "100",
                "costs-TOTAL_FORMS": "1",
                "costs-0-kind": "supervision",
                "costs-0-description_en": "Group supervision",
                "costs-0-estimate": "900",
                "costs-0-position": "1",
            },
        ),
    )

    assert response.status_code == 302, response.context["errors"]
    assert [i.amount for i in training.instalments.all()] == [1000]
    assert [r.percent for r in training.refund_rules.all()] == [100]
    assert [c.description for c in training.costs.all()] == ["Group supervision"]


def test_an_admissions_officer_reads_a_trainings_payment_plan(client, admissions_officer):
    training = TrainingFactory()
    InstalmentFactory(training=training, amount=1234)

    page = client.get(reverse("admin:trainings_training_change", args=[training.pk]))

    assert "1234" in page.text
    assert 'name="instalments-0-amount"' not in page.text


def test_a_trainer_reads_trainings_and_takes_attendance_but_opens_no_application(
    client, faculty_member
):
    application = ApplicationFactory(name="Ana Ruiz", motivation="Private reasons.")

    change = client.get(reverse("admin:applicants_application_change", args=[application.pk]))
    index = client.get(reverse("admin:index"))

    assert change.status_code == 403
    assert "Private reasons." not in change.text
    assert reverse("admin:applicants_application_changelist") not in index.text
    assert reverse("admin:trainings_training_changelist") in index.text
    assert reverse("applicants:attendance_list") in index.text


def test_admissions_approve_supervision_hours_and_see_the_trainees(client, admissions_officer):
    trainee = ApplicationFactory(name="Ana Ruiz", status="accepted")
    logged = SupervisionSession.objects.create(
        application=trainee, held_on="2026-11-02", hours=2, supervisor="Dr. Weber"
    )

    listing = client.get(reverse("admin:applicants_trainee_changelist"))
    client.post(
        reverse("admin:applicants_supervisionsession_changelist"),
        {"action": "approve", ACTION_CHECKBOX_NAME: [logged.pk]},
    )

    assert "Ana Ruiz" in listing.text
    logged.refresh_from_db()
    assert logged.is_approved
