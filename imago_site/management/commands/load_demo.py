import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from applicants.eligibility import check_eligibility
from applicants.models import Application
from faq.models import Category, Question
from imago_site import demo_content as demo
from trainings.models import Format, Module, Track, Trainer, Training

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

# Optional fields of a training in demo_content, and their value when a training leaves them out.
TRAINING_DEFAULTS = {
    "description": "",
    "venue_name": "",
    "city": "",
    "country": "",
    "latitude": None,
    "longitude": None,
    "early_bird_fee": None,
    "early_bird_deadline": None,
    "payment_plan": "",
    "status": Training.Status.PUBLISHED,
}
# Fields of a training given in weeks from the current week's Monday (see demo_content).
WEEK_FIELDS = ["applications_open", "applications_close", "early_bird_deadline"]


def week_date(this_monday, week, weekday="mon"):
    """The date of ``weekday`` in the week ``week`` weeks after (or before) this week."""
    return this_monday + datetime.timedelta(weeks=week, days=WEEKDAYS.index(weekday))


def parse_time(text):
    return datetime.time.fromisoformat(text)


class Command(BaseCommand):
    help = (
        "Load the portal's demo content: tracks, faculty, trainings with their modules, a few "
        "applications and FAQ. Dates are set relative to today. Running it again updates, "
        "never duplicates."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        today = timezone.localdate()
        this_monday = today - datetime.timedelta(days=today.weekday())
        tracks = self.load_tracks()
        trainers = self.load_trainers(tracks)
        trainings = self.load_trainings(tracks, trainers, this_monday)
        self.load_applications(trainings)
        self.load_faq()
        self.stdout.write(
            f"Demo content ready: {Track.objects.count()} tracks, "
            f"{Trainer.objects.count()} trainers, {Training.objects.count()} trainings, "
            f"{Module.objects.count()} modules, {Application.objects.count()} applications, "
            f"{Question.objects.count()} questions."
        )

    def load_tracks(self):
        tracks = {}
        for data in demo.TRACKS:
            fields = dict(data)
            # A track can only open one listed before it.
            opens = fields.pop("opens", None)
            fields["opens"] = tracks[opens] if opens else None
            tracks[data["slug"]], _ = Track.objects.update_or_create(
                slug=data["slug"], defaults=fields
            )
        return tracks

    def load_trainers(self, tracks):
        trainers = {}
        for data in demo.TRAINERS:
            fields = dict(data)
            track_slugs = fields.pop("tracks")
            trainer, _ = Trainer.objects.update_or_create(slug=data["slug"], defaults=fields)
            trainer.tracks.set([tracks[slug] for slug in track_slugs])
            trainers[trainer.slug] = trainer
        return trainers

    def load_trainings(self, tracks, trainers, this_monday):
        trainings = {}
        for data in demo.TRAININGS:
            fields = {**TRAINING_DEFAULTS, **data}
            modules = fields.pop("modules")
            trainer_slugs = fields.pop("trainers")
            fields["track"] = tracks[data["track"]]
            for name in WEEK_FIELDS:
                if fields[name] is not None:
                    fields[name] = week_date(this_monday, fields[name])
            # The modules go first: a database trigger copies their dates to the training, and
            # last run's dates could clash with this run's application deadlines.
            Module.objects.filter(training__slug=data["slug"]).delete()
            training, _ = Training.objects.update_or_create(slug=data["slug"], defaults=fields)
            training.trainers.set([trainers[slug] for slug in trainer_slugs])
            for number, module in enumerate(modules, start=1):
                self.create_module(training, number, module, this_monday)
            trainings[training.slug] = training
        return trainings

    def create_module(self, training, number, data, this_monday):
        start = week_date(this_monday, data["week"], data.get("weekday", "mon"))
        daily_start, daily_end = data.get("hours", (None, None))
        default_format = Format.ONLINE if training.format == Format.ONLINE else Format.IN_PERSON
        Module.objects.create(
            training=training,
            number=number,
            title=demo.MODULE_TITLES[training.track.slug][number - 1],
            format=data.get("format", default_format),
            start_date=start,
            end_date=start + datetime.timedelta(days=data["days"] - 1),
            daily_start=parse_time(daily_start) if daily_start else None,
            daily_end=parse_time(daily_end) if daily_end else None,
        )

    def load_applications(self, trainings):
        """The demo applications, as if each was sent through the form: answers, consents and
        the eligibility verdict. The consents are recorded once, on the first run, as a real
        applicant's would be; everything else follows demo_content on every run."""
        now = timezone.now()
        for training_slug, applications in demo.APPLICATIONS.items():
            training = trainings[training_slug]
            consents = {
                "privacy_consent_at": now,
                "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
                "policy_consent_at": now,
                "policy_text": training.refund_policy,
            }
            for position, (name, email, status, background, *home) in enumerate(applications):
                answers = demo.BACKGROUNDS[background]
                city, country = home or (training.city, training.country)
                verdict = check_eligibility(
                    training.track.requirements,
                    answers["degree_level"],
                    answers["degree_field"],
                    answers["has_licence"],
                )
                fields = {
                    **answers,
                    "name": name,
                    "status": status,
                    "city": city,
                    "country": country,
                    "licence_country": country if answers["has_licence"] else "",
                    "is_eligible": verdict.is_eligible,
                    "eligibility_reasons": list(verdict.reasons),
                    # Seconds apart, so that the waiting list keeps the order of the rows.
                    "waitlisted_at": now + datetime.timedelta(seconds=position)
                    if status == Application.Status.WAITLISTED
                    else None,
                }
                Application.objects.update_or_create(
                    training=training,
                    email=email,
                    defaults=fields,
                    create_defaults={**fields, **consents},
                )

    def load_faq(self):
        categories = {}
        for position, category in enumerate(demo.CATEGORIES, start=1):
            categories[category["slug"]], _ = Category.objects.update_or_create(
                slug=category["slug"], defaults={**category, "position": position}
            )
        for position, question in enumerate(demo.QUESTIONS, start=1):
            Question.objects.update_or_create(
                slug=question["slug"],
                defaults={
                    "video_url": "",
                    **question,
                    "category": categories[question["category"]],
                    "position": position,
                    "is_published": True,
                },
            )
