"""The training filter of the application and trainee lists offers the trainings staff work
on: those to come, under way, or ended lately, by start date and with their dates; not the
years of trainings before them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ApplicationFactory, TrainingFactory, days_from_today
from tests.imago_site.test_admin_filters import filter_options
from trainings.templatetags.trainings_tags import date_range


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changelist",
    ["admin:applicants_application_changelist", "admin:applicants_trainee_changelist"],
)
def test_the_training_filter_offers_upcoming_and_recent_trainings_by_start(
    staff_client, changelist
):
    later = TrainingFactory(title="Lisbon cohort", starts_in=120)
    sooner = TrainingFactory(title="Berlin cohort", starts_in=30)
    recent = TrainingFactory(
        title="Nairobi cohort", starts_in=-40, applications_open=days_from_today(-100)
    )
    TrainingFactory(
        title="Old Vienna cohort", starts_in=-400, applications_open=days_from_today(-500)
    )
    for training in (later, sooner, recent):
        ApplicationFactory(training=training)

    html = staff_client.get(reverse(changelist)).content.decode()

    options = filter_options(html, "training")
    assert [option.split(" (")[0] for option in options] == [
        "All",
        "Nairobi cohort",
        "Berlin cohort",
        "Lisbon cohort",
    ]
    assert recent.ends_on < timezone.localdate()
    assert options[2] == f"Berlin cohort ({date_range(sooner.starts_on, sooner.ends_on)})"


@pytest.mark.django_db
def test_a_training_older_than_the_filter_is_still_found_by_its_link(staff_client):
    old = TrainingFactory(
        title="Old Vienna cohort", starts_in=-400, applications_open=days_from_today(-500)
    )
    ApplicationFactory(training=old, name="Anna Wien")
    ApplicationFactory(name="Somebody Else")
    assert old.ends_on < timezone.localdate() - datetime.timedelta(days=90)

    html = staff_client.get(
        reverse("admin:applicants_application_changelist"), {"training__id__exact": old.pk}
    ).content.decode()

    assert "Anna Wien" in html
    assert "Somebody Else" not in html
