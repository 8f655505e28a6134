"""Applications saved to finish later: drafts.

"Save and continue later" on the application form keeps what was typed, complete or not, as a
:class:`~applicants.models.Draft`, with the documents uploaded so far, and mails a private link
to the address typed (:func:`save_draft`). The form checks only what a draft needs first: that
address, and the consent to keep personal data (``ApplicationForm.is_valid_for_draft``).

A draft holds nothing: no seat, no place on the waiting list, no eligibility verdict. Its link
opens the application form again, filled in; sending it is sending a new application, through
the same view and every check of one (``applicants.views.apply``), and the draft then goes
(:func:`discard`), its documents now the application's. Not saved again for
``APPLICATION_DRAFT_DAYS``, a draft expires: its link stops working, and the daily erasure
deletes it with its documents and their files (:func:`expired_drafts`, registered in
``ApplicantsConfig.ready()``).
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from applicants import documents, tasks
from applicants.models import Draft


def find_live(token, training):
    """The draft of ``training`` whose link token is ``token``, if it has not expired."""
    if not token:
        return None
    return Draft.objects.live().filter(token=token, training=training).first()


def save_draft(training, *, draft, submission_key, email, language, answers, pending):
    """Keep the answers of an application form for ``training`` as a draft, with its
    ``pending`` documents, and mail the draft's link to ``email`` after the commit. Returns
    the draft.

    Which draft: ``draft``, the one the form continues (opened from its link, which only the
    mail to its address carries), if it is still there; else the one this same form saved
    already (``submission_key``: a double click), if it went to the same address and its link
    has not been opened yet; else a new one. The link keeps working for
    ``APPLICATION_DRAFT_DAYS`` from now.
    """
    values = {
        "email": email,
        "language": language,
        "answers": answers,
        # The portal keeps personal data only with consent: the form asked for it to save.
        "privacy_consent_at": timezone.now(),
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
    }
    with transaction.atomic():
        found = earlier_draft(training, draft, submission_key, email)
        if found is None:
            found = create(training, submission_key, values)
        else:
            for name, value in values.items():
                setattr(found, name, value)
            found.save()
        documents.keep_with_draft(found, pending)
        transaction.on_commit(lambda: tasks.send_draft_link.enqueue(found.pk))
    return found


def earlier_draft(training, draft, submission_key, email):
    """The stored draft that a save of the form updates, locked; None for a new one."""
    live = Draft.objects.live().filter(training=training).select_for_update()
    if draft is not None:
        found = live.filter(pk=draft.pk).first()
        if found is not None:
            return found
    if submission_key is not None:
        return live.filter(submission_key=submission_key, email__iexact=email).first()
    return None


def create(training, submission_key, values):
    """A new draft; when the same form is saved twice at once, the other save's draft."""
    try:
        with transaction.atomic():
            return Draft.objects.create(training=training, submission_key=submission_key, **values)
    except IntegrityError:
        if submission_key is None:
            raise
    # The other save created it a moment ago: this one updates it.
    found = Draft.objects.select_for_update().get(submission_key=submission_key)
    for name, value in values.items():
        setattr(found, name, value)
    found.save()
    return found


def opened(draft):
    """The draft's link was opened: from now on only the form opened from the link (which
    carries the draft's token) changes the draft, not the form that first saved it."""
    Draft.objects.filter(pk=draft.pk, submission_key__isnull=False).update(submission_key=None)


def discard(draft):
    """Delete a draft that was sent as an application. Attach the documents it kept to the
    application first: those still with the draft go with it."""
    Draft.objects.filter(pk=draft.pk).delete()


def expired_drafts():
    """Drafts not saved for ``APPLICATION_DRAFT_DAYS``: deleting them deletes their documents
    and, once that commits, the documents' files."""
    return Draft.objects.expired()
