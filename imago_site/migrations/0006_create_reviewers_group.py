"""The "Reviewers" group, for staff who review the applications assigned to them on their own
pages (``/reviews/``), and nothing else; "Admissions", who assign reviewers and decide, read
every review on an application's admin page."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "Reviewers": {("applicants", "review"): ["add", "view"]},
    "Admissions": {
        ("applicants", "assignment"): ["view"],
        ("applicants", "review"): ["view"],
    },
}


def permissions(apps, group):
    Permission = apps.get_model("auth", "Permission")
    for (app_label, model), actions in PERMISSIONS[group].items():
        yield from Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=[f"{action}_{model}" for action in actions],
        )


def give(apps, schema_editor):
    # Permissions are normally made after every migration has run; the groups need them now.
    create_permissions(global_apps.get_app_config("applicants"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    for name in PERMISSIONS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions(apps, name))


def take_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="Reviewers").delete()
    for group in Group.objects.filter(name="Admissions"):
        group.permissions.remove(*permissions(apps, "Admissions"))


class Migration(migrations.Migration):
    dependencies = [
        ("imago_site", "0005_give_admissions_the_trainees_path"),
        ("applicants", "0014_add_reviews"),
    ]

    operations = [migrations.RunPython(give, take_back)]
