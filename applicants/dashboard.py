"""The admissions panels of the admin's front page (``imago_site.dashboard``): applications
received per week, seats and waiting lists of the coming trainings, and the applications
waiting for a decision. Each is one aggregating query, whatever the number of rows."""

import datetime

from django.db.models import Count, DateField, Q
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applicants.models import Application
from imago_site import dashboard
from imago_site.dashboard import ORANGE, Part
from imago_site.translated import columns
from trainings.models import Training

WEEKS = 12
TRAININGS_SHOWN = 20
# How long confirmed applications have waited for a decision: (days from, days to, label).
WAITING_TIMES = [
    (0, 7, gettext_lazy("Under a week")),
    (7, 14, gettext_lazy("1–2 weeks")),
    (14, 28, gettext_lazy("2–4 weeks")),
    (28, None, gettext_lazy("Longer")),
]


def application_list(**filters):
    return reverse("admin:applicants_application_changelist") + "?" + urlencode(filters)


def midnight(day):
    """The start of ``day`` in the portal's time zone."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


def applications_per_week(now=None):
    """Applications received in each of the last ``WEEKS`` weeks (Monday to Sunday in the
    portal's time zone), oldest first, as ``(monday, count)``; a week without any counts 0."""
    zone = timezone.get_default_timezone()
    today = timezone.localdate(now, zone)
    first = today - datetime.timedelta(days=today.weekday(), weeks=WEEKS - 1)
    counts = dict(
        Application.objects.filter(created_at__gte=midnight(first))
        .annotate(week=TruncWeek("created_at", tzinfo=zone, output_field=DateField()))
        .order_by()
        .values("week")
        .annotate(count=Count("pk"))
        .values_list("week", "count")
    )
    mondays = [first + datetime.timedelta(weeks=index) for index in range(WEEKS)]
    return [(monday, counts.get(monday, 0)) for monday in mondays]


def weeks_panel(request):
    weeks = applications_per_week()
    points = [
        (count, [date_format(monday, "j"), date_format(monday, "M")]) for monday, count in weeks
    ]
    return {
        "weeks": [
            {
                "monday": monday,
                "count": count,
                "link": application_list(
                    created_at__gte=midnight(monday).isoformat(),
                    created_at__lt=midnight(monday + datetime.timedelta(weeks=1)).isoformat(),
                ),
            }
            for monday, count in weeks
        ],
        "total": sum(count for _monday, count in weeks),
        "chart": dashboard.column_chart(points),
    }


def coming_trainings():
    """The next ``TRAININGS_SHOWN`` published trainings by start date, with their seats taken
    and their waiting list (``seats_taken``, ``waiting``)."""
    return (
        Training.objects.published()
        .upcoming()
        .with_seats_taken()
        .with_waiting_list()
        .only("pk", "capacity", "starts_on", *columns("title"))
        .order_by("starts_on", "pk")[:TRAININGS_SHOWN]
    )


def seats_panel(request):
    trainings = list(coming_trainings())
    rows = [
        (
            training.title,
            _("%(taken)d of %(capacity)d, %(waiting)d waiting")
            % {
                "taken": training.seats_taken,
                "capacity": training.capacity,
                "waiting": training.waiting,
            },
            [
                Part(min(training.seats_taken, training.capacity)),
                Part(training.seats_left, is_outline=True),
                Part(training.waiting, fill=ORANGE),
            ],
        )
        for training in trainings
    ]
    legend = [
        (_("Taken"), Part(1)),
        (_("Free"), Part(1, is_outline=True)),
        (_("Waiting list"), Part(1, fill=ORANGE)),
    ]
    return {
        "trainings": [
            {"training": training, "link": application_list(training__id__exact=training.pk)}
            for training in trainings
        ],
        "chart": dashboard.bar_chart(rows, legend),
    }


def waiting_for_decision(now=None):
    """Confirmed applications waiting for a decision, counted by how long since their address
    was confirmed (``WAITING_TIMES``), and how many of them are past the time their track
    promises for an answer (``overdue``)."""
    now = now or timezone.now()
    counts = {}
    for index, (since, until, _label) in enumerate(WAITING_TIMES):
        waited = Q(confirmed_at__lte=now - datetime.timedelta(days=since))
        if until is not None:
            waited &= Q(confirmed_at__gt=now - datetime.timedelta(days=until))
        counts[f"waited_{index}"] = Count("pk", filter=waited)
    counts["overdue"] = Count("pk", filter=Q(answer_due__lt=now))
    figures = Application.objects.awaiting_decision().with_answer_due().aggregate(**counts)
    return figures, now


def decisions_panel(request):
    figures, now = waiting_for_decision()
    times = []
    for index, (since, until, label) in enumerate(WAITING_TIMES):
        filters = {
            "decision": "waiting",
            "confirmed_at__lte": (now - datetime.timedelta(days=since)).isoformat(),
        }
        if until is not None:
            filters["confirmed_at__gt"] = (now - datetime.timedelta(days=until)).isoformat()
        count = figures[f"waited_{index}"]
        times.append({"label": label, "count": count, "link": application_list(**filters)})
    rows = [(str(time["label"]), str(time["count"]), [Part(time["count"])]) for time in times]
    return {
        "times": times,
        "total": sum(time["count"] for time in times),
        "overdue": figures["overdue"],
        "overdue_link": application_list(decision="overdue"),
        "chart": dashboard.bar_chart(rows),
    }


def register_panels():
    for name, template, context in [
        ("applications per week", "admin/applicants/dashboard_weeks.html", weeks_panel),
        ("seats", "admin/applicants/dashboard_seats.html", seats_panel),
        ("decisions", "admin/applicants/dashboard_decisions.html", decisions_panel),
    ]:
        dashboard.register(dashboard.Panel(name, "applicants.view_application", template, context))
