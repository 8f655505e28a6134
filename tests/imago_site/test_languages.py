import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import ApplicationFactory, TrainingFactory

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def in_language(code, text):
    with translation.override(code):
        return translation.gettext(text)


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_catalogue_is_complete_and_valid(code):
    catalogue = LOCALE / code / "LC_MESSAGES" / "django.po"

    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages\.\n", result.stderr), result.stderr
    assert "#, fuzzy" not in catalogue.read_text()
    assert (catalogue.parent / "django.mo").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("code", TRANSLATED)
def test_pages_speak_the_language_of_their_address(client, code):
    TrainingFactory(title="Berlin")

    html = client.get(f"/{code}/trainings/").content.decode()

    assert f'<html lang="{code}"' in html
    translated = in_language(code, "Find a training")
    assert translated != "Find a training"
    assert f"<h1>{translated}</h1>" in html


@pytest.mark.django_db
def test_english_lives_at_the_plain_address(client):
    assert '<html lang="en"' in client.get("/trainings/").content.decode()
    assert client.get("/en/trainings/").status_code == 404


@pytest.mark.django_db
def test_the_switcher_and_hreflang_keep_the_page_and_its_query(client):
    html = client.get("/trainings/?near=Lisbon").content.decode()

    for code in TRANSLATED:
        assert f'href="/{code}/trainings/?near=Lisbon" hreflang="{code}" lang="{code}"' in html
        assert (
            f'<link rel="alternate" hreflang="{code}" '
            f'href="http://testserver/{code}/trainings/?near=Lisbon">'
        ) in html
    assert 'href="/trainings/?near=Lisbon" hreflang="en" lang="en" aria-current="true"' in html


@pytest.mark.django_db
def test_dates_follow_the_language(client):
    training = TrainingFactory()
    month = training.starts_on.strftime("%B")

    spanish = client.get(f"/es{training.get_absolute_url()}").content.decode()

    with translation.override("es"):
        from django.utils.formats import date_format

        spanish_month = date_format(training.starts_on, "F")
    assert spanish_month != month
    assert spanish_month in spanish


@pytest.mark.django_db
def test_the_applicant_is_written_to_in_the_language_they_chose():
    from applicants import emails

    application = ApplicationFactory(language="es")

    message = emails.application_received(application)

    assert message.extra_headers["Content-Language"] == "es"
    english = emails.application_received(ApplicationFactory(language="en"))
    assert message.subject != english.subject


def test_the_language_links_of_a_path_that_starts_with_two_slashes_stay_on_the_portal(rf):
    from imago_site.context_processors import languages

    request = rf.get("/")
    # What a request for "//evil.example/trainings/" brings (the test client would read the
    # address's host out of it).
    request.path = request.path_info = "//evil.example/trainings/"

    urls = [language["url"] for language in languages(request)["page_in_languages"]]

    assert urls and all(url.startswith("/") and not url.startswith("//") for url in urls)
