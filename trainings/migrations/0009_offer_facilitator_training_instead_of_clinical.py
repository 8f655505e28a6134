"""The Clinical Track offers the Professional Facilitator Training to those who do not qualify,
as the application form and the eligibility check did before staff could choose it. So does a
module that opens the Clinical Track (the online first module), which asks what it asks."""

from django.db import migrations
from django.db.models import Q

CLINICAL = "clinical"
FACILITATOR = "professional-facilitator"


def offer_facilitator_training(apps, schema_editor):
    Track = apps.get_model("trainings", "Track")
    facilitator = Track.objects.filter(slug=FACILITATOR).first()
    if facilitator is None:
        return
    Track.objects.filter(Q(slug=CLINICAL) | Q(opens__slug=CLINICAL)).filter(
        offered_instead__isnull=True
    ).update(offered_instead=facilitator)


def offer_nothing(apps, schema_editor):
    Track = apps.get_model("trainings", "Track")
    Track.objects.filter(Q(slug=CLINICAL) | Q(opens__slug=CLINICAL)).filter(
        offered_instead__slug=FACILITATOR
    ).update(offered_instead=None)


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0008_add_track_offered_instead"),
    ]

    operations = [
        migrations.RunPython(offer_facilitator_training, offer_nothing),
    ]
