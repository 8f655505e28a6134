"""The documents each track asks of applicants: the data migration that gives the institute's
tracks theirs (``trainings/migrations/0012_ask_for_the_institutes_documents.py``), a module
that asks for the documents of the track it opens, and staff editing them in the admin."""

import pytest
from django.core.management import call_command

from tests.admin_forms import change_form_data
from tests.factories import TrackFactory
from trainings.models import DocumentRequirement

pytestmark = pytest.mark.django_db
BEFORE = "0011_add_document_requirements"


def asked():
    return {
        (document.track.slug, document.name_en, document.is_required)
        for document in DocumentRequirement.objects.select_related("track")
    }


def test_the_migration_asks_for_the_institutes_documents_and_back(institute_tracks_migrated):
    institute_tracks_migrated(BEFORE)

    assert asked() == {
        ("clinical", "CV", True),
        ("clinical", "Copy of your degree or licence", True),
        ("professional-facilitator", "CV", False),
    }
    degree = DocumentRequirement.objects.get(name_en="Copy of your degree or licence")
    assert degree.name_de == "Kopie Ihres Abschlusses oder Ihrer Zulassung"
    assert degree.explanation_es.startswith("El certificado de tu máster")

    call_command("migrate", "trainings", BEFORE, verbosity=0)

    assert not DocumentRequirement.objects.exists()
    call_command("migrate", "trainings", verbosity=0)


def test_a_module_asks_for_the_documents_of_the_track_it_opens():
    clinical = TrackFactory(slug="clinical")
    online = TrackFactory(slug="online-first-module", opens=clinical)
    cv = DocumentRequirement.objects.create(track=clinical, name="CV", position=2)
    degree = DocumentRequirement.objects.create(track=clinical, name="Degree", position=1)

    assert list(clinical.documents_asked()) == [degree, cv]
    assert list(online.documents_asked()) == [degree, cv]
    assert not TrackFactory(slug="couples-weekend").documents_asked().exists()


def test_staff_add_a_document_to_a_track_in_its_admin_page(staff_client):
    track = TrackFactory(slug="clinical", name="Clinical Track")
    url = f"/admin/trainings/track/{track.pk}/change/"
    page = staff_client.get(url)

    response = staff_client.post(
        url,
        change_form_data(
            page,
            **{
                "document_requirements-TOTAL_FORMS": "1",
                "document_requirements-0-name_en": "CV",
                "document_requirements-0-name_de": "Lebenslauf",
                "document_requirements-0-explanation_en": "One or two pages.",
                "document_requirements-0-is_required": "on",
                "document_requirements-0-position": "1",
            },
        ),
    )

    assert response.status_code == 302
    [cv] = track.document_requirements.all()
    assert (cv.name_en, cv.name_de, cv.explanation_en, cv.is_required) == (
        "CV",
        "Lebenslauf",
        "One or two pages.",
        True,
    )


def test_a_track_that_opens_another_lists_no_documents_of_its_own(staff_client):
    clinical = TrackFactory(slug="clinical", name="Clinical Track")
    online = TrackFactory(slug="online-first-module", opens=clinical)
    url = f"/admin/trainings/track/{online.pk}/change/"

    response = staff_client.post(
        url,
        change_form_data(
            staff_client.get(url),
            **{
                "document_requirements-TOTAL_FORMS": "1",
                "document_requirements-0-name_en": "CV",
                "document_requirements-0-position": "1",
            },
        ),
    )

    assert response.status_code == 200
    assert "This track opens Clinical Track, and its applicants send the documents" in (
        response.content.decode()
    )
    assert not DocumentRequirement.objects.exists()
