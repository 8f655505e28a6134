"""A seat is held for a confirmed address: the confirmation link (sent only by e-mail), the
expiry at the deadline, the waiting list that passes over those who have not confirmed, and
the same answer to a new address and to one that had already applied."""

import datetime
import re
import uuid
import zoneinfo
from functools import partial

import pytest
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from applicants import tasks, workflow
from applicants.models import Application, Event
from applicants.views.apply import RECEIVED_SALT
from imago_site import retention
from imago_site.tasks import erase_expired_data_daily
from tests.applicants.test_apply import answers
from tests.applicants.test_workflow import new_application, run_at_once
from tests.factories import ApplicationFactory, TrainingFactory
from tests.worker import run_worker

Status = Application.Status
SITE_URL = "https://training.imago.example"


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def overdue(*applications):
    """The window of ``applications`` closes: their deadline moves a minute into the past."""
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        confirm_by=ago(minutes=1)
    )


def berlin_time(moment):
    """A moment as the pages and e-mails show it for a training in Berlin."""
    local = moment.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    hours = int(local.utcoffset().total_seconds() // 3600)
    return f"{local:%-d %B %Y, %H:%M} (Europe/Berlin, UTC+{hours})"


def body_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


# The confirmation page


@pytest.mark.django_db
def test_opening_the_link_shows_a_button_and_confirms_nothing(client):
    application = ApplicationFactory(unconfirmed=True, training__time_zone="Europe/Berlin")

    response = client.get(application.get_confirm_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Confirm your e-mail address</h1>" in html
    assert 'method="post"' in html and "Yes, this is my address" in html
    assert f"Confirm by {berlin_time(application.confirm_by)}." in html
    assert '<meta name="robots" content="noindex">' in html
    application.refresh_from_db()
    assert application.confirmed_at is None
    assert not application.events.exists()


@pytest.mark.django_db
def test_pressing_the_button_confirms_and_leads_to_the_status_page(client):
    application = ApplicationFactory(unconfirmed=True)
    status_page = client.get(application.get_absolute_url()).content.decode()
    assert "Confirm your e-mail address by" in status_page

    response = client.post(application.get_confirm_url(), follow=True)

    application.refresh_from_db()
    assert response.redirect_chain == [(application.get_absolute_url(), 302)]
    html = response.content.decode()
    assert "Thank you: your e-mail address is confirmed." in html
    assert "Status: Submitted" in html
    assert "Confirm your e-mail address by" not in html
    assert "The e-mail address was confirmed." in html  # the timeline
    assert application.confirmed_at is not None
    assert application.status == Status.SUBMITTED
    [event] = application.events.all()
    assert (event.code, event.actor) == (Event.Code.CONFIRMED, None)


@pytest.mark.django_db
def test_the_status_link_is_not_a_confirmation_link(client):
    application = ApplicationFactory(unconfirmed=True)
    page = client.get(application.get_absolute_url()).content.decode()

    wrong = [
        "nope",
        application.confirmation_token[:-1],
        application.confirmation_token + "x",
        application.token,  # whoever sent the form may not own the address
    ]
    for token in wrong:
        assert client.get(f"/applications/confirm/{token}/").status_code == 404
        assert client.post(f"/applications/confirm/{token}/").status_code == 404

    application.refresh_from_db()
    assert application.confirmed_at is None
    # The confirmation token appears on no page: only the e-mail to the address carries it.
    assert application.confirmation_token not in page


@pytest.mark.django_db
def test_confirming_twice_is_harmless(client):
    application = ApplicationFactory(unconfirmed=True)

    client.post(application.get_confirm_url())
    application.refresh_from_db()
    first = application.confirmed_at
    again = client.post(application.get_confirm_url(), follow=True)

    application.refresh_from_db()
    assert application.confirmed_at == first
    assert application.events.filter(code=Event.Code.CONFIRMED).count() == 1
    assert "Status: Submitted" in again.content.decode()
    page = client.get(application.get_confirm_url()).content.decode()
    assert "Your e-mail address is confirmed" in page
    assert 'method="post"' not in page


@pytest.mark.django_db
def test_confirming_after_the_deadline_says_the_application_expired(client):
    training = TrainingFactory(capacity=1)
    late = ApplicationFactory(training=training, unconfirmed=True)
    waiting = ApplicationFactory(training=training, status=Status.WAITLISTED)
    overdue(late)

    # Its task has not run yet: the button finds the time over, and the application expires.
    response = client.post(late.get_confirm_url(), follow=True)

    late.refresh_from_db()
    waiting.refresh_from_db()
    html = response.content.decode()
    assert "<h1>This application has expired</h1>" in html
    assert "The e-mail address was not confirmed by" in html
    assert "Apply again" in html
    assert (late.status, late.confirmed_at) == (Status.EXPIRED, None)
    assert waiting.status == Status.SUBMITTED

    # Expired already: the button changes nothing, and says so.
    again = client.post(late.get_confirm_url(), follow=True)

    late.refresh_from_db()
    assert "This application has expired" in again.content.decode()
    assert late.confirmed_at is None
    assert late.events.filter(code=Event.Code.EXPIRED).count() == 1
    status_page = client.get(late.get_absolute_url()).content.decode()
    assert "Status: Expired" in status_page
    assert "The e-mail address was not confirmed by" in status_page


@pytest.mark.django_db
def test_a_withdrawn_application_has_nothing_left_to_confirm(client):
    application = ApplicationFactory(status=Status.WITHDRAWN, unconfirmed=True)

    client.post(application.get_confirm_url())

    application.refresh_from_db()
    assert application.confirmed_at is None
    assert "Nothing to confirm" in client.get(application.get_confirm_url()).content.decode()


@pytest.mark.django_db
def test_the_status_page_says_what_to_do_and_by_when(client):
    training = TrainingFactory(capacity=1, time_zone="Europe/Berlin")
    ApplicationFactory(training=training)
    holding = ApplicationFactory(
        training=TrainingFactory(time_zone="Europe/Berlin"), unconfirmed=True
    )
    waiting = ApplicationFactory(training=training, status=Status.WAITLISTED, unconfirmed=True)

    seat = client.get(holding.get_absolute_url()).content.decode()
    line = client.get(waiting.get_absolute_url()).content.decode()

    assert f"Confirm your e-mail address by {berlin_time(holding.confirm_by)}" in seat
    assert "your seat is held only provisionally" in seat
    assert "a seat that frees goes to the next person who has confirmed" in line
    assert 'href="/applications/lost-link/"' in seat
    # The notice comes before the timeline.
    assert seat.index("Confirm your e-mail address by") < seat.index("What has happened")


# The same answer for a new address and for one that had already applied


def check_your_inbox(client, training, email):
    """Send the form for ``email``; the answer and the page it leads to."""
    response = client.post(f"/trainings/{training.slug}/apply/", answers(email=email))
    return response, client.get(response["Location"])


def comparable(page):
    """A page's HTML without what changes from one request to the next: the CSRF token, the
    deadline's minute, and the page's own signed address (its links to itself), which holds
    the deadline to the second (the test compares the signed values themselves)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.content.decode())
    html = re.sub(r"/applications/received/[\w:-]+/", "/applications/received/…/", html)
    return re.sub(r"Confirm by [^<]+\.", "Confirm by …", html)


@pytest.mark.django_db(transaction=True)
def test_a_stranger_learns_nothing_from_applying_with_an_address_that_applied(
    client, smtp_server, settings
):
    settings.SITE_URL = SITE_URL
    training = TrainingFactory(title="Clinical Berlin", slug="clinical-berlin")
    owner = ApplicationFactory(training=training, email="owner@example.org", unconfirmed=True)

    new, new_page = check_your_inbox(client, training, "newcomer@example.org")
    again, again_page = check_your_inbox(client, training, "Owner@Example.org")

    assert new.status_code == again.status_code == 302
    shape = r"/applications/received/[\w:-]+/"
    assert re.fullmatch(shape, new["Location"]) and re.fullmatch(shape, again["Location"])
    new_training, new_deadline = signing.loads(new["Location"].split("/")[3], salt=RECEIVED_SALT)
    again_training, again_deadline = signing.loads(
        again["Location"].split("/")[3], salt=RECEIVED_SALT
    )
    assert new_training == again_training == training.pk
    assert abs(new_deadline - again_deadline) < 60
    assert new_page.status_code == again_page.status_code == 200
    assert comparable(new_page) == comparable(again_page)
    assert "Check your inbox" in new_page.content.decode()
    assert Application.objects.filter(email__iexact="owner@example.org").count() == 1

    run_worker()

    # The owner of the address is sent their links, with the confirmation link still needed.
    [links] = smtp_server.messages_to("owner@example.org")
    body = body_of(links)
    assert f"{SITE_URL}{owner.get_absolute_url()}" in body
    assert f"{SITE_URL}{owner.get_confirm_url()}" in body
    newcomer = Application.objects.get(email="newcomer@example.org")
    [confirmation] = smtp_server.messages_to("newcomer@example.org")
    assert f"{SITE_URL}{newcomer.get_confirm_url()}" in body_of(confirmation)


# E-mails, through the task worker and a real SMTP server


@pytest.mark.django_db(transaction=True)
def test_the_confirmation_and_the_expiry_are_mailed_in_the_applicants_language(
    smtp_server, settings
):
    settings.SITE_URL = SITE_URL
    training = TrainingFactory(
        title="Clinical Madrid", slug="clinical-madrid", capacity=1, time_zone="Europe/Madrid"
    )
    application, _ = workflow.submit_application(
        training, new_application(training, "ana@example.org", language="es"), uuid.uuid4()
    )
    waiting, _ = workflow.submit_application(
        training, new_application(training, "ben@example.org"), uuid.uuid4()
    )
    workflow.confirm_address(waiting)

    run_worker()

    [confirmation] = smtp_server.messages_to("ana@example.org")
    assert confirmation["Content-Language"] == "es"
    body = body_of(confirmation)
    assert "Confirma tu dirección de correo electrónico antes del" in body
    assert "(Europe/Madrid, UTC+" in body
    assert f"{SITE_URL}/es/applications/confirm/{application.confirmation_token}/" in body
    assert f"{SITE_URL}/es/applications/{application.token}/" in body
    expiries = DBTaskResult.objects.filter(
        task_path="applicants.tasks.expire_unconfirmed", status="READY"
    )
    assert {task.args_kwargs["args"][0]: task.run_after for task in expiries} == {
        application.pk: application.confirm_by,
        waiting.pk: waiting.confirm_by,
    }

    # The deadlines pass (the clock moved on: the deadlines and their tasks, into the past).
    overdue(application, waiting)
    expiries.update(run_after=ago(minutes=1))
    run_worker()

    application.refresh_from_db()
    waiting.refresh_from_db()
    assert application.status == Status.EXPIRED
    assert waiting.status == Status.SUBMITTED
    [_, expired] = smtp_server.messages_to("ana@example.org")
    assert expired["Subject"] == "Tu solicitud para Clinical Madrid: Caducada"
    body = body_of(expired)
    assert "Tu dirección de correo electrónico no se confirmó antes del" in body
    assert f"{SITE_URL}/es/trainings/clinical-madrid/apply/" in body
    assert f"{SITE_URL}/es/applications/{application.token}/" in body
    assert application.confirmation_token not in body
    [_, promoted] = smtp_server.messages_to("ben@example.org")
    assert "A seat has become free" in body_of(promoted)

    # The task again, late: nothing more happens and nothing more is sent.
    tasks.expire_unconfirmed.call(application.pk)
    run_worker()
    assert len(smtp_server.messages_to("ana@example.org")) == 2
    assert application.events.filter(code=Event.Code.EXPIRED).count() == 1


# Expiry


@pytest.mark.django_db
def test_the_expiry_task_leaves_alone_what_is_not_due():
    confirmed = ApplicationFactory(confirm_by=ago(hours=1))
    not_yet = ApplicationFactory(unconfirmed=True)
    withdrawn = ApplicationFactory(status=Status.WITHDRAWN, unconfirmed=True)
    overdue(withdrawn)

    for application in (confirmed, not_yet, withdrawn):
        tasks.expire_unconfirmed.call(application.pk)
    tasks.expire_unconfirmed.call(0)  # deleted meanwhile

    statuses = [Application.objects.get(pk=a.pk).status for a in (confirmed, not_yet, withdrawn)]
    assert statuses == [Status.SUBMITTED, Status.SUBMITTED, Status.WITHDRAWN]
    assert not Event.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_daily_run_expires_what_its_task_missed():
    training = TrainingFactory(capacity=1)
    missed = ApplicationFactory(training=training, unconfirmed=True)
    waiting = ApplicationFactory(training=training, status=Status.WAITLISTED)
    overdue(missed)

    erase_expired_data_daily.enqueue()
    run_worker()

    missed.refresh_from_db()
    waiting.refresh_from_db()
    assert missed.status == Status.EXPIRED
    assert waiting.status == Status.SUBMITTED
    assert [e.code for e in waiting.events.all()] == [Event.Code.PROMOTED]


@pytest.mark.django_db
def test_an_expired_application_is_erased_like_a_withdrawn_one(settings):
    settings.RETENTION_WITHDRAWN_DAYS = 90
    old = ApplicationFactory(status=Status.EXPIRED, name="Old Expired")
    recent = ApplicationFactory(status=Status.EXPIRED, name="Recent Expired")
    for application, days in ((old, 91), (recent, 89)):
        Event.objects.create(
            application=application, to_status=Status.EXPIRED, code=Event.Code.EXPIRED
        )
        Event.objects.filter(application=application).update(at=ago(days=days))

    retention.erase_expired_data()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.erased_at is not None) == ("", True)
    assert (recent.name, recent.erased_at) == ("Recent Expired", None)


@pytest.mark.django_db
def test_an_address_whose_application_expired_may_apply_again():
    training = TrainingFactory()
    ApplicationFactory(training=training, email="ana@example.org", status=Status.EXPIRED)

    again, created = workflow.submit_application(
        training, new_application(training, "ana@example.org"), uuid.uuid4()
    )

    assert created
    assert again.status == Status.SUBMITTED


@pytest.mark.django_db
def test_the_database_holds_the_confirmation_rules():
    application = ApplicationFactory(unconfirmed=True)
    rows = Application.objects.filter(pk=application.pk)

    for breaking in (
        {"status": Status.ACCEPTED},  # accepted, never confirmed
        {"status": Status.EXPIRED, "confirmed_at": timezone.now()},  # expired, yet confirmed
        {"confirm_by": None},  # waiting for a confirmation without a deadline
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            rows.update(**breaking)


# The waiting list


@pytest.mark.django_db
def test_a_freed_seat_passes_over_those_waiting_who_have_not_confirmed():
    training = TrainingFactory(capacity=1)
    leaving = ApplicationFactory(training=training)
    first = ApplicationFactory(training=training, status=Status.WAITLISTED, unconfirmed=True)
    second = ApplicationFactory(training=training, status=Status.WAITLISTED)
    third = ApplicationFactory(training=training, status=Status.WAITLISTED)
    assert [a.waitlist_position for a in (first, second, third)] == [1, 1, 2]

    workflow.change_status(leaving, Status.WITHDRAWN)

    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert (first.status, second.status, third.status) == (
        Status.WAITLISTED,
        Status.SUBMITTED,
        Status.WAITLISTED,
    )
    # Confirming keeps the place in the order: ahead of those who applied later.
    workflow.confirm_address(first)
    first.refresh_from_db()
    third.refresh_from_db()
    assert first.status == Status.WAITLISTED
    assert (first.waitlist_position, third.waitlist_position) == (1, 2)


@pytest.mark.django_db
def test_a_seat_kept_for_those_waiting_goes_to_the_first_who_confirms():
    training = TrainingFactory(capacity=1)
    leaving = ApplicationFactory(training=training)
    first = ApplicationFactory(training=training, status=Status.WAITLISTED, unconfirmed=True)
    second = ApplicationFactory(training=training, status=Status.WAITLISTED, unconfirmed=True)
    workflow.change_status(leaving, Status.WITHDRAWN)

    # Nobody waiting has confirmed: a newcomer joins the line rather than taking the seat.
    newcomer, _ = workflow.submit_application(
        training, new_application(training, "late@example.org"), uuid.uuid4()
    )
    assert newcomer.status == Status.WAITLISTED

    workflow.confirm_address(second)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.WAITLISTED, Status.SUBMITTED)


@pytest.mark.django_db(transaction=True)
def test_thirty_apply_at_once_and_the_seats_of_those_who_never_confirm_go_on_in_order():
    training = TrainingFactory(capacity=10)
    run_at_once(
        30,
        lambda i: workflow.submit_application(
            training, new_application(training, f"person{i}@example.org"), uuid.uuid4()
        ),
    )
    in_order = list(Application.objects.filter(training=training).order_by("created_at", "pk"))
    holders = [a for a in in_order if a.status == Status.SUBMITTED]
    waiting = [a for a in in_order if a.status == Status.WAITLISTED]
    assert (len(holders), len(waiting)) == (10, 20)
    # The first ten to arrive hold the seats.
    assert holders == in_order[:10]
    never, confirming = holders[1::2], holders[0::2]

    # Within the window, everyone waiting confirms, all at once, in no particular order.
    confirmed = run_at_once(20, lambda i: workflow.confirm_address(waiting[i]))
    assert all(isinstance(result, Application) for result in confirmed), confirmed

    # The window closes for five of the seat holders. At once: the task at each one's deadline,
    # twice; two daily runs; the other five seat holders confirming at the last moment; and
    # the five late ones pressing the button.
    overdue(*never)
    jobs = [
        *[partial(tasks.expire_unconfirmed.call, a.pk) for a in never * 2],
        retention.erase_expired_data,
        retention.erase_expired_data,
        *[partial(workflow.confirm_address, a) for a in confirming],
        *[partial(workflow.confirm_address, a) for a in never],
    ]
    results = run_at_once(len(jobs), lambda i: jobs[i]())

    assert not [r for r in results[:-5] if isinstance(r, Exception)], results
    assert all(isinstance(r, workflow.ConfirmationExpired) for r in results[-5:]), results
    applications = Application.objects.filter(training=training)
    by_status = {
        status: list(applications.filter(status=status).order_by("created_at", "pk"))
        for status in (Status.SUBMITTED, Status.WAITLISTED, Status.EXPIRED)
    }
    assert by_status[Status.EXPIRED] == never
    # The next five confirmed people, in the order they applied, hold the freed seats.
    assert by_status[Status.SUBMITTED] == sorted(
        confirming + waiting[:5], key=lambda a: (a.created_at, a.pk)
    )
    assert all(a.confirmed_at for a in by_status[Status.SUBMITTED])
    # No seat was given twice, and nobody expired twice.
    assert Event.objects.filter(code=Event.Code.PROMOTED).count() == 5
    assert set(
        Event.objects.filter(code=Event.Code.PROMOTED).values_list("application", flat=True)
    ) == {a.pk for a in waiting[:5]}
    assert Event.objects.filter(code=Event.Code.EXPIRED).count() == 5
    # Fifteen wait, in the order they applied.
    assert by_status[Status.WAITLISTED] == waiting[5:]
    assert [a.waitlist_position for a in by_status[Status.WAITLISTED]] == list(range(1, 16))
