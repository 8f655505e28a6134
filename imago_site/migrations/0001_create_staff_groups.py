"""The staff roles, as groups: give a staff account the group of its work, not superuser.

"Admissions" reviews applications and reads the trainings they are for; "Content editors"
keep the catalogue and the FAQ current and never see an application.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDIT = ["add", "change", "delete", "view"]
GROUPS = {
    "Admissions": {
        ("applicants", "application"): ["view", "change"],
        ("applicants", "event"): ["view"],
        ("trainings", "training"): ["view"],
        ("trainings", "module"): ["view"],
        ("trainings", "track"): ["view"],
        ("admin", "logentry"): ["view"],
    },
    "Content editors": {
        ("trainings", "training"): EDIT,
        ("trainings", "module"): EDIT,
        ("trainings", "track"): EDIT,
        ("trainings", "trainer"): EDIT,
        ("faq", "category"): EDIT,
        ("faq", "question"): EDIT,
        ("admin", "logentry"): ["view"],
    },
}


def create_groups(apps, schema_editor):
    # Permissions are normally made after every migration has run; these groups need them now.
    for label in {app_label for models in GROUPS.values() for app_label, _ in models}:
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, models in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for (app_label, model), actions in models.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("applicants", "0002_offer_spanish_and_german"),
        ("faq", "0003_add_contact_messages"),
        ("trainings", "0005_offer_spanish_and_german"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
