import datetime

import factory
from django.conf import settings
from django.utils import timezone

from applicants import documents
from applicants.models import Application, BillingDetails, Document, Draft, Event
from faq.models import Category, ContactMessage, Coordinator, Question
from tests.files import pdf_bytes
from trainings.models import (
    Cost,
    DocumentRequirement,
    Format,
    Instalment,
    InterestSubscription,
    Module,
    RefundRule,
    Track,
    Trainer,
    Training,
)

# The password of the ``officer`` fixture's account (tests/conftest.py), for tests that log in
# through the login page as staff really do.
STAFF_PASSWORD = "correct horse battery"


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def offer_instead_of_clinical(facilitator, create, extracted, **kwargs):
    """The Clinical Track, made earlier, offers this Facilitator Training instead."""
    if create:
        Track.objects.filter(slug="clinical", offered_instead=None).update(
            offered_instead=facilitator
        )


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    class Params:
        # The institute's two tracks as staff set them up: TrackFactory(clinical=True). The
        # Clinical Track offers the Facilitator Training to those who do not qualify
        # (``offered_instead``): whichever of the two is made second is linked to the first.
        clinical = factory.Trait(
            slug="clinical",
            name="Clinical Track",
            minimum_degree="master",
            degree_fields=["psychology", "social_work", "practical_theology"],
            licence_qualifies=True,
            offered_instead=factory.LazyFunction(
                lambda: Track.objects.filter(slug="professional-facilitator").first()
            ),
        )
        facilitator = factory.Trait(
            slug="professional-facilitator",
            name="Professional Facilitator Training",
            offered_by_clinical=factory.PostGeneration(offer_instead_of_clinical),
        )

    name = factory.Sequence(lambda n: f"Track {n}")
    slug = factory.Sequence(lambda n: f"track-{n}")
    summary = factory.LazyAttribute(lambda track: f"What {track.name} teaches.")
    audience = "People who work with couples."
    position = factory.Sequence(int)


class TrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Trainer {n}")
    slug = factory.Sequence(lambda n: f"trainer-{n}")
    bio = "Teaches couples therapy."
    country = "DE"
    city = "Berlin"
    languages = factory.LazyFunction(lambda: ["en"])

    @factory.post_generation
    def tracks(self, create, tracks):
        if create and tracks:
            self.tracks.set(tracks)


class TrainingFactory(factory.django.DjangoModelFactory):
    """A published, open, in-person training in Berlin whose one module starts in 60 days.

    ``starts_in`` (days) and ``modules`` (a count) shape the modules, the first starting the day
    after applications close; the database derives the training's first and last day.
    """

    class Meta:
        model = Training
        skip_postgeneration_save = True

    class Params:
        starts_in = 60
        online = factory.Trait(
            format=Format.ONLINE, venue_name="", city="", country="", latitude=None, longitude=None
        )

    track = factory.SubFactory(TrackFactory, slug="clinical", name="Clinical Track")
    title = factory.Sequence(lambda n: f"Training {n}")
    slug = factory.Sequence(lambda n: f"training-{n}")
    language = "en"
    format = Format.IN_PERSON
    venue_name = "Haus am See"
    city = "Berlin"
    country = "DE"
    latitude = 52.52
    longitude = 13.405
    time_zone = "Europe/Berlin"
    contact_hours = 120
    currency = "EUR"
    fee = 2400
    capacity = 20
    applications_open = factory.LazyFunction(lambda: days_from_today(-10))
    applications_close = factory.LazyAttribute(lambda t: days_from_today(t.starts_in - 1))
    refund_policy = "Full refund until 30 days before the start."
    status = Training.Status.PUBLISHED

    @factory.post_generation
    def modules(self, create, count, **kwargs):
        if not create:
            return
        start = self.applications_close + datetime.timedelta(days=1)
        for number in range(1, (1 if count is None else count) + 1):
            first = start + datetime.timedelta(days=60 * (number - 1))
            Module.objects.create(
                training=self,
                number=number,
                start_date=first,
                end_date=first + datetime.timedelta(days=3),
                daily_start=datetime.time(9, 30),
                daily_end=datetime.time(17, 0),
            )
        self.refresh_from_db(fields=["starts_on", "ends_on"])

    @factory.post_generation
    def trainers(self, create, trainers):
        if create and trainers:
            self.trainers.set(trainers)


class InstalmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instalment

    training = factory.SubFactory(TrainingFactory)
    due_on = factory.LazyFunction(lambda: days_from_today(30))
    amount = 500


class RefundRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RefundRule

    training = factory.SubFactory(TrainingFactory)
    until = factory.LazyFunction(lambda: days_from_today(30))
    percent = 100


