from django import template
from django.utils.html import conditional_escape, format_html

from imago_site.translated import active_language, language_of

register = template.Library()


@register.filter
def lang_attr(instance, name):
    """` lang="en"` when ``instance.<name>`` is shown in English on a page in another language
    (its translation is missing), so that screen readers pronounce it right; else nothing."""
    code = language_of(instance, name)
    return format_html(' lang="{}"', code) if code != active_language() else ""


@register.filter
def in_language(instance, name):
    """``instance.<name>`` for a sentence or a link text: in ``<span lang="en">`` when it is
    the English fallback on a page in another language, else as it is (escaped either way)."""
    code = language_of(instance, name)
    value = getattr(instance, name)
    if code != active_language():
        return format_html('<span lang="{}">{}</span>', code, value)
    return conditional_escape(value)
