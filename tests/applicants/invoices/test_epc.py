import io
from decimal import Decimal

import pytest
import zxingcpp
from PIL import Image

from applicants.invoices import epc

NAME = "Imago International Training Institute"
IBAN = "DE02120300000000202051"
REFERENCE = "RF26202600012"


def lines(text):
    return text.split("\n")


def test_payload_with_reference_follows_the_guideline_line_by_line():
    text = epc.payload(NAME, IBAN, Decimal("500.00"), "EUR", reference=REFERENCE, bic="BYLADEM1001")
    assert text == (
        "BCD\n002\n1\nSCT\nBYLADEM1001\n"
        "Imago International Training Institute\nDE02120300000000202051\nEUR500.00\n"
        "\nRF26202600012"
    )


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        (Decimal("500"), "EUR500.00"),
        (Decimal("1234.5"), "EUR1234.50"),
        (Decimal("0.01"), "EUR0.01"),
        (Decimal("999999999.99"), "EUR999999999.99"),
        (Decimal("4900.00"), "EUR4900.00"),
        (12, "EUR12.00"),
        ("7.10", "EUR7.10"),
    ],
)
def test_amount_is_written_in_euros_with_a_point_and_two_decimals(amount, written):
    assert lines(epc.payload(NAME, IBAN, amount, "EUR"))[7] == written


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("0.00"), "between 0.01 and 999999999.99"),
        (Decimal("-5.00"), "between"),
        (Decimal("1000000000.00"), "between"),
        (Decimal("NaN"), "between"),
        (Decimal("1.005"), "whole cents"),
        (1.5, "not a float"),
        ("a lot", "not an amount"),
    ],
)
def test_amount_outside_what_a_transfer_carries_is_refused(amount, message):
    with pytest.raises(ValueError, match=message):
        epc.payload(NAME, IBAN, amount, "EUR")


@pytest.mark.parametrize(
    ("reference", "text", "expected_tail"),
    [
        (REFERENCE, None, ["EUR10.00", "", REFERENCE]),
        ("rf26 2026 0001 2", None, ["EUR10.00", "", REFERENCE]),
        (None, "Deposit, Ana Ruiz", ["EUR10.00", "", "", "Deposit, Ana Ruiz"]),
        (None, None, ["EUR10.00"]),
        ("", "", ["EUR10.00"]),
    ],
)
def test_remittance_is_a_reference_or_a_text_and_nothing_trails_the_last_field(
    reference, text, expected_tail
):
    payload = epc.payload(NAME, IBAN, Decimal("10"), "EUR", reference=reference, text=text)
    assert lines(payload)[7:] == expected_tail
    assert not payload.endswith("\n")


def test_reference_and_text_together_are_refused():
    with pytest.raises(ValueError, match="not both"):
        epc.payload(NAME, IBAN, Decimal("10"), "EUR", reference=REFERENCE, text="Deposit")


@pytest.mark.parametrize("reference", ["RF27202600012", "RF26", "RF2620260001X!", "AB26202600012"])
def test_reference_that_fails_iso_11649_is_refused(reference):
    with pytest.raises(ValueError, match="creditor reference"):
        epc.payload(NAME, IBAN, Decimal("10"), "EUR", reference=reference)


@pytest.mark.parametrize(
    ("iban", "valid"),
    [
        ("DE02120300000000202051", True),
        ("de02 1203 0000 0000 2020 51", True),
        ("NO9386011117947", True),
        ("GB82WEST12345698765432", True),
        ("DE03120300000000202051", False),  # check digits wrong
        ("DE02120300000000202052", False),  # a digit mistyped
        ("DE0212", False),
        ("1202120300000000202051", False),
        ("", False),
    ],
)
def test_iban_is_checked_with_mod_97(iban, valid):
    if valid:
        written = lines(epc.payload(NAME, iban, Decimal("10"), "EUR"))[6]
        assert written == "".join(iban.split()).upper()
    else:
        with pytest.raises(ValueError, match="not a valid IBAN"):
            epc.payload(NAME, iban, Decimal("10"), "EUR")


@pytest.mark.parametrize("currency", ["USD", "CHF", "eur", ""])
def test_currency_other_than_euro_is_refused(currency):
    with pytest.raises(ValueError, match="euros only"):
        epc.payload(NAME, IBAN, Decimal("10"), currency)


@pytest.mark.parametrize(
    ("bic", "line"), [("", ""), ("BYLADEM1001", "BYLADEM1001"), ("bylad em1", "BYLADEM1")]
)
def test_bic_is_optional(bic, line):
    assert lines(epc.payload(NAME, IBAN, Decimal("10"), "EUR", bic=bic))[4] == line


def test_bic_of_the_wrong_shape_is_refused():
    with pytest.raises(ValueError, match="not a valid BIC"):
        epc.payload(NAME, IBAN, Decimal("10"), "EUR", bic="BYLA")


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("N" * 70, "T" * 140, None),
        ("N" * 71, None, "longer than 70 characters"),
        (NAME, "T" * 141, "longer than 140 characters"),
        ("", None, "name is required"),
        ("   ", None, "name is required"),
        ("Imago\nInstitute", None, "one line"),
        (NAME, "Deposit\nRF26", "one line"),
        # Within the limits in characters, but four bytes a character in UTF-8.
        ("𝕀" * 70, "𝕋" * 60, "longer than 331 bytes"),
    ],
)
def test_field_limits(name, text, message):
    if message is None:
        assert len(epc.payload(name, IBAN, Decimal("10"), "EUR", text=text).encode()) <= 331
    else:
        with pytest.raises(ValueError, match=message):
            epc.payload(name, IBAN, Decimal("10"), "EUR", text=text)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (NAME, None),
        ("Łukasz Żółć, Ağaoğlu & Σοφία", "Anzahlung für die Ausbildung — Мария"),
        ("N" * 70, "T" * 140),
    ],
)
def test_qr_png_decodes_to_the_payload_at_level_m(name, text):
    payload = epc.payload(name, IBAN, Decimal("500.00"), "EUR", text=text, bic="BYLADEM1001")
    image = Image.open(io.BytesIO(epc.qr_png(payload)))

    (code,) = zxingcpp.read_barcodes(image)

    assert code.format == zxingcpp.BarcodeFormat.QRCode
    assert code.text == payload
    assert code.ec_level == "M"


def test_qr_png_leaves_a_quiet_zone_of_four_modules():
    image = Image.open(io.BytesIO(epc.qr_png(epc.payload(NAME, IBAN, Decimal("1"), "EUR"))))
    grey = image.convert("L")
    margin = 4 * 8  # four modules of eight pixels
    width, height = grey.size
    border = [
        grey.getpixel((x, y))
        for x in range(width)
        for y in range(height)
        if min(x, y, width - 1 - x, height - 1 - y) < margin
    ]
    assert set(border) == {255}
    # Inside it, the finder pattern's dark corner begins at once.
    assert grey.getpixel((margin, margin)) == 0
