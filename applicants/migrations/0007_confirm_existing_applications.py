"""Applications stored before addresses were confirmed count as confirmed, from when they were
received, so that none of them expires on deploy; each gets a confirmation token of its own
(never mailed: there is nothing left to confirm)."""

from django.db import migrations
from django.db.models import F

from imago_site.tokens import new_token

BATCH = 1000


def confirm_existing(apps, schema_editor):
    Application = apps.get_model("applicants", "Application")
    Application.objects.filter(confirmed_at__isnull=True).update(confirmed_at=F("created_at"))
    without_token = Application.objects.filter(confirmation_token__isnull=True).order_by("pk")
    while batch := list(without_token.only("pk")[:BATCH]):
        for application in batch:
            application.confirmation_token = new_token()
        Application.objects.bulk_update(batch, ["confirmation_token"])


class Migration(migrations.Migration):

    dependencies = [
        ("applicants", "0006_add_address_confirmation"),
    ]

    operations = [
        # Backwards there is nothing to undo: 0006 removes the fields.
        migrations.RunPython(confirm_existing, migrations.RunPython.noop),
    ]
