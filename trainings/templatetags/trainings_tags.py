import json

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from trainings.structured_data import training_graph

register = template.Library()

# The characters that could end the script element or start markup, escaped as JSON allows.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def training_json_ld(context, training):
    """The training's schema.org graph in a JSON-LD script element (data, never executed)."""
    data = json.dumps(training_graph(training, context["request"]), ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(data.translate(JSON_SCRIPT_ESCAPES)),  # escaped just above
    )


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
