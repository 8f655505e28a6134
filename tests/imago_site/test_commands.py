import datetime
import re
import shutil

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import resolve
from django.utils import timezone, translation

from applicants import demo as applicants_demo
from applicants.eligibility import check_eligibility
from applicants.models import Application, Attendance, Invoice, Review
from faq import demo as faq_demo
from faq.models import Category, Question, Topic
from trainings import demo as trainings_demo
from trainings.models import (
    CertificationRequirement,
    Cost,
    DocumentRequirement,
    Format,
    Instalment,
    Module,
    RefundRule,
    ReviewCriterion,
    Track,
    Trainer,
    Training,
    payment_schedule,
)
from trainings.models.trainings import Availability

pytestmark = pytest.mark.django_db

# Enough of the world to check that the demo catalogue spans several continents.
CONTINENTS = {
    "AR": "South America",
    "BR": "South America",
    "DE": "Europe",
    "ES": "Europe",
    "NL": "Europe",
    "PT": "Europe",
    "SE": "Europe",
    "KE": "Africa",
    "ZA": "Africa",
    "CA": "North America",
    "MX": "North America",
    "US": "North America",
    "AU": "Oceania",
}


def demo_counts():
    return {
        "tracks": Track.objects.count(),
        "document requirements": DocumentRequirement.objects.count(),
        "trainers": Trainer.objects.count(),
        "trainings": Training.objects.count(),
        "modules": Module.objects.count(),
        "instalments": Instalment.objects.count(),
        "refund rules": RefundRule.objects.count(),
        "costs": Cost.objects.count(),
        "certification requirements": CertificationRequirement.objects.count(),
        "review criteria": ReviewCriterion.objects.count(),
        "applications": Application.objects.count(),
        "invoices": Invoice.objects.count(),
        "reviews": Review.objects.count(),
        "questions": Question.objects.count(),
    }


def always(day):
    """A stand-in for timezone.localdate() that returns ``day``."""
    return lambda *args, **kwargs: day


@pytest.fixture
def demo():
    call_command("load_demo")


def test_load_demo_is_idempotent():
    call_command("load_demo")
    counts = demo_counts()
    call_command("load_demo")

    assert demo_counts() == counts
    assert counts["tracks"] == 3
    assert set(Track.objects.values_list("slug", flat=True)) == {
        "clinical",
        "professional-facilitator",
        "online-first-module",
    }


def test_load_demo_can_run_again_on_a_later_day(monkeypatch):
    """Dates move with today; a later run must not trip over the dates of an earlier one."""
    call_command("load_demo")
    counts = demo_counts()
    today = timezone.localdate()
    # Every day of a week (dates snap to weeks), then runs weeks and months apart.
    for days in [1, 2, 3, 4, 5, 6, 7, 30, 100, 365]:
        monkeypatch.setattr(timezone, "localdate", always(today + datetime.timedelta(days)))
        call_command("load_demo")

    assert demo_counts() == counts


def test_load_demo_runs_again_after_staff_took_attendance_and_keeps_it(monkeypatch):
    call_command("load_demo")
    trainee = Application.objects.filter(status="accepted").select_related("training").first()
    module = trainee.training.modules.get(number=1)
    taken = Attendance.objects.create(application=trainee, module=module, status="present")
    later = timezone.localdate() + datetime.timedelta(days=30)
    monkeypatch.setattr(timezone, "localdate", always(later))

    call_command("load_demo")

    taken.refresh_from_db()
    assert taken.module.training == trainee.training
    assert module.contact_hours > 0


def test_demo_tracks_are_complete(demo):
    for track in Track.objects.all():
        assert track.summary and track.audience and track.prerequisites
        assert track.structure and track.pathway
    online = Track.objects.get(slug="online-first-module")
    assert online.opens == Track.objects.get(slug="clinical")


