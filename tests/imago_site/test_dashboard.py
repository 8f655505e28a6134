"""The admin's front page shows each staff group the panels of its work, and the "Enquiries"
group reads the contact messages and the interest list."""

import pytest
from django.urls import reverse

from faq.contact.models import ContactMessage
from imago_site import dashboard
from tests.admin_forms import change_form_data
from tests.factories import ApplicationFactory, ContactMessageFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db
INDEX = "/admin/"
ADMISSIONS_PANELS = [
    "Applications per week",
    "Seats in the coming trainings",
    "Waiting for a decision",
]
DEMAND_PANEL = "Demand from the interest list"


def panels_on_the_front_page(client):
    response = client.get(INDEX)
    assert response.status_code == 200
    page = response.text
    # The list of models is kept below the panels.
    assert 'id="content-main"' in page
    return {title for title in [*ADMISSIONS_PANELS, DEMAND_PANEL] if f"{title}</h2>" in page}


def with_data():
    ApplicationFactory(name="Seen By Admissions")
    SubscriptionFactory(country="MX")


def test_admissions_see_the_admissions_panels_only(client, admissions_officer):
    with_data()

    assert panels_on_the_front_page(client) == set(ADMISSIONS_PANELS)
    assert "Mexico" not in client.get(INDEX).text


def test_enquiries_see_the_demand_panel_only(client, enquiries_member):
    with_data()

    assert panels_on_the_front_page(client) == {DEMAND_PANEL}
    assert "Mexico" in client.get(INDEX).text


def test_content_editors_see_no_panel(client, editor):
    with_data()

    assert panels_on_the_front_page(client) == set()
    assert "dashboard-panels" not in client.get(INDEX).text


def test_a_superuser_sees_every_panel(client, staff):
    with_data()

    assert panels_on_the_front_page(client) == {*ADMISSIONS_PANELS, DEMAND_PANEL}


def test_the_charts_are_hidden_from_screen_readers_behind_their_tables(client, staff):
    with_data()

    page = client.get(INDEX).text
    panels = page.split('<div class="dashboard-panels">')[1].split('id="content-main"')[0]

    assert panels.count('<svg class="dashboard-chart"') == 4
    assert panels.count("<caption>") == 4
    assert panels.count('<th scope="col">') == 2 + 5 + 2 + 3
    assert page.count('aria-hidden="true" focusable="false"') == 4
    assert " style=" not in page
    assert "<script>" not in page


def test_registering_a_panel_again_replaces_it(rf, admin_user):
    panel = dashboard.PANELS["demand"]
    try:
        dashboard.register(dashboard.Panel("demand", panel.permission, "other.html", dict))
        request = rf.get(INDEX)
        request.user = admin_user
        assert [shown["template"] for shown in dashboard.panels_for(request)].count(
            "other.html"
        ) == 1
        assert panel.template not in [shown["template"] for shown in dashboard.panels_for(request)]
    finally:
        dashboard.register(panel)


def test_the_enquiries_group_has_only_its_permissions(groups):
    assert set(
        groups["Enquiries"].permissions.values_list("content_type__app_label", "codename")
    ) == {
        ("faq", "view_contactmessage"),
        ("faq", "change_contactmessage"),
        ("trainings", "view_interestsubscription"),
        ("admin", "view_logentry"),
    }


def test_enquiries_answer_contact_messages(client, enquiries_member):
    message = ContactMessageFactory(name="Asking Sender")

    listing = client.get(reverse("admin:faq_contactmessage_changelist"))
    assert "Asking Sender" in listing.text
    change = reverse("admin:faq_contactmessage_change", args=[message.pk])
    response = client.post(
        change, change_form_data(client.get(change), status=ContactMessage.Status.CLOSED)
    )

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == ContactMessage.Status.CLOSED


def test_enquiries_read_the_demand_view_and_no_application(client, enquiries_member):
    SubscriptionFactory(country="MX")
    application = ApplicationFactory(name="Private Applicant")

    demand = client.get(reverse("admin:trainings_interestsubscription_demand"))
    assert demand.status_code == 200
    assert "Mexico" in demand.text
    refused = client.get(reverse("admin:applicants_application_change", args=[application.pk]))
    assert refused.status_code == 403
    assert "Private Applicant" not in refused.text
    assert "Private Applicant" not in client.get(INDEX).text


def test_others_still_cannot_open_the_demand_view(client, editor):
    response = client.get(reverse("admin:trainings_interestsubscription_demand"))

    assert response.status_code == 403
