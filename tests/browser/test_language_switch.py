import re

import pytest
from playwright.sync_api import expect

from applicants.models import Application
from tests.browser.test_apply_flow import fill_application
from tests.factories import TrainingFactory
from tests.worker import run_worker

pytestmark = pytest.mark.usefixtures("javascript")

# The application form's labels as a Spanish reader sees them (see test_apply_flow.ENGLISH).
SPANISH = {
    "name": "Nombre completo",
    "email": "Correo electrónico",
    "country": re.compile(r"^País\*?$"),
    "city": "Ciudad",
    "profession": "Profesión",
    "degree": "Título más alto",
    "field": "Campo de ese título",
    "psychology": "Psicología",
    "licensed": "¿Tienes licencia para ejercer la psicoterapia",
    "years": "Años de práctica",
    "motivation": "¿Por qué quieres participar en esta formación?",
    "workshop": "¿Has participado en un taller Imago para parejas?",
    "assistance": "¿Quieres solicitar ayuda económica?",
    "yes": "Sí",
    "no": "No",
    "privacy": "He leído el aviso de privacidad",
    "policy": "Acepto la política de asistencia",
}


def test_a_visitor_switches_to_spanish_and_applies_in_spanish(
    page, new_context, live_server, smtp_server, settings
):
    settings.SITE_URL = live_server.url
    TrainingFactory(title="Clinical Madrid", slug="clinical-madrid", city="Madrid", country="ES")

    page.goto(f"{live_server.url}/trainings/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="español").click()

    expect(page).to_have_url(f"{live_server.url}/es/trainings/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Encontrar una formación")
    page.get_by_role("link", name="Clinical Madrid").click()
    page.get_by_role("link", name="Solicitar esta formación").click()

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Solicitar Clinical Madrid")
    page.get_by_label(SPANISH["name"]).fill("Ana Ruiz")
    page.get_by_role("button", name="Enviar mi solicitud").click()

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_label(SPANISH["name"])).to_have_value("Ana Ruiz")
    expect(page.get_by_label(SPANISH["email"])).to_have_accessible_description(
        re.compile("Este campo es obligatorio")
    )
    assert Application.objects.count() == 0
    fill_application(page, degree="Maestría o máster", words=SPANISH)
    page.get_by_role("button", name="Enviar mi solicitud").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Revisa tu bandeja de entrada")
    expect(page.locator("html")).to_have_attribute("lang", "es")

    application = Application.objects.get()
    assert application.language == "es"
    run_worker()
    [message] = smtp_server.messages_to("ana@example.org")
    assert message["Content-Language"] == "es"
    assert message["Subject"] == "Tu solicitud para Clinical Madrid"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert body.startswith("Hola:")  # the address is not confirmed yet: no name in the mail
    assert "Ana Ruiz" not in body
    assert f"{live_server.url}/es/applications/{application.token}/" in body
    confirm_url = f"{live_server.url}/es/applications/confirm/{application.confirmation_token}/"
    assert confirm_url in body

    # From the mail, in a new window: the page with the button, in Spanish; then the status.
    inbox = new_context().new_page()
    inbox.goto(confirm_url)
    expect(inbox.locator("html")).to_have_attribute("lang", "es")
    expect(inbox.get_by_role("heading", level=1)).to_have_text(
        "Confirma tu dirección de correo electrónico"
    )
    inbox.get_by_role("button", name="Sí, es mi dirección").click()
    expect(inbox.get_by_role("heading", name="Estado: Enviada")).to_be_visible()
    application.refresh_from_db()
    assert application.confirmed_at is not None