def test_demo_tracks_carry_the_institutes_requirements(demo):
    clinical = Track.objects.get(slug="clinical")
    facilitator = Track.objects.get(slug="professional-facilitator")
    online = Track.objects.get(slug="online-first-module")

    assert clinical.minimum_degree == "master"
    assert set(clinical.degree_fields) == {"psychology", "social_work", "practical_theology"}
    assert clinical.licence_qualifies
    assert facilitator.requirements.is_open_to_everyone
    assert not facilitator.licence_qualifies
    assert online.requirements == clinical.requirements
    # Who does not qualify for the Clinical Track, on its own or through the online module, is
    # offered the Facilitator Training; the Facilitator Training offers nothing else.
    assert clinical.offered_instead == facilitator
    assert online.offered_instead == facilitator
    assert facilitator.offered_instead is None


def test_demo_tracks_ask_for_the_institutes_documents(demo):
    def asked(slug):
        track = Track.objects.select_related("opens").get(slug=slug)
        return [(d.name_en, d.name_de, d.is_required) for d in track.documents_asked()]

    degree = (
        "Copy of your degree or licence",
        "Kopie Ihres Abschlusses oder Ihrer Zulassung",
        True,
    )
    assert asked("clinical") == [("CV", "Lebenslauf", True), degree]
    assert asked("professional-facilitator") == [("CV", "Lebenslauf", False)]
    # The online module opens the Clinical Track and asks for its documents, listing none.
    assert asked("online-first-module") == asked("clinical")
    assert not DocumentRequirement.objects.filter(track__slug="online-first-module").exists()
    assert all(d.explanation_es and d.explanation_de for d in DocumentRequirement.objects.all())


def test_demo_applications_are_complete_and_judged_by_the_rule(demo):
    applications = Application.objects.select_related("training__track__opens")

    for application in applications:
        assert application.country and application.city and application.profession
        assert application.motivation
        assert application.policy_text == application.training.refund_policy
        assert application.privacy_consent_at and application.policy_consent_at
        verdict = check_eligibility(
            application.training.track.requirements,
            application.degree_level,
            application.degree_field,
            application.has_licence,
        )
        assert application.is_eligible == verdict.is_eligible, application
        assert application.eligibility_reasons == list(verdict.reasons)
        assert (application.waitlisted_at is not None) == (
            application.status == Application.Status.WAITLISTED
        )
    # Staff see both kinds: most applicants qualify, one asked to be reviewed anyway.
    assert applications.filter(is_eligible=True).exists()
    assert applications.filter(is_eligible=False).exists()


def test_demo_waiting_list_keeps_the_order_of_the_demo_content(demo):
    waitlisted = Application.objects.filter(training__slug="clinical-lisbon").waitlisted()

    assert [a.name for a in waitlisted] == ["Filipa Rebelo", "Duarte Mendonça"]
    assert [a.waitlist_position for a in waitlisted] == [1, 2]