class CostFactory(factory.django.DjangoModelFactory):
    """A cost paid on top of the fee: supervision, about EUR 900."""

    class Meta:
        model = Cost

    training = factory.SubFactory(TrainingFactory)
    kind = Cost.Kind.SUPERVISION
    description = "Ten group supervision sessions"
    estimate = 900


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A stored application, written directly (not through the workflow): a psychologist
    with a Master's degree, holding a seat, whose address is confirmed (unless it expired).
    ``unconfirmed=True``: the address is still to be confirmed, within the window the settings
    give."""

    class Meta:
        model = Application

    class Params:
        unconfirmed = factory.Trait(
            confirmed_at=None,
            confirm_by=factory.LazyFunction(
                lambda: (
                    timezone.now() + datetime.timedelta(hours=settings.APPLICATION_CONFIRM_HOURS)
                )
            ),
        )

    training = factory.SubFactory(TrainingFactory)
    name = factory.Sequence(lambda n: f"Applicant {n}")
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    status = Application.Status.SUBMITTED
    country = "DE"
    city = "Berlin"
    profession = "Psychotherapist"
    degree_level = "master"
    degree_field = "psychology"
    motivation = "I want to help couples talk again."
    is_eligible = True
    privacy_consent_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = "2026-11"
    policy_consent_at = factory.LazyFunction(timezone.now)
    policy_text = "Full refund until 30 days before the start."
    waitlisted_at = factory.LazyAttribute(
        lambda a: timezone.now() if a.status == Application.Status.WAITLISTED else None
    )
    # An expired application's address was never confirmed, and its time to do so is over.
    confirmed_at = factory.LazyAttribute(
        lambda a: None if a.status == Application.Status.EXPIRED else timezone.now()
    )
    confirm_by = factory.LazyAttribute(
        lambda a: (
            timezone.now() - datetime.timedelta(hours=1)
            if a.status == Application.Status.EXPIRED
            else None
        )
    )


class BillingDetailsFactory(factory.django.DjangoModelFactory):
    """The billing details of an application (accepted, unless one is given)."""

    class Meta:
        model = BillingDetails

    application = factory.SubFactory(ApplicationFactory, status=Application.Status.ACCEPTED)
    name = factory.LazyAttribute(lambda b: b.application.name)
    address = "Torstraße 12"
    postcode = "10119"
    city = "Berlin"
    country = "DE"


def online_first_module(modules=1, capacity=20):
    """An online training whose completion credits module 1 of an in-person training of
    ``capacity`` seats (each module of either 20 contact hours), and that in-person training."""
    online_track = TrackFactory(slug="online-first-module", name="Online first module")
    online = TrainingFactory(slug="online", track=online_track, online=True, modules=modules)
    in_person = TrainingFactory(slug="in-person", modules=2, capacity=capacity)
    online_track.opens = in_person.track
    online_track.save()
    Module.objects.filter(training__in=[online, in_person]).update(contact_hours=20)
    in_person.modules.filter(number=1).update(credited_by_track=online_track)
    return online, in_person


def accepted(days_ago=0, **fields):
    """An application accepted ``days_ago`` days ago (its event says so), with billing
    details; ``fields`` go to the application (``training=...``)."""
    application = ApplicationFactory(status=Application.Status.ACCEPTED, **fields)
    Event.objects.create(
        application=application,
        from_status=Application.Status.UNDER_REVIEW,
        to_status=Application.Status.ACCEPTED,
        code=Event.Code.ACCEPTED,
    )
    if days_ago:
        Event.objects.filter(application=application).update(
            at=timezone.now() - datetime.timedelta(days=days_ago)
        )
    BillingDetailsFactory(application=application)
    return application


class DraftFactory(factory.django.DjangoModelFactory):
    """An application form saved to finish later with a few answers, its link working."""

    class Meta:
        model = Draft

    training = factory.SubFactory(TrainingFactory)
    email = factory.Sequence(lambda n: f"saver{n}@example.org")
    answers = factory.LazyAttribute(
        lambda draft: {"name": "Ana Ruiz", "email": draft.email, "country": "AR"}
    )
    privacy_consent_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = "2026-11"


class DocumentRequirementFactory(factory.django.DjangoModelFactory):
    """A document the Clinical Track asks for, required."""

    class Meta:
        model = DocumentRequirement

    track = factory.SubFactory(TrackFactory, slug="clinical", name="Clinical Track")
    name = factory.Sequence(lambda n: f"Document {n}")
    position = factory.Sequence(int)


def stored_document(application, requirement, name="cv.pdf", content=None):
    """A document of ``application`` (None: a pending upload), stored as the portal stores a
    file it accepted: checked, and under a random name in the documents storage."""
    content_type, content = documents.check_content(content or pdf_bytes())
    checked = documents.CheckedFile(content, content_type, name)
    return documents.store(Document(application=application, requirement=requirement), checked)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    position = factory.Sequence(int)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    category = factory.SubFactory(CategoryFactory)
    question = factory.Sequence(lambda n: f"Question number {n}?")
    slug = factory.Sequence(lambda n: f"question-{n}")
    answer = "An answer in plain words."
    position = factory.Sequence(int)
    is_published = True


class CoordinatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coordinator

    country = "DE"
    name = "Anna Koordinatorin"
    email = "coordinator.de@imago.example"


class ContactMessageFactory(factory.django.DjangoModelFactory):
    """A stored message, written directly (not through the form)."""

    class Meta:
        model = ContactMessage

    topic = ContactMessage.Topic.GENERAL
    name = factory.Sequence(lambda n: f"Sender {n}")
    email = factory.Sequence(lambda n: f"sender{n}@example.org")
    country = "DE"
    message = "When does the next training start?"
    privacy_consent_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = "2026-11"
    language = "en"
    ip = "203.0.113.9"


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A confirmed subscription for trainings in Germany, any track, any language."""

    class Meta:
        model = InterestSubscription

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    country = "DE"
    confirmed_at = factory.LazyFunction(timezone.now)
