"""The eligibility rule as a table: each row is an applicant's answers and the verdict per track.

The requirements below are the institute's (see the module docstring of applicants.eligibility);
the borders of the Clinical Track are the rows that matter most.
"""

import pytest

from applicants.eligibility import Verdict, check_eligibility
from trainings.models import Track
from trainings.requirements import DegreeField, DegreeLevel, Requirements

CLINICAL = Requirements(
    track_name="Clinical Track",
    minimum_level=DegreeLevel.MASTER,
    fields=frozenset(
        [DegreeField.PSYCHOLOGY, DegreeField.SOCIAL_WORK, DegreeField.PRACTICAL_THEOLOGY]
    ),
    licence_qualifies=True,
)
PFT = Requirements(track_name="Professional Facilitator Training")

NONE, BACHELOR, MASTER, DOCTORATE = "none", "bachelor", "master", "doctorate"
LICENSED, UNLICENSED = True, False


def online_first_module():
    """The online module as staff set it up: its own fields left at their defaults, opening
    the Clinical Track. Unsaved: the rule needs no database."""
    clinical = Track(
        name="Clinical Track",
        minimum_degree=CLINICAL.minimum_level,
        degree_fields=sorted(CLINICAL.fields),
        licence_qualifies=True,
    )
    clinical.pk = 1  # what a saved track has; ``requirements`` follows ``opens_id``
    return Track(name="Online first module", opens=clinical).requirements


@pytest.mark.parametrize(
    ("level", "field", "licence", "clinical", "pft"),
    [
        # The Clinical Track's degrees: a Master's or higher in one of three fields.
        (MASTER, "psychology", UNLICENSED, True, True),
        (MASTER, "social_work", UNLICENSED, True, True),
        (MASTER, "practical_theology", UNLICENSED, True, True),
        (DOCTORATE, "social_work", UNLICENSED, True, True),
        (DOCTORATE, "psychology", UNLICENSED, True, True),
        # One step too low, or the wrong field.
        (BACHELOR, "psychology", UNLICENSED, False, True),
        (BACHELOR, "social_work", UNLICENSED, False, True),
        (MASTER, "other", UNLICENSED, False, True),
        (MASTER, "counselling", UNLICENSED, False, True),
        (MASTER, "medicine", UNLICENSED, False, True),
        (DOCTORATE, "education", UNLICENSED, False, True),
        # A licence to practise psychotherapy qualifies on its own, whatever the degree.
        (MASTER, "other", LICENSED, True, True),
        (BACHELOR, "psychology", LICENSED, True, True),
        (NONE, "other", LICENSED, True, True),
        # No degree, no licence: the Facilitator Training only.
        (NONE, "other", UNLICENSED, False, True),
        (NONE, "education", UNLICENSED, False, True),
        (BACHELOR, "business", UNLICENSED, False, True),
    ],
)
def test_clinical_and_facilitator_verdicts(level, field, licence, clinical, pft):
    assert check_eligibility(CLINICAL, level, field, licence).is_eligible is clinical
    assert check_eligibility(PFT, level, field, licence).is_eligible is pft


@pytest.mark.parametrize(
    ("level", "field", "licence", "expected"),
    [
        (MASTER, "psychology", UNLICENSED, True),
        (MASTER, "other", LICENSED, True),
        (BACHELOR, "psychology", UNLICENSED, False),
        (NONE, "other", UNLICENSED, False),
    ],
)
def test_online_first_module_follows_the_track_it_opens(level, field, licence, expected):
    requirements = online_first_module()

    verdict = check_eligibility(requirements, level, field, licence)

    assert verdict == check_eligibility(CLINICAL, level, field, licence)
    assert verdict.is_eligible is expected


def test_a_track_without_requirements_is_open_to_everyone():
    verdict = check_eligibility(PFT, NONE, "other", UNLICENSED)

    assert verdict == Verdict(
        True,
        (
            "Professional Facilitator Training is open to everyone, clinicians and non-clinicians "
            "alike.",
        ),
    )


