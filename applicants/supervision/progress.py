"""Where a trainee stands on their track's path to certification, requirement by requirement.

The requirements are data on the track (``trainings.CertificationRequirement``): completing a
training of the track (a certificate in force for it), hours of supervision (approved hours
only), and steps staff confirm done (a case study, a recorded session).
"""

import dataclasses
from decimal import Decimal

from django.db.models import Sum

from applicants.certificates.models import Certificate
from trainings.models import CertificationRequirement

Kind = CertificationRequirement.Kind


@dataclasses.dataclass(frozen=True)
class Step:
    requirement: CertificationRequirement
    is_done: bool
    hours: Decimal | None = None  # supervision: approved hours so far
    done_on: object = None


@dataclasses.dataclass(frozen=True)
class Path:
    steps: list

    @property
    def done(self):
        return sum(step.is_done for step in self.steps)

    @property
    def remaining(self):
        return [step for step in self.steps if not step.is_done]

    @property
    def is_complete(self):
        return bool(self.steps) and not self.remaining


def path_of(application):
    """The steps of the application's track, each done or not."""
    track = application.training.track
    requirements = list(track.certification_requirements.all())
    if not requirements:
        return Path(steps=[])
    certified = Certificate.objects.filter(
        application=application,
        training__track=track,
        module__isnull=True,
        revocation__isnull=True,
    ).exists()
    supervision = application.supervision_sessions.approved().aggregate(total=Sum("hours"))
    supervised = supervision["total"] or Decimal(0)
    done = {step.requirement_id: step for step in application.steps_done.all()}
    steps = []
    for requirement in requirements:
        if requirement.kind == Kind.TRAINING:
            steps.append(Step(requirement, certified))
        elif requirement.kind == Kind.SUPERVISION:
            steps.append(Step(requirement, supervised >= requirement.hours, hours=supervised))
        else:
            confirmed = done.get(requirement.pk)
            steps.append(
                Step(requirement, confirmed is not None, done_on=confirmed and confirmed.done_on)
            )
    return Path(steps=steps)
