from django.db import migrations

from trainings import portraits


def make_renditions(apps, schema_editor):
    """Photos uploaded before the portal made renditions get theirs, so that the pages go on
    showing them; one the portal cannot read leaves the trainer's initials in its place."""
    Trainer = apps.get_model("trainings", "Trainer")
    for trainer in Trainer.objects.exclude(photo="").filter(portrait_files={}):
        portraits.make_renditions(trainer)


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0019_add_portrait_renditions"),
    ]

    operations = [
        migrations.RunPython(make_renditions, migrations.RunPython.noop, elidable=True),
    ]
