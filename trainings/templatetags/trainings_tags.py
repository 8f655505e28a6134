from django import template
from django.utils.formats import date_format

from imago_site.json_ld import json_ld_script
from trainings.structured_data import training_graph

register = template.Library()


@register.simple_tag(takes_context=True)
def training_json_ld(context, training):
    """The training's schema.org graph in a JSON-LD script element (data, never executed)."""
    return json_ld_script(training_graph(training, context["request"]))


@register.filter
def date_range(start, end):
    """'3–7 March 2027' style ranges, leaving out what both dates share."""
    if not start:
        return ""
    if not end or end == start:
        return date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{date_format(start, 'j')}–{date_format(end, 'j F Y')}"
    if start.year == end.year:
        return f"{date_format(start, 'j F')} – {date_format(end, 'j F Y')}"
    return f"{date_format(start, 'j F Y')} – {date_format(end, 'j F Y')}"
