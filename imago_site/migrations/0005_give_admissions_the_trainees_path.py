"""The trainee's path in the "Admissions" group, who follow trainees after acceptance: they see
the trainees' list, attendance and certificates, approve supervision hours, confirm the steps
of a track's path, and revoke or reissue a certificate (adding one is issuing it)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Admissions"
PERMISSIONS = {
    ("applicants", "trainee"): ["view"],
    ("applicants", "attendance"): ["view"],
    ("applicants", "certificate"): ["view", "add"],
    ("applicants", "revocation"): ["view"],
    ("applicants", "supervisionsession"): ["view", "add", "change"],
    ("applicants", "stepdone"): ["view", "add", "change"],
}


def permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    for (app_label, model), actions in PERMISSIONS.items():
        yield from Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=[f"{action}_{model}" for action in actions],
        )


def give(apps, schema_editor):
    # Permissions are normally made after every migration has run; the group needs them now.
    create_permissions(global_apps.get_app_config("applicants"), apps=apps, verbosity=0)
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*permissions(apps))


def take_back(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("imago_site", "0004_create_faculty_group"),
        ("applicants", "0013_add_supervision"),
        ("trainings", "0016_add_module_credited_by_track"),
    ]

    operations = [migrations.RunPython(give, take_back)]
