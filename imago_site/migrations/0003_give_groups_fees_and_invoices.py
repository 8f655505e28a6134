"""Invoices in the staff roles ("Content editors" edit a training's price structure with the
training, whose permissions its inlines follow): "Admissions" see a trainee's invoices and
payments to answer them; the new "Accounts" group records payments, imports bank statements, cancels invoices with credit
notes (adding an invoice is issuing one), pays refunds back and exports for the accountant.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

ADDED = {
    "Admissions": {
        ("applicants", "billingdetails"): ["view"],
        ("applicants", "invoice"): ["view"],
        ("applicants", "payment"): ["view"],
    },
    "Accounts": {
        ("applicants", "application"): ["view"],
        ("applicants", "billingdetails"): ["view"],
        ("applicants", "invoice"): ["view", "add"],
        ("applicants", "invoiceline"): ["view"],
        ("applicants", "payment"): ["view", "add", "change"],
        ("applicants", "bankstatement"): ["view", "add"],
        ("applicants", "refund"): ["view", "change"],
        ("trainings", "training"): ["view"],
        ("admin", "logentry"): ["view"],
    },
}
NEW_GROUPS = ["Accounts"]


def permissions_of(apps, models):
    Permission = apps.get_model("auth", "Permission")
    for (app_label, model), actions in models.items():
        yield from Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=[f"{action}_{model}" for action in actions],
        )


def give(apps, schema_editor):
    # Permissions are normally made after every migration has run; these groups need them now.
    for label in {app_label for models in ADDED.values() for app_label, _ in models}:
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    for name, models in ADDED.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions_of(apps, models))


def take_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=NEW_GROUPS).delete()
    for group in Group.objects.filter(name__in=ADDED):
        group.permissions.remove(*permissions_of(apps, ADDED[group.name]))


class Migration(migrations.Migration):
    dependencies = [
        ("imago_site", "0002_create_unlogged_cache_table"),
        ("applicants", "0011_add_invoices"),
        ("trainings", "0013_add_price_structure"),
    ]

    operations = [migrations.RunPython(give, take_back)]
