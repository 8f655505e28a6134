import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from applicants import workflow
from applicants.models import Application, Assignment, Event, Review
from applicants.retention import erase_application
from applicants.reviews import reviewing
from tests.factories import (
    ApplicationFactory,
    DocumentRequirementFactory,
    TrainerFactory,
    TrainingFactory,
    stored_document,
)
from tests.imago_site.conftest import member_of
from trainings.models import ReviewCriterion

pytestmark = pytest.mark.django_db
LIST = reverse("admin:applicants_application_changelist")


def reviewer(groups, name):
    user = get_user_model().objects.create_user(
        name, password="pw", is_staff=True, first_name=name.title()
    )
    user.groups.add(groups["Reviewers"])
    return user


@pytest.fixture
def criteria(db):
    training = TrainingFactory(title="Clinical Berlin")
    return [
        ReviewCriterion.objects.create(track=training.track, name_en=name, position=n)
        for n, name in enumerate(["Clinical experience", "Motivation"], start=1)
    ]


@pytest.fixture
def application(criteria):
    training = criteria[0].track.trainings.get()
    return ApplicationFactory(training=training, name="Ana Ruiz", motivation="Couples, always.")


def page(assignment):
    return reverse("applicants:review", args=[assignment.pk])


def answers(criteria, *values, recommendation="accept", comment=""):
    data = {f"criterion_{c.pk}": v for c, v in zip(criteria, values, strict=False)}
    return {**data, "recommendation": recommendation, "comment": comment}


def test_a_reviewer_scores_an_application_assigned_to_them(
    client,
    groups,
    criteria,
    application,
):
    maria = reviewer(groups, "maria")
    [assignment] = reviewing.assign(application, [maria])
    client.force_login(maria)

    listed = client.get(reverse("applicants:reviews"))
    shown = client.get(page(assignment))
    response = client.post(page(assignment), answers(criteria, "4", "5", comment="Strong."))

    assert "Ana Ruiz" in listed.text
    assert "Couples, always." in shown.text
    assert "Clinical experience" in shown.text
    assert application.email not in shown.text
    assert response.status_code == 302
    review = Review.objects.get(assignment=assignment)
    assert review.recommendation == "accept"
    assert str(review.mean_score) == "4.50"
    assert sorted(s.score for s in review.scores.all()) == [4, 5]
    assert list(application.events.filter(is_public=False).values_list("code", flat=True)) == [
        Event.Code.REVIEW_ASSIGNED,
        Event.Code.REVIEWED,
    ]
    assert not application.events.filter(is_public=True, code=Event.Code.REVIEWED).exists()
    after = client.get(page(assignment))
    assert "Send the review" not in after.text
    assert "Strong." in after.text


def test_a_review_missing_a_score_is_refused_beside_it_keeping_what_was_typed(
    client,
    groups,
    criteria,
    application,
):
    maria = reviewer(groups, "maria")
    [assignment] = reviewing.assign(application, [maria])
    client.force_login(maria)

    response = client.post(
        page(assignment), answers(criteria, "4", "", comment="Talk about the licence.")
    )

    assert response.status_code == 200
    assert "Give a score from 1 to 5." in response.text
    assert "Talk about the licence." in response.text
    kept = re.search(
        rf'<input[^>]*name="criterion_{criteria[0].pk}"[^>]*value="4"[^>]*>', response.text
    )
    assert kept and "checked" in kept.group(0)
    assert not Review.objects.exists()
    bad = client.post(page(assignment), answers(criteria, "4", "9"))
    assert bad.status_code == 200
    assert not Review.objects.exists()


def test_a_review_is_sent_once(client, groups, criteria, application):
    maria = reviewer(groups, "maria")
    [assignment] = reviewing.assign(application, [maria])
    reviewing.submit_review(assignment, scores=dict.fromkeys(criteria, 3), recommendation="decline")

    with pytest.raises(reviewing.AlreadyReviewed):
        reviewing.submit_review(
            assignment, scores=dict.fromkeys(criteria, 5), recommendation="accept"
        )
    client.force_login(maria)
    client.post(page(assignment), answers(criteria, "5", "5"))

    assert Review.objects.get().recommendation == "decline"