@pytest.mark.parametrize(
    ("level", "field", "licence", "expected"),
    [
        (
            BACHELOR,
            "psychology",
            UNLICENSED,
            [
                "Clinical Track asks for a Master's degree or higher in psychology, social work "
                "or practical theology.",
                "Your highest degree is a Bachelor's degree; a Master's degree is missing.",
                "You have no licence to practise psychotherapy in your country; such a licence "
                "would qualify you on its own.",
            ],
        ),
        (
            MASTER,
            "other",
            UNLICENSED,
            [
                "Clinical Track asks for a Master's degree or higher in psychology, social work "
                "or practical theology.",
                "Your degree is in another field, not in one of these fields.",
                "You have no licence to practise psychotherapy in your country; such a licence "
                "would qualify you on its own.",
            ],
        ),
        (
            BACHELOR,
            "education",
            UNLICENSED,
            [
                "Clinical Track asks for a Master's degree or higher in psychology, social work "
                "or practical theology.",
                "Your highest degree is a Bachelor's degree; a Master's degree is missing.",
                "Your degree is in education, not in one of these fields.",
                "You have no licence to practise psychotherapy in your country; such a licence "
                "would qualify you on its own.",
            ],
        ),
        (
            NONE,
            "other",
            UNLICENSED,
            [
                "Clinical Track asks for a Master's degree or higher in psychology, social work "
                "or practical theology.",
                "You told us you have no university degree.",
                "You have no licence to practise psychotherapy in your country; such a licence "
                "would qualify you on its own.",
            ],
        ),
    ],
)
def test_a_refusal_says_in_plain_words_what_is_missing(level, field, licence, expected):
    verdict = check_eligibility(CLINICAL, level, field, licence)

    assert not verdict.is_eligible
    assert list(verdict.reasons) == expected


@pytest.mark.parametrize(
    ("level", "field", "licence", "expected"),
    [
        (
            MASTER,
            "practical_theology",
            UNLICENSED,
            "Your Master's degree in practical theology meets what Clinical Track asks for.",
        ),
        (
            DOCTORATE,
            "social_work",
            UNLICENSED,
            "Your Doctorate in social work meets what Clinical Track asks for.",
        ),
        (
            MASTER,
            "other",
            LICENSED,
            "Your licence to practise psychotherapy qualifies you for Clinical Track.",
        ),
    ],
)
def test_an_admission_says_what_qualifies(level, field, licence, expected):
    assert check_eligibility(CLINICAL, level, field, licence) == Verdict(True, (expected,))


def test_reasons_are_plain_strings_that_can_be_stored():
    """Applications keep the reasons in a JSON field: no lazy translations, no markup."""
    for licence in (LICENSED, UNLICENSED):
        for level in DegreeLevel:
            for field in DegreeField:
                for requirements in (CLINICAL, PFT):
                    verdict = check_eligibility(requirements, level, field, licence)
                    assert verdict.reasons
                    for reason in verdict.reasons:
                        assert type(reason) is str
                        assert "<" not in reason and "%(" not in reason
                        assert reason.endswith(".")


@pytest.mark.parametrize(
    ("requirements", "level", "field", "expected"),
    [
        # Any field, a minimum level.
        (Requirements("Any Master", minimum_level=MASTER), MASTER, "business", True),
        (Requirements("Any Master", minimum_level=MASTER), BACHELOR, "psychology", False),
        # Any degree in given fields.
        (
            Requirements("Any degree", fields=frozenset(["medicine"])),
            BACHELOR,
            "medicine",
            True,
        ),
        (Requirements("Any degree", fields=frozenset(["medicine"])), NONE, "medicine", False),
        # Without licence_qualifies, a licence changes nothing.
        (Requirements("Strict", minimum_level=DOCTORATE), MASTER, "psychology", False),
    ],
)
def test_other_shapes_of_requirements(requirements, level, field, expected):
    assert check_eligibility(requirements, level, field, LICENSED).is_eligible is expected


def test_requirements_in_other_shapes_are_explained():
    any_degree = Requirements("Medical Track", fields=frozenset(["medicine", "psychology"]))
    strict = Requirements("Research Track", minimum_level=DOCTORATE)

    assert check_eligibility(any_degree, NONE, "other", UNLICENSED).reasons == (
        "Medical Track asks for a degree in psychology or medicine.",
        "You told us you have no university degree.",
    )
    assert check_eligibility(strict, MASTER, "psychology", LICENSED).reasons == (
        "Research Track asks for a Doctorate or higher.",
        "Your highest degree is a Master's degree; a Doctorate is missing.",
    )
