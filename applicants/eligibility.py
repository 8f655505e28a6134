"""Who may join which track: the rule, as a pure function of plain values.

A track declares its requirements as data (``Track.requirements``, a
:class:`trainings.requirements.Requirements`); an applicant's answers are three plain values.
:func:`check_eligibility` touches no request and no database, so the rule is tested with a table
of cases (``tests/applicants/test_eligibility.py``) and every form and page calls the same
function.

The institute's rule today, as staff enter it on the tracks:

- Clinical Track: a Master's degree or higher in psychology, social work or practical theology,
  or a licence to practise psychotherapy in one's country (whatever the degree).
- Professional Facilitator Training: open to everyone, clinicians and non-clinicians alike.
- Online first module: whatever the track it opens asks (``Track.opens``).
"""

from dataclasses import dataclass

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from trainings.requirements import DegreeField, DegreeLevel

# Higher rank, higher degree: a doctorate satisfies a Master's requirement.
LEVEL_RANK = {
    DegreeLevel.NONE: 0,
    DegreeLevel.BACHELOR: 1,
    DegreeLevel.MASTER: 2,
    DegreeLevel.DOCTORATE: 3,
}


@dataclass(frozen=True)
class Verdict:
    """``reasons``: sentences for the applicant, saying what qualifies them or what is missing."""

    is_eligible: bool
    reasons: tuple


def check_eligibility(requirements, degree_level, degree_field, has_licence):
    """Whether an applicant with this degree and licence may join the track, and why.

    ``degree_level`` and ``degree_field`` are the codes of :class:`DegreeLevel` and
    :class:`DegreeField`; ``has_licence`` says whether the applicant may practise
    psychotherapy in their country. Returns a :class:`Verdict` whose reasons are translated
    sentences, ready to show to the applicant or to store with an application.
    """
    track = requirements.track_name
    if requirements.is_open_to_everyone:
        return Verdict(
            True,
            (
                _("%(track)s is open to everyone, clinicians and non-clinicians alike.")
                % {"track": track},
            ),
        )
    if requirements.licence_qualifies and has_licence:
        return Verdict(
            True,
            (
                _("Your licence to practise psychotherapy qualifies you for %(track)s.")
                % {"track": track},
            ),
        )

    level, field = DegreeLevel(degree_level), DegreeField(degree_field)
    has_degree = level != DegreeLevel.NONE
    level_ok = LEVEL_RANK[level] >= LEVEL_RANK[DegreeLevel(requirements.minimum_level)]
    # Without a degree there is no field to judge; the missing degree is the reason to give.
    field_ok = not requirements.fields or (has_degree and field in requirements.fields)
    if level_ok and field_ok:
        return Verdict(
            True,
            (
                _("Your %(level)s in %(field)s meets what %(track)s asks for.")
                % {"level": level.label, "field": _lower(field.label), "track": track},
            ),
        )

    reasons = [_asked_for(requirements)]
    if not has_degree:
        reasons.append(_("You told us you have no university degree."))
    else:
        if not level_ok:
            reasons.append(
                _("Your highest degree is a %(level)s; a %(minimum)s is missing.")
                % {"level": level.label, "minimum": DegreeLevel(requirements.minimum_level).label}
            )
        if not field_ok:
            reasons.append(
                _("Your degree is in %(field)s, not in one of these fields.")
                % {"field": _lower(field.label)}
            )
    if requirements.licence_qualifies:
        reasons.append(
            _(
                "You have no licence to practise psychotherapy in your country; such a licence "
                "would qualify you on its own."
            )
        )
    return Verdict(False, tuple(reasons))


def _asked_for(requirements):
    """The track's requirement in one sentence, the first reason of a refusal."""
    values = {
        "track": requirements.track_name,
        "level": DegreeLevel(requirements.minimum_level).label,
        "fields": get_text_list([_lower(label) for label in _labels(requirements.fields)], _("or")),
    }
    if requirements.minimum_level == DegreeLevel.NONE:
        return _("%(track)s asks for a degree in %(fields)s.") % values
    if requirements.fields:
        return _("%(track)s asks for a %(level)s or higher in %(fields)s.") % values
    return _("%(track)s asks for a %(level)s or higher.") % values


def _labels(fields):
    """The labels of ``fields``, in the order of :class:`DegreeField` (not alphabetical by code)."""
    return [choice.label for choice in DegreeField if choice in fields]


def _lower(label):
    """A field's label inside a sentence: "Social work" reads "social work"."""
    return str(label).lower()