def test_others_scores_stay_hidden_until_the_reviewer_sent_theirs(
    client,
    groups,
    criteria,
    application,
):
    maria, jo = reviewer(groups, "maria"), reviewer(groups, "joanna")
    mine, theirs = reviewing.assign(application, [maria, jo])
    reviewing.submit_review(
        theirs,
        scores=dict.fromkeys(criteria, 2),
        recommendation="decline",
        comment="Not ready for couples work.",
    )
    client.force_login(maria)

    before = client.get(page(mine))
    client.post(page(mine), answers(criteria, "5", "4"))
    after = client.get(page(mine))

    assert "Not ready for couples work." not in before.text
    assert "Joanna" not in before.text
    assert "Not ready for couples work." in after.text
    assert "Joanna" in after.text


def test_a_reviewer_reaches_nothing_not_assigned_to_them(
    client,
    groups,
    criteria,
    application,
    documents_folder,
):
    maria, jo = reviewer(groups, "maria"), reviewer(groups, "joanna")
    [theirs] = reviewing.assign(application, [jo])
    requirement = DocumentRequirementFactory(track=application.training.track)
    document = stored_document(application, requirement)
    other = ApplicationFactory(training=application.training)
    [mine] = reviewing.assign(other, [maria])
    client.force_login(maria)

    assert client.get(page(theirs)).status_code == 404
    assert client.post(page(theirs), answers(criteria, "1", "1")).status_code == 404
    foreign = reverse("applicants:review_document", args=[theirs.pk, document.pk])
    assert client.get(foreign).status_code == 404
    # Their own assignment does not open another application's document either.
    sideways = reverse("applicants:review_document", args=[mine.pk, document.pk])
    assert client.get(sideways).status_code == 404
    assert client.get(LIST).status_code == 403
    change = reverse("admin:applicants_application_change", args=[application.pk])
    assert client.get(change).status_code == 403
    assert "Ana Ruiz" not in client.get(reverse("applicants:reviews")).text
    assert not Review.objects.exists()


def test_a_reviewer_downloads_the_documents_of_an_assigned_application(
    client,
    groups,
    criteria,
    application,
    documents_folder,
):
    maria = reviewer(groups, "maria")
    [assignment] = reviewing.assign(application, [maria])
    document = stored_document(
        application, DocumentRequirementFactory(track=application.training.track)
    )
    client.force_login(maria)

    shown = client.get(page(assignment))
    response = client.get(reverse("applicants:review_document", args=[assignment.pk, document.pk]))

    assert reverse("applicants:review_document", args=[assignment.pk, document.pk]) in shown.text
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_staff_outside_the_reviewers_group_get_no_review_pages(client, groups):
    member_of(groups, "Content editors", client)

    assert client.get(reverse("applicants:reviews")).status_code == 403


def test_the_decision_maker_sees_every_review_on_the_application(
    client,
    groups,
    criteria,
    application,
):
    maria, jo = reviewer(groups, "maria"), reviewer(groups, "joanna")
    first, second = reviewing.assign(application, [maria, jo])
    reviewing.submit_review(
        first, scores=dict.fromkeys(criteria, 4), recommendation="accept", comment="Warm, clear."
    )
    reviewing.submit_review(
        second, scores=dict.fromkeys(criteria, 2), recommendation="talk_first", comment="Ask why."
    )
    member_of(groups, "Admissions", client)

    response = client.get(reverse("admin:applicants_application_change", args=[application.pk]))

    assert response.status_code == 200
    for text in ("Warm, clear.", "Ask why.", "Talk with the applicant first", "Motivation: 2"):
        assert text in response.text


def test_the_list_shows_progress_and_mean_sorted_and_filtered(
    client,
    groups,
    criteria,
    application,
):
    maria, jo, lu = (reviewer(groups, n) for n in ("maria", "jo", "lu"))
    done = ApplicationFactory(training=application.training, name="Ben Done")
    none = ApplicationFactory(training=application.training, name="Cy Nobody")
    half = reviewing.assign(application, [maria, jo, lu])
    reviewing.submit_review(half[0], scores=dict.fromkeys(criteria, 4), recommendation="accept")
    reviewing.submit_review(half[1], scores=dict.fromkeys(criteria, 5), recommendation="accept")
    [only] = reviewing.assign(done, [maria])
    reviewing.submit_review(only, scores={criteria[0]: 1, criteria[1]: 2}, recommendation="decline")
    member_of(groups, "Admissions", client)

    listed = client.get(LIST)
    waiting = client.get(LIST, {"reviews": "waiting"})
    all_in = client.get(LIST, {"reviews": "in"})
    unassigned = client.get(LIST, {"reviews": "none"})
    high = client.get(LIST, {"mean_score": "high"})
    low = client.get(LIST, {"mean_score": "low"})
    ordered = client.get(LIST, {"o": "-11"})  # the mean score column, highest first

    assert "2 of 3" in listed.text
    assert "4.5" in listed.text
    assert "1 of 1" in listed.text
    assert "Ana Ruiz" in waiting.text and "Ben Done" not in waiting.text
    assert "Ben Done" in all_in.text and "Ana Ruiz" not in all_in.text
    assert "Cy Nobody" in unassigned.text and "Ana Ruiz" not in unassigned.text
    assert "Ana Ruiz" in high.text and "Ben Done" not in high.text
    assert "Ben Done" in low.text and "Cy Nobody" not in low.text
    assert ordered.text.index("Ana Ruiz") < ordered.text.index("Ben Done")
    assert none.pk


