"""The benchmark's data set: the size the portal should carry in a few years.

2,000 trainings (500 of them published and upcoming) with their modules, 300 trainers,
200,000 applications, 60 FAQ questions and 20,000 interest subscriptions, on top of the demo
content. Rows are made in Python from a fixed random seed and written with ``bulk_create`` or,
for the two large tables, PostgreSQL's COPY. A database that already holds the full set is left
as it is.
"""

import datetime
import io
import json
import random
import secrets
import time
import uuid

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from applicants.models import Application
from faq.models import Category, Question, Topic
from trainings.models import Format, InterestSubscription, Module, Track, Trainer, Training

Status = Application.Status

TRAININGS = 2000
PUBLISHED_UPCOMING = 500
TRAINERS = 300
APPLICATIONS = 200_000
QUESTIONS = 60
SUBSCRIPTIONS = 20_000

# (city, country, latitude, longitude, time zone, currency, language)
CITIES = [
    ("Buenos Aires", "AR", -34.60, -58.38, "America/Argentina/Buenos_Aires", "ARS", "es"),
    ("Madrid", "ES", 40.42, -3.70, "Europe/Madrid", "EUR", "es"),
    ("Berlin", "DE", 52.52, 13.40, "Europe/Berlin", "EUR", "de"),
    ("Munich", "DE", 48.14, 11.58, "Europe/Berlin", "EUR", "de"),
    ("Amsterdam", "NL", 52.37, 4.90, "Europe/Amsterdam", "EUR", "nl"),
    ("Cape Town", "ZA", -33.92, 18.42, "Africa/Johannesburg", "ZAR", "en"),
    ("Lisbon", "PT", 38.72, -9.14, "Europe/Lisbon", "EUR", "pt"),
    ("São Paulo", "BR", -23.55, -46.63, "America/Sao_Paulo", "BRL", "pt"),
    ("Mexico City", "MX", 19.43, -99.13, "America/Mexico_City", "MXN", "es"),
    ("New York", "US", 40.71, -74.01, "America/New_York", "USD", "en"),
    ("Denver", "US", 39.74, -104.99, "America/Denver", "USD", "en"),
    ("Toronto", "CA", 43.65, -79.38, "America/Toronto", "CAD", "en"),
    ("Sydney", "AU", -33.87, 151.21, "Australia/Sydney", "AUD", "en"),
    ("Stockholm", "SE", 59.33, 18.07, "Europe/Stockholm", "SEK", "sv"),
    ("Nairobi", "KE", -1.29, 36.82, "Africa/Nairobi", "KES", "en"),
    ("London", "GB", 51.51, -0.13, "Europe/London", "GBP", "en"),
    ("Zurich", "CH", 47.38, 8.54, "Europe/Zurich", "CHF", "de"),
    ("Warsaw", "PL", 52.23, 21.01, "Europe/Warsaw", "PLN", "pl"),
    ("Prague", "CZ", 50.08, 14.44, "Europe/Prague", "CZK", "cs"),
    ("Tel Aviv", "IL", 32.09, 34.78, "Asia/Jerusalem", "ILS", "he"),
    ("Mumbai", "IN", 19.08, 72.88, "Asia/Kolkata", "INR", "en"),
    ("Singapore", "SG", 1.35, 103.82, "Asia/Singapore", "SGD", "en"),
    ("Auckland", "NZ", -36.85, 174.76, "Pacific/Auckland", "NZD", "en"),
    ("Istanbul", "TR", 41.01, 28.98, "Europe/Istanbul", "TRY", "tr"),
    ("Oslo", "NO", 59.91, 10.75, "Europe/Oslo", "NOK", "no"),
    ("Copenhagen", "DK", 55.68, 12.57, "Europe/Copenhagen", "DKK", "da"),
]
FIRST_NAMES = [
    "Ana",
    "Lucía",
    "Sofia",
    "Maria",
    "Jonas",
    "Lena",
    "Pieter",
    "Thandi",
    "Sipho",
    "João",
    "Camila",
    "Diego",
    "Emily",
    "Michael",
    "Olivia",
    "Noah",
    "Astrid",
    "Wanjiru",
    "Amara",
    "Priya",
    "Rahul",
    "Mei",
    "Ethan",
    "Chloe",
    "Aroha",
    "Mehmet",
    "Elif",
    "Ingrid",
    "Mads",
    "Zofia",
    "Tomas",
    "Yael",
    "Daniel",
    "Sarah",
    "David",
    "Laura",
    "Carlos",
    "Hannah",
    "Lucas",
    "Emma",
]
LAST_NAMES = [
    "García",
    "Fernández",
    "Müller",
    "Schmidt",
    "de",
    "Vries",
    "Nkosi",
    "Dlamini",
    "Silva",
    "Santos",
    "Hernández",
    "López",
    "Smith",
    "Johnson",
    "Brown",
    "Wilson",
    "Andersson",
    "Kamau",
    "Otieno",
    "Sharma",
    "Patel",
    "Tan",
    "Lim",
    "Walker",
    "Ngata",
    "Yılmaz",
    "Demir",
    "Hansen",
    "Nielsen",
    "Kowalski",
    "Novák",
    "Cohen",
    "Levi",
    "Martin",
    "Rossi",
    "Becker",
    "Weber",
    "Moreau",
    "Dubois",
    "Jensen",
]
PROFESSIONS = [
    "Psychotherapist",
    "Clinical psychologist",
    "Social worker",
    "Couples counsellor",
    "Pastor",
    "Coach",
    "Family physician",
    "Teacher",
]
MOTIVATION = (
    "I work with couples every week and want a structured way to help them talk and listen "
    "to each other. Colleagues who trained with Imago told me how much it changed their work."
)


