"""The demo applications, read from backgrounds.toml and applications.toml in this folder.

``manage.py load_demo`` calls :func:`load` once the trainings are in the database; the
applications name their training by its slug.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from applicants.eligibility import check_eligibility
from applicants.invoices import issuing
from applicants.models import Application, BillingDetails, Event
from imago_site.demo_data import read
from trainings.models import Training

FOLDER = Path(__file__).parent


@transaction.atomic
def load(today, folder=FOLDER):
    """Create or update the demo applications and return how many there are.

    Each is stored as if it had been sent through the form: the answers of its background, the
    consents, the confirmed address and the eligibility verdict for its training's track. The
    consents and the confirmation are recorded on the first run only, as a real applicant's
    would be; everything else follows the files on every run. An accepted applicant with
    ``billing`` details gets, on the first run, the invoices their training's plan asks by
    ``today``.
    """
    backgrounds = read(folder / "backgrounds.toml")
    path = folder / "applications.toml"
    now = timezone.now()
    count = invoices = 0
    for training_slug, applicants in read(path).items():
        where = f"{path}, {training_slug}"
        training = (
            Training.objects.select_related("track__opens").filter(slug=training_slug).first()
        )
        if training is None:
            raise CommandError(f"{where}: there is no training {training_slug!r}")
        consents = {
            "privacy_consent_at": now,
            "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
            "policy_consent_at": now,
            "policy_text": training.refund_policy,
        }
        for position, applicant in enumerate(applicants):
            background = applicant["background"]
            if background not in backgrounds:
                raise CommandError(
                    f"{where}, {applicant['email']}: there is no background {background!r}"
                )
            answers = backgrounds[background]
            country = applicant.get("country", training.country)
            verdict = check_eligibility(
                training.track.requirements,
                answers["degree_level"],
                answers["degree_field"],
                answers["has_licence"],
            )
            fields = {
                **answers,
                "name": applicant["name"],
                "status": applicant["status"],
                "city": applicant.get("city", training.city),
                "country": country,
                "licence_country": country if answers["has_licence"] else "",
                "is_eligible": verdict.is_eligible,
                "eligibility_reasons": list(verdict.reasons),
                # Seconds apart, so that the waiting list keeps the order of the file.
                "waitlisted_at": now + datetime.timedelta(seconds=position)
                if applicant["status"] == Application.Status.WAITLISTED
                else None,
            }
            application, _created = Application.objects.update_or_create(
                training=training,
                email=applicant["email"],
                defaults=fields,
                create_defaults={**fields, **consents, "confirmed_at": now},
            )
            if "billing" in applicant:
                invoices += bill(application, applicant["billing"], today)
            count += 1
    return {"applications": count, "invoices": invoices}


def bill(application, details, today):
    """Give ``application`` (accepted) its billing details and, the first time, issue what
    its plan asks by ``today``; returns how many invoices it has. Issued invoices are never
    changed, so later runs leave them as they are, whatever day it is."""
    BillingDetails.objects.update_or_create(
        application=application,
        defaults={"name": application.name, "country": application.country, **details},
    )
    if not application.events.filter(to_status=Application.Status.ACCEPTED).exists():
        Event.objects.create(
            application=application,
            from_status=Application.Status.UNDER_REVIEW,
            to_status=Application.Status.ACCEPTED,
            code=Event.Code.ACCEPTED,
        )
    if not application.invoices.exists():
        issuing.issue_due_invoices(application, today=today)
    return application.invoices.count()
