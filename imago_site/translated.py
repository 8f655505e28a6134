"""Content that staff write once per language, with English as the fallback.

``summary = TranslatedField(models.TextField(_("summary")))`` on a model gives it one column per
language of ``settings.LANGUAGES`` (``summary_en``, ``summary_es``, ``summary_de``). Reading
``track.summary`` gives the text in the active language, or the English text where that
translation is empty. Assigning to it (also ``Track(summary=...)``) writes the English text,
whatever language is active; translations are written to their columns (``summary_es``), as the
admin does. Only English is required. Queries name the columns (``order_by("name_en")``).
"""

from django.conf import settings
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def column(name, language):
    return f"{name}_{language}"


def active_language():
    """The active language if the portal has content in it, else the default."""
    code = translation.get_language() or DEFAULT_LANGUAGE
    if code in LANGUAGE_CODES:
        return code
    base = code.split("-")[0]
    return base if base in LANGUAGE_CODES else DEFAULT_LANGUAGE


class TranslatedField:
    def __init__(self, field):
        self.field = field

    def contribute_to_class(self, cls, name):
        self.name = name
        _path, _name, args, kwargs = self.field.deconstruct()
        for code, language_name in settings.LANGUAGES:
            options = dict(kwargs)
            options["verbose_name"] = format_lazy("{} ({})", self.field.verbose_name, language_name)
            if code != DEFAULT_LANGUAGE:
                options["blank"] = True
                options.pop("help_text", None)
            cls.add_to_class(column(name, code), self.field.__class__(*args, **options))
        # A property, so that Django's model constructor accepts ``name=`` as well.
        setattr(cls, name, property(self.read, self.write, doc=str(self.field.verbose_name)))

    def read(self, instance):
        return getattr(instance, column(self.name, active_language())) or getattr(
            instance, column(self.name, DEFAULT_LANGUAGE)
        )

    def write(self, instance, value):
        setattr(instance, column(self.name, DEFAULT_LANGUAGE), value)


def language_of(instance, name):
    """The language in which ``instance.<name>`` is shown now: the active one, or the default
    where its translation is empty. Pages mark a fallback with ``lang`` for screen readers."""
    code = active_language()
    return code if getattr(instance, column(name, code)) else DEFAULT_LANGUAGE


def columns(*names, languages=None):
    """The columns of ``names`` in ``languages`` (all by default), for admin fields and search."""
    codes = languages or [code for code, _name in settings.LANGUAGES]
    return [column(name, code) for code in codes for name in names]


def translation_fieldsets(*names):
    """Admin fieldsets with the translations of ``names``, one folded section per language
    other than the default."""
    return [
        (
            format_lazy(_("In {language}"), language=language_name),
            {"fields": columns(*names, languages=[code]), "classes": ["collapse"]},
        )
        for code, language_name in settings.LANGUAGES
        if code != DEFAULT_LANGUAGE
    ]
