import datetime
import zoneinfo

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from imago_site.json_ld import json_ld_script
from trainings import seats
from trainings.structured_data import training_graph

register = template.Library()


@register.simple_tag(takes_context=True)
def training_json_ld(context, training):
    """The training's schema.org graph in a JSON-LD script element (data, never executed)."""
    return json_ld_script(training_graph(training, context["request"]))


@register.simple_tag(takes_context=True)
def seats_part(context, training, part):
    """What the page says of ``training``'s seats: its availability ("badge") or the label of
    its apply button ("apply"); kept pages fill it in when served (``trainings.seats``)."""
    return mark_safe(seats.shown(context.get("request"), training, part))


@register.filter
def date_range(start, end):
    """A range of days in the active language, leaving out what both dates share:
    '3–7 March 2027', '3.–7. März 2027', '3–7 de marzo de 2027'."""
    if not start:
        return ""
    if not end or end == start:
        return date_format(start, "DATE_FORMAT")
    if (start.year, start.month) == (end.year, end.month):
        # Translators: a date format (Django's date filter) for the first day of a range of
        # days within one month, as in "3–7 March 2027"; German writes "j." for "3.–7. März".
        first_day = pgettext("date range", "j")
        return f"{date_format(start, first_day)}–{date_format(end, 'DATE_FORMAT')}"
    if start.year == end.year:
        return f"{date_format(start, 'MONTH_DAY_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"
    return f"{date_format(start, 'DATE_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"


@register.filter
def money(amount, currency):
    """An amount with its ISO currency code, in the active language's way: 'EUR 2,400' in
    English, '2.400 EUR' in Spanish and German. Whole amounts show no decimals; the space
    does not break."""
    if amount is None:
        return ""
    # Translators: the order of a currency code and an amount, as in "EUR 2,400".
    pattern = pgettext("money", "%(currency)s %(amount)s")
    return pattern.replace(" ", "\u00a0") % {
        "currency": currency,
        "amount": floatformat(amount, "-2g"),
    }


@register.filter
def percent(number):
    """A share in the active language's way: '100%' in English, '100 %' in German and
    Spanish, with a space that does not break; decimals only where there are some."""
    # Translators: a percentage, as in "50%"; write "%(number)s %%" for "50 %".
    pattern = pgettext("percent", "%(number)s%%")
    return pattern.replace(" ", "\u00a0") % {"number": floatformat(number, "-2")}


@register.filter
def zone_on(zone_name, day):
    """A time zone with its offset from UTC on ``day``, for people who join from elsewhere:
    'Europe/Berlin, UTC+1' in winter, 'UTC+2' in summer, 'Asia/Kolkata, UTC+5:30'."""
    if zone_name == "UTC" or not day:
        return zone_name
    noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=zoneinfo.ZoneInfo(zone_name))
    return f"{zone_name}, {utc_offset(noon)}"


@register.filter
def in_zone(moment, zone_name):
    """A moment as the clocks of the zone ``zone_name`` show it, with the zone and its offset
    from UTC then, in the active language: '16 March 2027, 15:04 (Europe/Berlin, UTC+1)'."""
    if not moment:
        return ""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone_name))
    zone = zone_name if zone_name == "UTC" else f"{zone_name}, {utc_offset(local)}"
    return f"{date_format(local, 'DATETIME_FORMAT')} ({zone})"


def utc_offset(moment):
    """'UTC+1', 'UTC−3', 'UTC+5:30': the offset of an aware datetime from UTC."""
    minutes = round(moment.utcoffset().total_seconds() / 60)
    hours, minutes = divmod(abs(minutes), 60)
    sign = "+" if moment.utcoffset() >= datetime.timedelta(0) else "\u2212"
    return f"UTC{sign}{hours}" + (f":{minutes:02}" if minutes else "")