def seed(stdout=print):
    """Make the benchmark's data set in the current database, unless it is already there."""
    call_command("migrate", verbosity=0, interactive=False)
    if is_seeded():
        stdout("The data set is already in place.")
        return
    started = time.perf_counter()
    call_command("load_demo", stdout=io.StringIO())
    rng = random.Random(8)
    with transaction.atomic():
        trainers = add_trainers(rng)
        trainings = add_trainings(rng, trainers)
        add_applications(rng, trainings)
        add_questions(rng)
        add_subscriptions(rng)
    with connection.cursor() as cursor:
        # Visibility maps too, as autovacuum keeps them: index-only scans need them.
        cursor.execute("VACUUM ANALYZE")
    stdout(f"Data set made in {time.perf_counter() - started:.0f} s: {counts()}")


def counts():
    return {
        "trainings": Training.objects.count(),
        "published_upcoming": Training.objects.published().upcoming().count(),
        "modules": Module.objects.count(),
        "trainers": Trainer.objects.count(),
        "applications": Application.objects.count(),
        "questions": Question.objects.count(),
        "subscriptions": InterestSubscription.objects.count(),
    }


def is_seeded():
    return (
        Training.objects.count() >= TRAININGS
        and Application.objects.count() >= APPLICATIONS
        and InterestSubscription.objects.count() >= SUBSCRIPTIONS
    )


def person(rng, number):
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = f"{first}.{last}.{number}@example.org".lower().replace(" ", "")
    return f"{first} {last}", email


def add_trainers(rng):
    tracks = list(Track.objects.all())
    trainers = []
    for number in range(Trainer.objects.count(), TRAINERS):
        name, email = person(rng, number)
        city = rng.choice(CITIES)
        trainers.append(
            Trainer(
                name=name,
                slug=f"trainer-{number}",
                bio=f"{name} has taught Imago Relationship Therapy since {2000 + number % 25}.",
                country=city[1],
                city=city[0],
                languages=sorted({city[6], "en"}),
                email=email,
                is_listed=rng.random() < 0.9,
            )
        )
    Trainer.objects.bulk_create(trainers)
    Trainer.tracks.through.objects.bulk_create(
        Trainer.tracks.through(trainer=trainer, track=track)
        for trainer in trainers
        for track in rng.sample(tracks, k=rng.randint(1, len(tracks)))
    )
    return list(Trainer.objects.all())


