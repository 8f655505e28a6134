import io
from decimal import Decimal

import pypdf
import pytest
import zxingcpp

from applicants.certificates import pdf
from tests.applicants.invoices.test_pdf import written_date
from tests.imago_site.test_settings import load_settings
from trainings.templatetags.trainings_tags import date_range

pytestmark = pytest.mark.django_db


def text_of(content):
    """The text of the pages, white space (no-break spaces too) made single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def qr_codes(content):
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [
        code.text
        for page in reader.pages
        for image in page.images
        for code in zxingcpp.read_barcodes(image.image)
    ]


def test_the_certificate_says_who_completed_what_when_and_for_how_many_hours(certified, settings):
    settings.SITE_URL = "https://training.imago.example"
    settings.CERTIFICATE_SIGNATORIES = ["Ana Ruiz, Director of Training", "Registrar"]
    certificate = certified(name="Łukasz Żółć")
    training = certificate.application.training

    content = pdf.render(certificate)

    reader = pypdf.PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = text_of(content)
    assert "Imago International Training Institute" in text
    assert "Certificate" in text
    assert "This certifies that Łukasz Żółć has completed" in text
    assert f"has completed {training.title} (Clinical Track)" in text
    assert date_range(training.starts_on, training.ends_on) in text
    assert written_date(training.ends_on, "en") in text
    assert "40 contact hours, for continuing-education credit" in text
    assert (
        f"Certificate no. {certificate.number} · issued on "
        f"{written_date(certificate.issued_on, 'en')}"
    ) in text
    assert "Ana Ruiz Director of Training" in text
    assert "Registrar" in text
    url = f"https://training.imago.example/certificates/{certificate.code}/"
    assert url in text
    assert qr_codes(content) == [url]
    assert reader.metadata.title == f"Certificate {certificate.number}"


@pytest.mark.parametrize(
    ("language", "sentence", "hours"),
    [
        ("es", "Se certifica que Ana Ruiz ha completado", "40 horas lectivas"),
        ("de", "Hiermit wird bescheinigt, dass Ana Ruiz", "40 Kontaktstunden"),
    ],
)
def test_the_certificate_is_printed_in_its_language(certified, settings, language, sentence, hours):
    settings.SITE_URL = "https://training.imago.example"
    certificate = certified(name="Ana Ruiz", language=language)

    content = pdf.render(certificate)

    text = text_of(content)
    assert sentence in text
    assert hours in text
    assert written_date(certificate.ends_on, language) in text
    assert written_date(certificate.issued_on, language) in text
    url = f"https://training.imago.example/{language}/certificates/{certificate.code}/"
    assert url in text
    assert qr_codes(content) == [url]


def test_hours_in_part_are_printed_with_their_decimal(certified):
    certificate = certified(language="de")
    # In memory only: the database refuses to change a certificate.
    certificate.hours = certificate.hours - Decimal("2.5")

    assert "37,5 Kontaktstunden" in text_of(pdf.render(certificate))


def test_the_same_certificate_gives_the_same_bytes(certified):
    certificate = certified()

    assert pdf.render(certificate) == pdf.render(certificate)
    assert pdf.file_name(certificate) == f"certificate-{certificate.number}.pdf"


def test_a_long_name_and_title_stay_on_one_page(certified):
    certificate = certified(name="Maria " * 30)
    certificate.title = "A very long training title " * 6

    reader = pypdf.PdfReader(io.BytesIO(pdf.render(certificate)))

    assert len(reader.pages) == 1


def test_signatories_come_from_the_environment_separated_by_semicolons():
    result = load_settings(
        show="s.CERTIFICATE_SIGNATORIES",
        DJANGO_DEBUG="1",
        CERTIFICATE_SIGNATORIES="Ana Ruiz, Director of Training; ;Registrar",
    )

    assert result.stdout.strip() == "['Ana Ruiz, Director of Training', 'Registrar']"


def test_a_signatory_without_a_comma_is_a_role_alone(settings):
    settings.CERTIFICATE_SIGNATORIES = ["Ana Ruiz, Director of Training, Berlin", "Registrar"]

    assert pdf.signatories() == [("Ana Ruiz", "Director of Training, Berlin"), ("", "Registrar")]


def test_a_certificate_keeps_the_signatories_it_was_issued_with(certified, settings):
    settings.CERTIFICATE_SIGNATORIES = ["Ana Ruiz, Director of Training"]
    certificate = certified()
    settings.CERTIFICATE_SIGNATORIES = ["Ben Okafor, Director of Training"]

    text = text_of(pdf.render(certificate))

    certificate.refresh_from_db()
    assert certificate.signed_by == [["Ana Ruiz", "Director of Training"]]
    assert "Ana Ruiz" in text and "Ben Okafor" not in text
