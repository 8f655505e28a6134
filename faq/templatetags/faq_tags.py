from urllib.parse import urlsplit

from django import template
from django.utils.safestring import mark_safe

from faq.markdown import render_answer
from faq.models import Question, Topic
from faq.structured_data import faq_page
from imago_site.json_ld import json_ld_script

register = template.Library()

# The heading of a block of answers sits below the page's h1.
HEADING_LEVELS = range(2, 7)


@register.filter
def answer_html(text):
    """An answer's Markdown as sanitised HTML (see faq.markdown)."""
    return mark_safe(render_answer(text))  # sanitised by nh3 in render_answer


@register.filter
def web_url(url):
    """``url`` when it is an http(s) address, else nothing: a link never runs a script."""
    try:
        scheme = urlsplit(url or "").scheme
    except ValueError:  # "http://[broken", say
        return ""
    return url if scheme in {"http", "https"} else ""


@register.inclusion_tag("faq/_answer.html")
def faq_answers(topic, heading="", level=2):
    """The published answers about ``topic`` (a Topic value), to show where the question comes
    up, each linking to its place in the FAQ. Nothing when there are none. One query."""
    if topic not in Topic.values:
        raise template.TemplateSyntaxError(f"faq_answers: unknown topic {topic!r}")
    if level not in HEADING_LEVELS:
        raise template.TemplateSyntaxError(f"faq_answers: no heading level {level!r}")
    return {
        "questions": list(Question.objects.published().about(topic)),
        "heading": heading,
        "level": level,
    }


@register.simple_tag(takes_context=True)
def faq_json_ld(context, questions):
    """The questions as a schema.org FAQPage in a JSON-LD script element (data, never run)."""
    return json_ld_script(faq_page(questions, context["request"]))
