"""iCalendar (.ics) files of trainings: one event per module, in the training's own zone."""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.utils import timezone

PRODUCT_ID = "-//Imago International Training Institute//Training portal//EN"


def build_calendar(trainings, base_url, name):
    """An iCalendar file (bytes) with every module of ``trainings`` (modules prefetched).

    ``base_url`` (``https://host``) starts the links: a page takes it from its request, an
    e-mail from ``SITE_URL``. Events have the same UIDs wherever they were downloaded, so a
    calendar that imports a training twice updates its events instead of doubling them.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # PUBLISH: events to add to a calendar, not an invitation that expects an answer.
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    base_url = base_url.rstrip("/")
    host = urlsplit(base_url).hostname
    for training in trainings:
        url = base_url + training.get_absolute_url()
        for module in training.modules.all():
            calendar.add_component(module_event(training, module, url, host, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def module_event(training, module, url, host, stamp):
    event = icalendar.Event()
    event.add("uid", f"training-{training.pk}-module-{module.number}@{host}")
    event.add("dtstamp", stamp)
    event.add("summary", f"{training.title}: {module}")
    event.add("url", url)
    event.add("location", str(module.place))
    event.add("description", f"{training.track.name}. {url}")
    if training.status == training.Status.CANCELLED:
        event.add("status", "CANCELLED")
    session = module.first_session
    if session:
        # One occurrence a day, at the module's daily times in the training's zone.
        event.add("dtstart", session[0])
        event.add("dtend", session[1])
        if module.days > 1:
            event.add("rrule", {"freq": "daily", "count": module.days})
    else:
        event.add("dtstart", module.start_date)
        event.add("dtend", module.end_date + datetime.timedelta(days=1))
    return event
