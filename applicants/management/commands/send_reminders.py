from django.core.management.base import BaseCommand

from applicants.reminders import tasks


class Command(BaseCommand):
    help = (
        "Queue the reminders due now (unconfirmed addresses, missing documents, unfinished "
        "drafts, closing dates and early-bird prices, the staff's daily digests), each once. "
        "The task worker runs this every hour once --schedule has queued it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the hourly reminders run for the task worker (once), and send nothing now.",
        )

    def handle(self, *args, schedule=False, **options):
        if schedule:
            queued = tasks.schedule_hourly_reminders()
            self.stdout.write(
                "The hourly reminders run is queued."
                if queued
                else "The hourly reminders run was queued already."
            )
            return
        counts = tasks.run()
        self.stdout.write(
            "Queued reminders: " + ", ".join(f"{count} {kind}" for kind, count in counts.items())
        )