def test_the_list_costs_the_same_queries_for_one_application_and_many(
    client,
    groups,
    criteria,
    application,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    maria = reviewer(groups, "maria")
    member_of(groups, "Admissions", client)
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _n in range(12):
        extra = ApplicationFactory(training=application.training)
        [a] = reviewing.assign(extra, [maria])
        reviewing.submit_review(a, scores=dict.fromkeys(criteria, 3), recommendation="accept")
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    client.force_login(maria)
    with CaptureQueriesContext(connection) as mine_many:
        client.get(reverse("applicants:reviews"))
    Assignment.objects.exclude(pk=Assignment.objects.first().pk).delete()
    with CaptureQueriesContext(connection) as mine_one:
        client.get(reverse("applicants:reviews"))

    assert len(many) == len(one)
    assert len(mine_many) == len(mine_one)


def test_assign_reviewers_from_the_list(client, groups, criteria, application):
    maria, jo = reviewer(groups, "maria"), reviewer(groups, "joanna")
    member_of(groups, "Admissions", client)
    other = ApplicationFactory(training=application.training)
    selected = {"_selected_action": [application.pk, other.pk], "action": "assign_reviewers"}

    form = client.post(LIST, selected)
    client.post(LIST, {**selected, "confirm": "1", "reviewers": [maria.pk, jo.pk]})
    client.post(LIST, {**selected, "confirm": "1", "reviewers": [maria.pk]})

    assert "Maria" in form.text and "Joanna" in form.text
    assert Assignment.objects.count() == 4
    assert set(Assignment.objects.values_list("assigned_by__username", flat=True)) == {"admissions"}


def test_the_trainings_trainers_review_by_rule_when_the_address_is_confirmed(
    groups,
    criteria,
):
    training = criteria[0].track.trainings.get()
    training.track.reviews_by_trainers = True
    training.track.save()
    maria = reviewer(groups, "maria")
    no_account = TrainerFactory(name="No Account")
    not_reviewer = get_user_model().objects.create_user("faculty_only", is_staff=True)
    training.trainers.add(
        TrainerFactory(name="Maria", user=maria),
        no_account,
        TrainerFactory(name="Faculty Only", user=not_reviewer),
    )
    application = ApplicationFactory(training=training, unconfirmed=True)

    workflow.confirm_address(application)
    workflow.confirm_address(application)

    assert list(application.assignments.values_list("reviewer", flat=True)) == [maria.pk]


def test_without_the_rule_confirming_assigns_nobody(groups, criteria):
    training = criteria[0].track.trainings.get()
    training.trainers.add(TrainerFactory(user=reviewer(groups, "maria")))
    application = ApplicationFactory(training=training, unconfirmed=True)

    workflow.confirm_address(application)

    assert not application.assignments.exists()


def test_reviews_are_in_the_applicants_data_and_erased_with_it(
    client,
    groups,
    criteria,
    application,
):
    [assignment] = reviewing.assign(application, [reviewer(groups, "maria")])
    reviewing.submit_review(
        assignment, scores=dict.fromkeys(criteria, 4), recommendation="accept", comment="Kind."
    )

    exported = json.loads(
        client.get(reverse("applicants:export", args=[application.token])).content
    )
    erase_application(Application.objects.get(pk=application.pk))

    assert exported["reviews"] == [
        {
            "reviewer": "Maria",
            "sent": exported["reviews"][0]["sent"],
            "recommendation": "Accept",
            "scores": {"Clinical experience": 4, "Motivation": 4},
            "comment": "Kind.",
        }
    ]
    review = Review.objects.get()
    assert review.comment == ""
    assert review.recommendation == "accept"
