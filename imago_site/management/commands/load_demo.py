import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Load the portal's demo content: tracks, faculty, trainings with their modules, a few "
        "applications and FAQ. Dates are set relative to today. Running it again updates, "
        "never duplicates."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        loaded = []
        # Each app keeps its demo content, and the code that loads it, in its own ``demo``
        # package. Apps load in the order of INSTALLED_APPS, which lists an app after the apps
        # whose rows it refers to (applications name their trainings).
        with transaction.atomic():
            for app in apps.get_app_configs():
                if importlib.util.find_spec(f"{app.name}.demo") is None:
                    continue
                counts = importlib.import_module(f"{app.name}.demo").load(today)
                loaded.append((app.label, counts))
        for label, counts in loaded:
            summary = ", ".join(f"{count} {name}" for name, count in counts.items())
            self.stdout.write(f"{label}: {summary}")
        self.stdout.write("Demo content ready.")
