"""The documents the institute asks of applicants: for the Clinical Track a CV and a copy of the
degree or licence, both required; for the Professional Facilitator Training a CV, if the
applicant wishes. The online first module asks for none of its own: a module that opens a
track asks for that track's documents (``Track.documents_asked``)."""

from django.db import migrations

CV = {
    "name_en": "CV",
    "name_es": "Currículum (CV)",
    "name_de": "Lebenslauf",
}
DOCUMENTS = {
    "clinical": [
        {
            **CV,
            "explanation_en": "Your training and professional experience, in one or two pages.",
            "explanation_es": "Tu formación y tu experiencia profesional, en una o dos páginas.",
            "explanation_de": "Ihre Ausbildung und Berufserfahrung, auf ein bis zwei Seiten.",
            "is_required": True,
            "position": 1,
        },
        {
            "name_en": "Copy of your degree or licence",
            "name_es": "Copia de tu título o habilitación",
            "name_de": "Kopie Ihres Abschlusses oder Ihrer Zulassung",
            "explanation_en": (
                "The certificate of your Master's degree (or higher), or your licence to "
                "practise psychotherapy: a scan or a clear photo."
            ),
            "explanation_es": (
                "El certificado de tu máster (o de un título superior), o tu habilitación para "
                "ejercer la psicoterapia: un escaneo o una foto nítida."
            ),
            "explanation_de": (
                "Die Urkunde Ihres Masters (oder eines höheren Abschlusses) oder Ihre Zulassung "
                "zur Psychotherapie: ein Scan oder ein gut lesbares Foto."
            ),
            "is_required": True,
            "position": 2,
        },
    ],
    "professional-facilitator": [
        {
            **CV,
            "explanation_en": "If you wish: your work and training so far, in one or two pages.",
            "explanation_es": (
                "Si quieres: tu trabajo y tu formación hasta ahora, en una o dos páginas."
            ),
            "explanation_de": (
                "Wenn Sie möchten: Ihre bisherige Arbeit und Ausbildung, auf ein bis zwei Seiten."
            ),
            "is_required": False,
            "position": 1,
        },
    ],
}


def ask_for_documents(apps, schema_editor):
    Track = apps.get_model("trainings", "Track")
    DocumentRequirement = apps.get_model("trainings", "DocumentRequirement")
    for slug, documents in DOCUMENTS.items():
        track = Track.objects.filter(slug=slug).first()
        if track is None:
            continue
        for document in documents:
            DocumentRequirement.objects.get_or_create(
                track=track, name_en=document["name_en"], defaults=document
            )
    check_foreign_keys_now(schema_editor)


def ask_for_none(apps, schema_editor):
    DocumentRequirement = apps.get_model("trainings", "DocumentRequirement")
    for slug, documents in DOCUMENTS.items():
        DocumentRequirement.objects.filter(
            track__slug=slug, name_en__in=[document["name_en"] for document in documents]
        ).delete()
    check_foreign_keys_now(schema_editor)


def check_foreign_keys_now(schema_editor):
    """Check the foreign keys of the rows just written now rather than at the commit:
    PostgreSQL refuses to drop or alter the table while checks wait, as migrating back past
    0011_add_document_requirements in the same transaction does."""
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0011_add_document_requirements"),
    ]

    operations = [
        migrations.RunPython(ask_for_documents, ask_for_none),
    ]
