"""The "Faculty" group: trainers with a staff account take attendance in the trainings they
teach (the attendance page checks that the training is theirs), and read the trainings and
modules they teach in. They get no permission on applications: the attendance page shows a
training's trainees itself, and "view application" would open every applicant's answers and
documents in the admin.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Faculty"
PERMISSIONS = {
    ("trainings", "training"): ["view"],
    ("trainings", "module"): ["view"],
    ("applicants", "attendance"): ["add", "change", "view"],
}


def permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    for (app_label, model), actions in PERMISSIONS.items():
        yield from Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=[f"{action}_{model}" for action in actions],
        )


def create_group(apps, schema_editor):
    # Permissions are normally made after every migration has run; this group needs them now.
    for label in {app_label for app_label, _ in PERMISSIONS}:
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*permissions(apps))


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("imago_site", "0003_give_groups_fees_and_invoices"),
        ("applicants", "0012_add_attendance_and_certificates"),
        ("trainings", "0014_add_module_hours_and_trainer_accounts"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
