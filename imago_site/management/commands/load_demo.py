from django.core.management.base import BaseCommand
from django.db import transaction

from faq.models import Category, Question
from trainings.models import Track

# The demo content is written for this portal; staff replace it with the institute's own
# wording in the admin.
TRACKS = [
    {
        "slug": "clinical",
        "name": "Clinical Track",
        "position": 1,
        "summary": (
            "The full training in Imago Relationship Therapy for psychotherapists, psychologists "
            "and counsellors who want couples work at the centre of their practice."
        ),
        "audience": (
            "Clinicians: people trained to practise psychotherapy who want to work with couples "
            "in a structured, hopeful way."
        ),
        "prerequisites": (
            "A Master's degree or higher in psychology, social work or practical theology, "
            "or a qualification that lets you practise psychotherapy in your country."
        ),
    },
    {
        "slug": "professional-facilitator",
        "name": "Professional Facilitator Training",
        "position": 2,
        "summary": (
            "Imago's dialogue and relational skills for professionals who are not therapists: "
            "clergy, teachers, HR managers, doctors, coaches."
        ),
        "audience": (
            "Anyone whose work is about people and relationships and who wants to bring Imago "
            "principles into their own field."
        ),
        "prerequisites": "No clinical degree is needed.",
    },
    {
        "slug": "online-first-module",
        "name": "Online first module",
        "position": 3,
        "summary": (
            "Begin the training from your own office: the first module is taught live online, "
            "before you join an in-person group."
        ),
        "audience": (
            "People who cannot travel for the first module, or who want to start before a "
            "training is scheduled near them."
        ),
        "prerequisites": "The prerequisites of the track this module opens.",
    },
]

CATEGORIES = [
    ("joining", "Joining a training", 1),
    ("practicalities", "Dates, places and fees", 2),
]

QUESTIONS = [
    {
        "slug": "no-masters-degree",
        "category": "joining",
        "question": "I don't have a Master's degree in psychology. Can I still train?",
        "answer": (
            "The Clinical Track asks for a Master's in psychology, social work or practical "
            "theology, or a qualification to practise psychotherapy where you live. Without one, "
            "the Professional Facilitator Training is made for you: it teaches the same dialogue "
            "for use in your own profession."
        ),
    },
    {
        "slug": "where",
        "category": "practicalities",
        "question": "Where can I take the training?",
        "answer": (
            "Trainings run in more than 38 countries, and the first module is also taught "
            "online. Write to us and we will tell you about the next training close to you."
        ),
    },
    {
        "slug": "online",
        "category": "practicalities",
        "question": "Can I train online?",
        "answer": (
            "Yes, the first module is taught live online. The later modules meet in person, "
            "because much of the learning happens in practice with others."
        ),
    },
]


class Command(BaseCommand):
    help = "Load the portal's demo content. Running it again updates, never duplicates."

    @transaction.atomic
    def handle(self, *args, **options):
        for track in TRACKS:
            Track.objects.update_or_create(slug=track["slug"], defaults=track)
        categories = {}
        for slug, name, position in CATEGORIES:
            categories[slug], _ = Category.objects.update_or_create(
                slug=slug, defaults={"name": name, "position": position}
            )
        for position, question in enumerate(QUESTIONS, start=1):
            Question.objects.update_or_create(
                slug=question["slug"],
                defaults={
                    **question,
                    "category": categories[question["category"]],
                    "position": position,
                    "is_published": True,
                },
            )
        self.stdout.write(
            f"Demo content ready: {Track.objects.count()} tracks, "
            f"{Question.objects.count()} questions."
        )
