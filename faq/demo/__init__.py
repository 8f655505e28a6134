"""The demo FAQ, read from categories.toml and questions.toml in this folder.

``manage.py load_demo`` calls :func:`load`. Categories and questions take their position from
their order in the files.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction

from faq.models import Category, Question
from imago_site.demo_data import read
from imago_site.translated import DEFAULT_LANGUAGE, columns

FOLDER = Path(__file__).parent
# A translation taken out of the files is taken out of the FAQ too.
BLANK_TRANSLATIONS = dict.fromkeys(
    columns(
        "question",
        "answer",
        languages=[code for code, _name in settings.LANGUAGES if code != DEFAULT_LANGUAGE],
    ),
    "",
)


@transaction.atomic
def load(today, folder=FOLDER):
    """Create or update the demo categories and questions, all published, and return how many
    there are. The FAQ is not dated, so ``today`` is not used."""
    categories = {}
    for position, entry in enumerate(read(folder / "categories.toml")["categories"], start=1):
        categories[entry["slug"]], _ = Category.objects.update_or_create(
            slug=entry["slug"], defaults={**entry, "position": position}
        )
    path = folder / "questions.toml"
    questions = read(path)["questions"]
    for position, entry in enumerate(questions, start=1):
        if entry["category"] not in categories:
            raise CommandError(
                f"{path}, question {entry['slug']!r}: "
                f"there is no category {entry['category']!r} in categories.toml"
            )
        Question.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "video_url": "",
                **BLANK_TRANSLATIONS,
                **entry,
                "category": categories[entry["category"]],
                "position": position,
                "is_published": True,
            },
        )
    return {"categories": len(categories), "questions": len(questions)}
