from django.core.management.base import BaseCommand

from imago_site import retention, tasks


class Command(BaseCommand):
    help = (
        "Erase the personal data whose retention period is over, by the rules the apps "
        "register in imago_site/retention.py. For cron; the task worker also runs it daily "
        "once --schedule has queued it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be erased."
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the daily erasure for the task worker (once), and erase nothing now.",
        )

    def handle(self, *args, dry_run=False, schedule=False, **options):
        if schedule:
            queued = tasks.schedule_daily_erasure()
            self.stdout.write(
                "The daily erasure is queued."
                if queued
                else "The daily erasure was queued already."
            )
            return
        counts = retention.erase_expired_data(dry_run=dry_run)
        verb = "Would erase" if dry_run else "Erased"
        for kind, count in counts.items():
            self.stdout.write(f"{verb} {count} {kind}.")