def add_trainings(rng, trainers):
    """Trainings with modules: enough published upcoming ones to reach PUBLISHED_UPCOMING,
    and past, draft and cancelled ones for the rest."""
    tracks = list(Track.objects.all())
    today = timezone.localdate()
    missing_upcoming = PUBLISHED_UPCOMING - Training.objects.published().upcoming().count()
    total = TRAININGS - Training.objects.count()
    trainings, modules = [], []
    for number in range(total):
        if number < missing_upcoming:
            status, starts = (
                Training.Status.PUBLISHED,
                today + datetime.timedelta(days=rng.randint(20, 700)),
            )
        else:
            status = rng.choices(
                [Training.Status.PUBLISHED, Training.Status.DRAFT, Training.Status.CANCELLED],
                weights=[70, 20, 10],
            )[0]
            starts = today - datetime.timedelta(days=rng.randint(30, 2500))
            if status == Training.Status.DRAFT:
                starts = today + datetime.timedelta(days=rng.randint(60, 700))
        track = rng.choice(tracks)
        fmt = rng.choices(list(Format), weights=[70, 20, 10])[0]
        city, country, latitude, longitude, zone, currency, language = rng.choice(CITIES)
        online = fmt == Format.ONLINE
        close = starts - datetime.timedelta(days=rng.randint(7, 30))
        fee = rng.randrange(900, 6000, 50)
        early = rng.random() < 0.4
        training = Training(
            track=track,
            title=f"{track.name}, {'Online' if online else city} {starts:%B %Y} #{number}",
            slug=slugify(f"{track.slug} {'online' if online else city} {starts:%Y-%m} {number}"),
            description="A cohort of the track with trainers from the international faculty.",
            language=language if rng.random() < 0.7 else "en",
            format=fmt,
            venue_name="" if online else f"{city} Conference Centre",
            city="" if online else city,
            country="" if online else country,
            latitude=None if online else latitude + rng.uniform(-0.2, 0.2),
            longitude=None if online else longitude + rng.uniform(-0.2, 0.2),
            time_zone=zone,
            contact_hours=rng.choice([40, 60, 120, 150]),
            currency=currency,
            fee=fee,
            early_bird_fee=fee - 200 if early else None,
            early_bird_deadline=close - datetime.timedelta(days=60) if early else None,
            payment_plan="Three instalments, one before each module.",
            capacity=rng.randint(12, 40),
            applications_open=close - datetime.timedelta(days=rng.randint(90, 240)),
            applications_close=close,
            refund_policy="Full refund until 30 days before the first module; after that, "
            "transfer to another cohort.",
            status=status,
        )
        trainings.append(training)
        day = starts
        for module_number in range(1, rng.randint(2, 5) + 1):
            modules.append(
                Module(
                    training=training,
                    number=module_number,
                    format=Format.ONLINE if online else Format.IN_PERSON,
                    start_date=day,
                    end_date=day + datetime.timedelta(days=3),
                    daily_start=datetime.time(9),
                    daily_end=datetime.time(17),
                )
            )
            day += datetime.timedelta(weeks=rng.randint(6, 12))
    Training.objects.bulk_create(trainings, batch_size=500)
    Module.objects.bulk_create(modules, batch_size=2000)
    Training.trainers.through.objects.bulk_create(
        Training.trainers.through(training=training, trainer=trainer)
        for training in trainings
        for trainer in rng.sample(trainers, k=rng.randint(1, 3))
    )
    return list(Training.objects.values("pk", "capacity", "applications_open", "status"))