def test_a_second_run_keeps_the_consents_given_first(monkeypatch):
    call_command("load_demo")
    first = dict(Application.objects.values_list("email", "privacy_consent_at"))
    later = timezone.now() + datetime.timedelta(days=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("load_demo")

    assert dict(Application.objects.values_list("email", "privacy_consent_at")) == first


def test_demo_objects_pass_model_validation(demo):
    """The loader writes straight to the database; the admin's checks must hold too."""
    for model in (Track, Trainer, Training, Module, Application, Category, Question):
        for instance in model.objects.all():
            instance.full_clean()


def test_demo_faq_answers_what_people_ask_in_several_categories(demo):
    questions = Question.objects.published()

    assert questions.count() >= 12
    assert 3 <= Category.objects.filter(questions__in=questions).distinct().count() <= 4
    assert set(questions.values_list("topic", flat=True)) >= {
        Topic.FEES,
        Topic.LOCATIONS,
        Topic.DURATION,
        Topic.ONLINE,
        Topic.NO_MASTERS,
        Topic.FINANCES,
        Topic.RELATIONSHIP,
        Topic.QUALIFICATION,
        Topic.IMAGO,
    }
    assert "/tracks/professional-facilitator/" in questions.get(topic=Topic.NO_MASTERS).answer
    assert questions.exclude(video_url="").exists()


def test_demo_faq_links_lead_to_pages_of_the_portal_in_the_answers_language(demo):
    links = []
    for code, _name in settings.LANGUAGES:
        for answer in Question.objects.values_list(f"answer_{code}", flat=True):
            links += [(code, link) for link in re.findall(r"\]\((/[^)]*)\)", answer)]

    assert {code for code, _link in links} == {"en", "es", "de"}
    for code, link in links:
        with translation.override(code):
            resolve(link)


def test_demo_catalogue_spans_the_world(demo):
    trainings = Training.objects.all()
    countries = {str(code) for code in trainings.values_list("country", flat=True) if code}

    assert trainings.count() >= 20
    assert len(countries) >= 10
    assert len({CONTINENTS[code] for code in countries}) >= 4
    assert Trainer.objects.count() >= 8
    assert len({str(code) for code in Trainer.objects.values_list("country", flat=True)}) >= 5
    assert len(set(trainings.values_list("language", flat=True))) >= 5
    assert Trainer.objects.filter(is_contact_public=True).exists()
    assert Trainer.objects.filter(is_contact_public=False).exists()


def test_demo_has_online_and_hybrid_trainings(demo):
    online = Training.objects.filter(format=Format.ONLINE, track__slug="online-first-module")
    assert online.published().count() >= 2
    for training in online:
        assert not (training.city or training.country or training.latitude)

    hybrid = Training.objects.filter(format=Format.HYBRID)
    assert hybrid.exists()
    for training in hybrid:
        formats = [module.format for module in training.modules.all()]
        assert formats[0] == Format.ONLINE and Format.IN_PERSON in formats[1:]


def test_demo_trainers_teach_their_trainings(demo):
    for training in Training.objects.prefetch_related("trainers__tracks"):
        assert training.trainers.exists(), training
        for trainer in training.trainers.all():
            assert training.track in trainer.tracks.all(), (training, trainer)
            assert training.language in trainer.languages, (training, trainer)


def test_demo_trainings_show_a_price_structure_that_adds_up(demo, client):
    """Every published training still to come has a plan whose payments add up to each of its
    prices, due in order; rules that give back less the later one withdraws, ending before the
    start; and what the fee includes and leaves on top."""
    current = (
        Training.objects.published()
        .not_ended()
        .prefetch_related("instalments", "refund_rules", "costs")
    )
    assert current.count() >= 15
    for training in current:
        instalments = list(training.instalments.all())
        assert training.deposit + sum(i.amount for i in instalments) <= training.lowest_price
        assert all(i.due_on <= training.balance_due_date for i in instalments), training
        for price in {training.fee, training.lowest_price}:
            schedule = payment_schedule(training, price, training.applications_close)
            assert sum(due.amount for due in schedule) == price, training
        percents = [rule.percent for rule in training.refund_rules.all()]
        assert percents and percents == sorted(percents, reverse=True), training
        assert training.refund_rules.last().until < training.starts_on
        assert training.costs.all(), training

    berlin = client.get("/trainings/clinical-berlin/").content.decode()
    assert "Instalment 3" in berlin
    assert "<strong>Supervision:</strong> <span>20 hours of supervision in small groups" in berlin
    assert "Until " in berlin
    pathway = client.get("/tracks/online-first-module/").content.decode()
    assert "Paid in EUR" in pathway and "Paid in USD" in pathway


def test_demo_dates_lie_around_today(demo):
    today = timezone.localdate()
    trainings = Training.objects.all()

    assert trainings.filter(ends_on__lt=today).count() >= 3
    assert trainings.filter(starts_on__gt=today).count() >= 15
    assert trainings.open_for_applications().count() >= 10
    assert trainings.published().filter(applications_open__gt=today).exists()
    assert trainings.filter(status=Training.Status.DRAFT).exists()
    assert trainings.filter(status=Training.Status.CANCELLED).exists()
    assert trainings.filter(early_bird_fee__isnull=False).exists()
    assert not trainings.filter(starts_on__isnull=True).exists()


def test_demo_has_a_full_training_and_one_with_few_seats_left(demo):
    availabilities = [
        training.availability for training in Training.objects.published().with_seats_taken()
    ]

    assert Availability.WAITING_LIST in availabilities
    assert Availability.FEW_SEATS in availabilities
    assert Application.objects.filter(status=Application.Status.WAITLISTED).exists()


def test_each_apps_demo_loader_reports_what_it_stored():
    """Every data file parses and every name in it resolves, or its app's load() raises."""
    today = timezone.localdate()
    reported = {}
    for demo_data in (trainings_demo, applicants_demo, faq_demo):
        reported |= demo_data.load(today)

    assert reported == {**demo_counts(), "categories": Category.objects.count()}


def copy_with_entry(demo_data, folder, file_name, entry):
    """A copy of an app's demo files in ``folder``, with ``entry`` added to ``file_name``."""
    for path in demo_data.FOLDER.glob("*.toml"):
        shutil.copy(path, folder)
    with (folder / file_name).open("a", encoding="utf-8") as file:
        file.write(entry)
    return folder


TRAINING_ENTRY = """
[[trainings]]
slug = "clinical-atlantis"
title = "Clinical Track in Atlantis"
track = "{track}"
trainers = ["{trainer}"]
refund_policy = "{refund_policy}"
modules = []
"""


@pytest.mark.parametrize(
    ("names", "error"),
    [
        ({"track": "underwater"}, "there is no track 'underwater'"),
        ({"trainer": "nemo"}, "there is no trainer 'nemo'"),
        ({"refund_policy": "generous"}, "there is no [presets.refund_policy] entry 'generous'"),
    ],
)
def test_demo_training_naming_something_unknown_is_refused_with_file_and_entry(
    tmp_path, names, error
):
    entry = TRAINING_ENTRY.format(
        **{"track": "clinical", "trainer": "lucia-ferreyra", "refund_policy": "clinical", **names}
    )
    folder = copy_with_entry(trainings_demo, tmp_path, "trainings.toml", entry)

    with pytest.raises(CommandError) as refused:
        trainings_demo.load(timezone.localdate(), folder=folder)

    where = f"{folder / 'trainings.toml'}, training 'clinical-atlantis'"
    assert str(refused.value) == f"{where}: {error}"
    assert not Training.objects.exists()


@pytest.mark.parametrize(
    ("training", "background", "error"),
    [
        ("atlantis", "psychologist", "atlantis: there is no training 'atlantis'"),
        (
            "pft-porto",
            "astronaut",
            "pft-porto, ana@mail.example: there is no background 'astronaut'",
        ),
    ],
)
def test_demo_application_naming_something_unknown_is_refused_with_file_and_entry(
    demo, tmp_path, training, background, error
):
    entry = (
        f'{training} = [{{ name = "Ana", email = "ana@mail.example", status = "submitted", '
        f'background = "{background}" }}]\n'
    )
    folder = copy_with_entry(applicants_demo, tmp_path, "applications.toml", entry)

    with pytest.raises(CommandError) as refused:
        applicants_demo.load(timezone.localdate(), folder=folder)

    assert str(refused.value) == f"{folder / 'applications.toml'}, {error}"
    assert not Application.objects.filter(email="ana@mail.example").exists()


def test_demo_question_in_an_unknown_category_is_refused_with_file_and_entry(tmp_path):
    entry = '\n[[questions]]\nslug = "tides"\ncategory = "sea-life"\nquestion = "When?"\n'
    folder = copy_with_entry(faq_demo, tmp_path, "questions.toml", entry)

    with pytest.raises(CommandError) as refused:
        faq_demo.load(timezone.localdate(), folder=folder)

    assert str(refused.value) == (
        f"{folder / 'questions.toml'}, question 'tides': "
        "there is no category 'sea-life' in categories.toml"
    )
    assert not Question.objects.exists()


def test_demo_file_that_is_not_toml_is_refused_with_its_name(tmp_path):
    folder = copy_with_entry(faq_demo, tmp_path, "categories.toml", "\nslug = no quotes\n")

    with pytest.raises(CommandError, match=r"/categories\.toml: Invalid value \(at line \d+"):
        faq_demo.load(timezone.localdate(), folder=folder)


def test_local_staff_account_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG is off"):
        call_command("create_local_staff")

    assert not get_user_model().objects.exists()


def test_local_staff_account_gets_a_fresh_password_each_time(settings, capsys):
    settings.DEBUG = True

    call_command("create_local_staff")
    first = capsys.readouterr().out
    call_command("create_local_staff")
    second = capsys.readouterr().out

    user = get_user_model().objects.get()
    password = second.rsplit("password '", 1)[1].split("'")[0]
    assert user.is_staff and user.check_password(password)
    assert first != second
