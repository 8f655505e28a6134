"""What a track asks of its applicants, as data: degree levels and fields, and the
:class:`Requirements` that staff set on each track and the eligibility rule
(``applicants.eligibility``) reads."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy


class DegreeLevel(models.TextChoices):
    NONE = "none", gettext_lazy("No university degree")
    BACHELOR = "bachelor", gettext_lazy("Bachelor's degree")
    MASTER = "master", gettext_lazy("Master's degree")
    DOCTORATE = "doctorate", gettext_lazy("Doctorate")


class DegreeField(models.TextChoices):
    PSYCHOLOGY = "psychology", gettext_lazy("Psychology")
    SOCIAL_WORK = "social_work", gettext_lazy("Social work")
    PRACTICAL_THEOLOGY = "practical_theology", gettext_lazy("Practical theology")
    COUNSELLING = "counselling", gettext_lazy("Counselling")
    MEDICINE = "medicine", gettext_lazy("Medicine")
    EDUCATION = "education", gettext_lazy("Education")
    BUSINESS = "business", gettext_lazy("Business or human resources")
    OTHER = "other", gettext_lazy("Another field")


@dataclass(frozen=True)
class Requirements:
    """What a track asks of an applicant.

    ``minimum_level``: the lowest degree that qualifies, in one of ``fields`` (any field when
    empty). ``licence_qualifies``: a licence to practise psychotherapy in one's country
    qualifies on its own, whatever the degree. ``track_name`` is only used in the reasons.
    """

    track_name: str
    minimum_level: str = DegreeLevel.NONE
    fields: frozenset = frozenset()
    licence_qualifies: bool = False

    @property
    def is_open_to_everyone(self):
        return self.minimum_level == DegreeLevel.NONE and not self.fields
