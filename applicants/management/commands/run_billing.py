import datetime

from django.core.management.base import BaseCommand

from applicants.invoices import tasks


class Command(BaseCommand):
    help = (
        "Issue the invoices of accepted trainees' payment plans that fall due, and queue the "
        "payment reminders (a week before the due day, and after it). For cron; the task "
        "worker also runs it daily once --schedule has queued it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the daily billing for the task worker (once), and issue nothing now.",
        )
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Bill as on this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args, schedule=False, date=None, **options):
        if schedule:
            queued = tasks.schedule_daily_billing()
            self.stdout.write(
                "The daily billing is queued."
                if queued
                else "The daily billing was queued already."
            )
            return
        counts = tasks.run_billing(date)
        self.stdout.write(
            f"Issued {counts['invoices']} invoices; queued {counts['reminders']} reminders."
        )
