"""The "Enquiries" group, who answer the contact form and watch the interest list: they read
the contact messages and take care of them (who answers, the status), and read the interest
subscriptions with the demand per country and track. They see no application."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Enquiries"
PERMISSIONS = {
    ("faq", "contactmessage"): ["view", "change"],
    ("trainings", "interestsubscription"): ["view"],
    ("admin", "logentry"): ["view"],
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
    # Permissions are normally made after every migration has run; the group needs them now.
    for label in {app_label for app_label, _model in PERMISSIONS}:
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*permissions(apps))


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("imago_site", "0006_create_reviewers_group"),
        ("faq", "0006_drop_rate_limit_indexes"),
        ("trainings", "0017_add_review_criteria_and_answer_time"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
