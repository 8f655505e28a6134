import io

import pypdf
import pytest
from django.utils.html import escape

from applicants.certificates import issuing
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_a_valid_certificate_says_for_whom_for_what_and_since_when(client, certified):
    certificate = certified(name="Ana Ruiz", email="ana@example.org")
    application = certificate.application

    response = client.get(f"/certificates/{certificate.code}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "This certificate is valid." in html
    assert "no longer valid" not in html
    assert "Ana Ruiz" in html
    assert escape(certificate.title) in html
    assert "Clinical Track" in html
    assert '<dd class="col-12 col-sm-8">40</dd>' in html
    assert str(certificate.number) in html
    assert '<meta name="robots" content="noindex">' in html
    # Nothing of the application beyond what the certificate says.
    assert "ana@example.org" not in html
    assert application.token not in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_revoked_certificate_says_since_when_but_not_why(client, certified):
    certificate = certified(name="Ana Ruiz")
    issuing.revoke(certificate, "Attendance forged at module 2")

    response = client.get(f"/certificates/{certificate.code}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "This certificate is no longer valid." in html
    assert "The institute revoked it on" in html
    assert "This certificate is valid." not in html
    assert "Attendance forged" not in html
    assert "replaces it" not in html


def test_a_replaced_certificate_links_to_the_one_that_replaces_it(client, certified):
    old = certified(name="Ana Ruis")
    new = issuing.reissue(old, "Ana Ruiz", "Name misspelt")

    html = client.get(old.get_absolute_url()).content.decode()

    assert "This certificate is no longer valid." in html
    assert "A newer certificate replaces it:" in html
    assert f'<a href="/certificates/{new.code}/">certificate no. {new.number}</a>' in html
    assert "Name misspelt" not in html
    new_html = client.get(new.get_absolute_url()).content.decode()
    assert "This certificate is valid." in new_html
    assert "Ana Ruiz" in new_html


def test_an_unknown_code_is_not_found(client, certified):
    certified(name="Ana Ruiz")

    for code in ["K7QM-2XWD-9HTP-4BNR", "not-a-code"]:
        response = client.get(f"/certificates/{code}/")

        assert response.status_code == 404
        html = response.content.decode()
        assert "No certificate with this code" in html
        assert "Ana Ruiz" not in html
        assert 'action="/certificates/"' in html


def test_a_code_typed_in_lower_case_with_spaces_leads_to_its_page(client, certified):
    certificate = certified(name="Ana Ruiz")
    typed = certificate.code.lower().replace("-", " ")

    response = client.get(f"/certificates/{typed}/", follow=True)

    assert response.redirect_chain == [(f"/certificates/{certificate.code}/", 302)]
    assert "Ana Ruiz" in response.content.decode()


def test_the_form_leads_from_a_typed_code_to_its_page(client, certified):
    certificate = certified(name="Ana Ruiz")
    typed = certificate.code.replace("-", "").lower()

    form = client.get("/certificates/")
    response = client.get("/certificates/", {"code": f" {typed} "})

    assert 'name="code"' in form.content.decode()
    assert response.status_code == 302
    assert response["Location"] == f"/certificates/{certificate.code}/"


def test_the_form_explains_a_code_of_the_wrong_shape(client):
    response = client.get("/certificates/", {"code": "K7QM-2XWD"})

    assert response.status_code == 200
    assert "A verification code has 16 letters and digits" in response.content.decode()


def test_the_page_speaks_the_visitors_language(client, certified):
    certificate = certified(name="Ana Ruiz")

    html = client.get(f"/es/certificates/{certificate.code}/").content.decode()

    assert "Este certificado es válido." in html


def test_the_trainee_downloads_their_certificate(client, certified):
    certificate = certified(name="Ana Ruiz")
    token = certificate.application.token

    response = client.get(f"/applications/{token}/certificates/{certificate.number}.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="certificate-{certificate.number}.pdf"' in response["Content-Disposition"]
    text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Ana Ruiz" in " ".join(text.split())


def test_another_applications_link_cannot_download_the_certificate(client, certified):
    certificate = certified(name="Ana Ruiz")
    other = ApplicationFactory(training=certificate.application.training, status="accepted")

    response = client.get(f"/applications/{other.token}/certificates/{certificate.number}.pdf")

    assert response.status_code == 404
    assert b"Ana Ruiz" not in response.content
