"""Groups of synonyms for the FAQ search, with the ones people use for what a training costs
in each language, and the content editors' right to keep them."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

FIRST_GROUPS = {
    "en": "fee, fees, cost, costs, price, prices, how much, tuition, pay",
    "es": "cuota, cuotas, coste, costo, precio, precios, cuánto, cuesta, matrícula, pagar",
    "de": "Gebühr, Gebühren, Kosten, Preis, Preise, wie viel, was kostet, Studiengebühr, zahlen",
}


def add_first_groups(apps, schema_editor):
    Synonyms = apps.get_model("faq", "Synonyms")
    for language, words in FIRST_GROUPS.items():
        Synonyms.objects.get_or_create(language=language, words=words)


def let_content_editors_keep_them(apps, schema_editor):
    # Permissions are normally made after every migration has run; the group needs them now.
    create_permissions(global_apps.get_app_config("faq"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Content editors").first()
    if editors is not None:
        editors.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="faq", content_type__model="synonyms"
            )
        )


class Migration(migrations.Migration):

    dependencies = [
        ('faq', '0006_drop_rate_limit_indexes'),
        ('imago_site', '0001_create_staff_groups'),
    ]

    operations = [
        migrations.CreateModel(
            name='Synonyms',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(choices=[('en', 'English'), ('es', 'Spanish'), ('de', 'German')], max_length=7, verbose_name='language')),
                ('words', models.TextField(help_text='Words or short phrases that mean the same here, separated by commas, e.g. fee, cost, price, how much.', verbose_name='words')),
            ],
            options={
                'verbose_name': 'group of synonyms',
                'verbose_name_plural': 'synonyms for the search',
                'ordering': ['language', 'pk'],
            },
        ),
        migrations.RunPython(add_first_groups, migrations.RunPython.noop),
        migrations.RunPython(let_content_editors_keep_them, migrations.RunPython.noop),
    ]
