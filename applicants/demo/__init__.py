"""The demo applications, read from backgrounds.toml and applications.toml in this folder.

``manage.py load_demo`` calls :func:`load` once the trainings are in the database; the
applications name their training by its slug.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from applicants.eligibility import check_eligibility
from applicants.invoices import issuing
from applicants.models import Application, BillingDetails, Event, Review
from applicants.reviews import reviewing
from imago_site.demo_data import read
from trainings.models import Trainer, Training

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
            for entry in applicant.get("reviews", []):
                review(application, entry, f"{where}, {applicant['email']}")
            count += 1
    reviews = Review.objects.filter(assignment__reviewer__username__startswith=REVIEWER_PREFIX)
    return {"applications": count, "invoices": invoices, "reviews": reviews.count()}


# The demo's reviewers are staff accounts of the trainers, made here without a password (they
# show who reviewed what; nobody logs in with them).
REVIEWER_PREFIX = "demo-"


def review(application, entry, where):
    """Ask the trainer ``entry["trainer"]`` to review ``application`` and, with ``scores`` (one
    per criterion of the track, in order), send their review, once: a review is final."""
    trainer = Trainer.objects.filter(slug=entry["trainer"]).first()
    if trainer is None:
        raise CommandError(f"{where}: there is no trainer {entry['trainer']!r}")
    user = reviewer_account(trainer)
    reviewing.assign(application, [user])  # asked once, however often the demo is loaded
    assignment = application.assignments.get(reviewer=user)
    if "scores" not in entry or Review.objects.filter(assignment=assignment).exists():
        return
    criteria = list(application.training.track.criteria_asked())
    if len(entry["scores"]) != len(criteria):
        raise CommandError(f"{where}: give one score for each of {len(criteria)} criteria")
    reviewing.submit_review(
        assignment,
        scores=dict(zip(criteria, entry["scores"], strict=True)),
        recommendation=entry["recommendation"],
        comment=entry.get("comment", ""),
    )


def reviewer_account(trainer):
    first, _, last = trainer.name.partition(" ")
    user, _created = get_user_model().objects.get_or_create(
        username=f"{REVIEWER_PREFIX}{trainer.slug}",
        defaults={
            "first_name": first,
            "last_name": last,
            "is_staff": True,
            "password": make_password(None),  # unusable: nobody logs in with it
        },
    )
    user.groups.add(Group.objects.get_or_create(name=reviewing.REVIEWERS_GROUP)[0])
    return user


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
