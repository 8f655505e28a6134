from django import template
from django.utils.html import format_html

from imago_site.translated import active_language, language_of

register = template.Library()


@register.filter
def lang_attr(instance, name):
    """` lang="en"` when ``instance.<name>`` is shown in English on a page in another language
    (its translation is missing), so that screen readers pronounce it right; else nothing."""
    code = language_of(instance, name)
    return format_html(' lang="{}"', code) if code != active_language() else ""