def add_applications(rng, trainings):
    """About a hundred applications per training: seat holders up to the capacity (never more),
    then the waiting list, declined and withdrawn ones."""
    missing = APPLICATIONS - Application.objects.count()
    trainings = [t for t in trainings if t["status"] != Training.Status.DRAFT]
    weights = [rng.uniform(0.2, 1.8) for _ in trainings]
    per_training = {}
    for training in rng.choices(trainings, weights=weights, k=missing):
        per_training.setdefault(training["pk"], (training, []))[1].append(None)
    now = timezone.now()
    rows, number = [], 0
    for training, slots in per_training.values():
        taken = Application.objects.filter(training_id=training["pk"]).holding_seats().count()
        free = max(training["capacity"] - taken, 0)
        # Some trainings keep free seats, so that the catalogue shows every kind of availability.
        free = rng.randint(0, free) if rng.random() < 0.4 else free
        received = datetime.datetime.combine(
            training["applications_open"], datetime.time(12), tzinfo=datetime.UTC
        )
        for position in range(len(slots)):
            number += 1
            name, email = person(rng, number)
            created = received + datetime.timedelta(hours=position * 7)
            if created > now:  # a training whose applications opened lately
                created = now - datetime.timedelta(minutes=rng.randint(1, 90 * 24 * 60))
            if position < free:
                status = rng.choice(
                    [Status.SUBMITTED, Status.UNDER_REVIEW, Status.ACCEPTED, Status.ACCEPTED]
                )
            else:
                status = rng.choice([Status.WAITLISTED, Status.DECLINED, Status.WITHDRAWN])
            city = rng.choice(CITIES)
            rows.append(
                {
                    "training_id": training["pk"],
                    "token": secrets.token_urlsafe(32),
                    "confirmation_token": secrets.token_urlsafe(32),
                    "confirmed_at": created,
                    "confirm_by": None,
                    "submission_key": str(uuid.UUID(int=rng.getrandbits(128))),
                    "status": status,
                    "waitlisted_at": created if status == Status.WAITLISTED else None,
                    "name": name,
                    "email": email,
                    "phone": "",
                    "country": city[1],
                    "city": city[0],
                    "language": rng.choice(["en", "en", "es", "de"]),
                    "profession": rng.choice(PROFESSIONS),
                    "degree_level": rng.choice(["master", "master", "doctorate", "bachelor"]),
                    "degree_field": rng.choice(["psychology", "social_work", "counselling"]),
                    "degree_institution": "",
                    "degree_year": rng.randint(1985, 2024),
                    "has_licence": rng.random() < 0.6,
                    "licence_country": "",
                    "licence_body": "",
                    "years_of_practice": rng.randint(0, 30),
                    "is_eligible": True,
                    "eligibility_reasons": "[]",
                    "motivation": MOTIVATION,
                    "attended_workshop": rng.random() < 0.5,
                    "wants_financial_assistance": rng.random() < 0.15,
                    "financial_note": "",
                    "accessibility_needs": "",
                    "heard_from": rng.choice(["colleague", "search", "workshop", ""]),
                    "privacy_consent_at": created,
                    "privacy_notice_version": "2026-11",
                    "policy_consent_at": created,
                    "policy_text": "Full refund until 30 days before the first module.",
                    "internal_notes": "",
                    "decline_reason": "",
                    "deletion_requested_at": None,
                    "created_at": created,
                    "updated_at": created,
                }
            )
    copy_rows(Application, rows)


def add_questions(rng):
    categories = list(Category.objects.all())
    topics = list(Topic.values)
    Question.objects.bulk_create(
        Question(
            category=rng.choice(categories),
            question=f"How does the {subject} work in practice? ({number})",
            slug=f"bench-question-{number}",
            answer=(
                f"The **{subject}** is explained by the trainers during the first module. "
                "Fees, dates and the online study are described on each training's page; "
                "write to us through the contact form if anything is unclear."
            ),
            topic=rng.choice(topics),
            position=100 + number,
            is_published=True,
        )
        for number, subject in zip(
            range(Question.objects.count(), QUESTIONS),
            rng.choices(["supervision", "certification", "payment plan", "online module"], k=99),
            strict=False,
        )
    )


def add_subscriptions(rng):
    tracks = [None, *Track.objects.values_list("pk", flat=True)]
    now = timezone.now()
    rows = []
    for number in range(InterestSubscription.objects.count(), SUBSCRIPTIONS):
        _, email = person(rng, number)
        city = rng.choice(CITIES)
        created = now - datetime.timedelta(hours=rng.randint(1, 20_000))
        rows.append(
            {
                "email": f"interest.{email}",
                "country": city[1],
                "city": city[0],
                "track_id": rng.choice(tracks),
                "languages": "{}",  # an empty array, as PostgreSQL's COPY reads it
                "wants_online": rng.random() < 0.3,
                "interface_language": rng.choice(["en", "es", "de"]),
                "token": secrets.token_urlsafe(32),
                "confirmed_at": created if rng.random() < 0.8 else None,
                "unsubscribed_at": None,
                "created_at": created,
            }
        )
    copy_rows(InterestSubscription, rows)


def copy_rows(model, rows):
    """Write ``rows`` (dicts of column values) into ``model``'s table with COPY; a column the
    rows leave out gets its field's default, as the ORM would give it."""
    if not rows:
        return
    defaults = {
        field.column: field.get_default()
        for field in model._meta.concrete_fields
        if field.has_default() and field.column not in rows[0]
    }
    rows = [row | defaults for row in rows]
    columns = list(rows[0])
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(copy_value(row[column]) for column in columns))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN", buffer)


def copy_value(value):
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        value = json.dumps(value)
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
