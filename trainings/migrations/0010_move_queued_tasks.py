"""The interest list's tasks moved from ``trainings.tasks`` to ``trainings.interest.tasks``.
Tasks already queued (an e-mail waiting for a retry, say) are pointed at the new place, so the
worker still runs them."""

from django.db import migrations

OLD, NEW = "trainings.tasks", "trainings.interest.tasks"
TASKS = ["send_interest_confirmation", "announce_training", "send_announcement"]


def point_to(source, target):
    def move(apps, schema_editor):
        DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
        for name in TASKS:
            DBTaskResult.objects.filter(task_path=f"{source}.{name}").update(
                task_path=f"{target}.{name}"
            )

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0009_offer_facilitator_training_instead_of_clinical"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(point_to(OLD, NEW), point_to(NEW, OLD))]
