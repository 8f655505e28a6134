"""When a trainee has completed their training, and issuing, revoking and replacing its
certificate.

The rule is data: a trainee completes a training by attending every module marked required
(present, or present in part) and, in all, at least the share of the training's contact hours
that its track asks (``Track.certificate_share``). Present counts a module's contact hours; in
part, the hours taken down (at most the module's). A module that a completed training of
another track stands for (``Module.credited_by_track``: the online first module for the
in-person module 1) counts as attended, with its hours.
"""

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone, translation

from applicants.attendance.models import Attendance
from applicants.certificates import pdf
from applicants.certificates.models import Certificate, Revocation
from applicants.models import Application


class CertificateError(Exception):
    """Something a certificate does not allow; the text says what."""


@dataclasses.dataclass(frozen=True)
class Completion:
    """How far a trainee is in completing their training."""

    hours: Decimal  # credited so far
    hours_needed: Decimal
    missing_modules: tuple  # required modules not attended (Module objects)
    credited_modules: frozenset = frozenset()  # pks of modules another training stands for

    @property
    def is_complete(self):
        return not self.missing_modules and self.hours >= self.hours_needed


def completion(application):
    """The trainee's :class:`Completion` of their training, from their attendance."""
    training = application.training
    modules = list(training.modules.all())
    attended = {
        attendance.module_id: attendance
        for attendance in Attendance.objects.filter(
            application=application, module__training=training
        ).select_related("module")
    }
    # Modules a completed training of another track stands for (the online first module).
    completed_tracks = set(
        Certificate.objects.filter(
            application=application, module__isnull=True, revocation__isnull=True
        )
        .exclude(training=training)
        .values_list("training__track", flat=True)
    )
    credited = {
        module.pk
        for module in modules
        if module.credited_by_track_id in completed_tracks and module.pk not in attended
    }
    hours = sum((a.credited_hours for a in attended.values()), Decimal(0)) + sum(
        (module.contact_hours for module in modules if module.pk in credited), Decimal(0)
    )
    missing = tuple(
        module
        for module in modules
        if module.is_required
        and module.pk not in credited
        and (module.pk not in attended or attended[module.pk].status == Attendance.Status.ABSENT)
    )
    total = sum((module.contact_hours for module in modules), Decimal(0))
    needed = (total * training.track.certificate_share / Decimal(100)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return Completion(
        hours=hours,
        hours_needed=needed,
        missing_modules=missing,
        credited_modules=frozenset(credited),
    )


def valid_certificate(application):
    """The application's certificate in force for its training, or None."""
    return (
        Certificate.objects.filter(
            application=application,
            training=application.training_id,
            module__isnull=True,
            revocation__isnull=True,
        )
        .order_by("-number")
        .first()
    )


def issue_if_complete(application, issued_by=None):
    """Issue the certificate of an accepted trainee who has completed their training and has
    none in force yet, and, where the track certifies each module, those of the modules they
    completed (:func:`completed_modules`); returns the training's certificate, or None."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("training__track")
            .get(pk=application.pk)
        )
        if application.status != Application.Status.ACCEPTED:
            return None
        if application.training.track.certifies_modules:
            certified = set(
                Certificate.objects.filter(
                    application=application, module__isnull=False, revocation__isnull=True
                ).values_list("module", flat=True)
            )
            for module, hours in completed_modules(application):
                if module.pk not in certified:
                    _issue(application, application.name, issued_by, module=(module, hours))
        if valid_certificate(application) or not completion(application).is_complete:
            return None
        return _issue(application, application.name, issued_by)


def completed_modules(application):
    """The modules of the application's training it completed, with the hours credited: present
    throughout, or in part for at least the track's share of the module's hours."""
    share = application.training.track.certificate_share
    completed = []
    for attendance in Attendance.objects.filter(
        application=application, module__training=application.training_id
    ).select_related("module"):
        module = attendance.module
        needed = module.contact_hours * share / Decimal(100)
        if attendance.status != Attendance.Status.ABSENT and attendance.credited_hours >= needed:
            completed.append((module, attendance.credited_hours))
    return completed


def revoke(certificate, reason, revoked_by=None, replaced_by=None):
    """Revoke ``certificate`` with ``reason``; its verification page says so from now on."""
    with transaction.atomic():
        if Revocation.objects.filter(certificate=certificate).exists():
            raise CertificateError("This certificate is revoked already.")
        return Revocation.objects.create(
            certificate=certificate,
            reason=reason,
            replaced_by=replaced_by,
            revoked_by=revoked_by,
        )


def reissue(certificate, name, reason, issued_by=None):
    """Issue ``certificate`` again with ``name`` (corrected) and revoke the old one as
    replaced by the new. Returns the new certificate."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("training__track")
            .get(pk=certificate.application_id)
        )
        new = _issue(application, name, issued_by, like=certificate)
        revoke(certificate, reason, revoked_by=issued_by, replaced_by=new)
    return new


def _issue(application, name, issued_by, like=None, module=None):
    """A certificate of the application's training, or of ``module`` (a module and the hours
    credited for it), or one like ``like`` with another name."""
    training = application.training
    # The training's, track's and module's names are printed in the trainee's language.
    with translation.override(application.language):
        title, track = str(training.title), str(training.track.name)
        module_title = str(module[0]) if module else ""
    if like:
        fields = {
            name: getattr(like, name)
            for name in ("training", "module", "module_title", "title", "track", "hours")
        } | {"starts_on": like.starts_on, "ends_on": like.ends_on}
    elif module:
        fields = {
            "training": training,
            "module": module[0],
            "module_title": module_title,
            "title": title,
            "track": track,
            "starts_on": module[0].start_date,
            "ends_on": module[0].end_date,
            "hours": module[1],
        }
    else:
        fields = {
            "training": training,
            "title": title,
            "track": track,
            "starts_on": training.starts_on,
            "ends_on": training.ends_on,
            "hours": completion(application).hours,
        }
    certificate = Certificate.objects.create(
        application=application,
        name=name,
        **fields,
        language=application.language,
        signed_by=like.signed_by if like else pdf.signatories(),
        issued_on=timezone.localdate(),
        issued_by=issued_by,
    )
    certificate.refresh_from_db(fields=["number"])
    return certificate
