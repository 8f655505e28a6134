"""An invoice or a credit note as the A4 PDF the trainee receives.

Everything printed is in the invoice's language, amounts and dates in that language's way. It
comes from the invoice as issued (its lines, and the billing and institute details copied in
then), except the training's title and dates, read from the training. The same invoice gives
the same bytes: the PDF's creation date is the day of issue.

Invoices in euros carry the EPC QR code of their payment (:mod:`applicants.invoices.epc`),
which banking apps read to fill in the transfer; credit notes and invoices in other currencies
do not.

The words printed have the translation context "invoice": headings and sentences on paper,
which translators may word apart from the admin's labels of the same English text.
"""

import datetime
import functools
import io

import font_source_sans_pro
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import pgettext
from fontTools.ttLib import TTFont
from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos

from applicants.invoices import epc
from trainings.templatetags.trainings_tags import date_range

FONT = "SourceSansPro"
FONT_FILES = [
    font_source_sans_pro.font_files_ttf["SourceSansPro"],
    font_source_sans_pro.font_files_ttf["SourceSansProBold"],
]
MARGIN = 20
WIDTH = 170  # A4's 210 mm less the margins
GREY = 110
QR_SIZE = 38
TEXT_SIZE = 10.5


def file_name(invoice):
    """The PDF's file name, in ASCII whatever the language: ``invoice-2026-00001.pdf``,
    ``credit-note-2026-00002.pdf``."""
    kind = "credit-note" if invoice.is_credit_note else "invoice"
    return f"{kind}-{invoice.number}.pdf"


def render(invoice):
    """The PDF of ``invoice`` (or credit note), as bytes. Raises ValueError when the
    institute's account cannot be put in a payment QR code (an IBAN that fails its check)."""
    with translation.override(invoice.language):
        document = InvoiceDocument(invoice)
        document.write()
        return bytes(document.output())


def money(amount, currency):
    """A Decimal amount with its currency code in the active language's way: 'EUR 1,500.00',
    '1.500,00 EUR'. Always two decimals, thousands grouped."""
    # The order of code and amount is the one the training pages use (trainings_tags.money).
    return pgettext("money", "%(currency)s %(amount)s") % {
        "currency": currency,
        "amount": number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True),
    }


def in_groups(code):
    """An IBAN or a creditor reference in groups of four, as they are printed on paper."""
    return " ".join(code[start : start + 4] for start in range(0, len(code), 4))


class InvoiceDocument(FPDF):
    """The pages of one invoice. Each page names the invoice at its foot; a page after the
    first repeats the institute and the invoice at its head, and the table its headings."""

    def __init__(self, invoice):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.invoice = invoice
        self.issuer = invoice.issuer
        if invoice.is_credit_note:
            self.heading = pgettext("invoice", "Credit note")
        else:
            self.heading = pgettext("invoice", "Invoice")
        self.add_font(FONT, "", FONT_FILES[0])
        self.add_font(FONT, "B", FONT_FILES[1])
        self.set_margins(MARGIN, 18, MARGIN)
        self.set_auto_page_break(True, margin=22)
        self.set_draw_color(190)
        self.set_title(invoice.number)
        self.set_author(self.issuer.get("name", ""))
        self.set_lang(invoice.language)
        self.set_creation_date(
            datetime.datetime.combine(invoice.issued_on, datetime.time(), tzinfo=datetime.UTC)
        )

    def write(self):
        self.add_page()
        self.write_parties()
        self.write_lines()
        if self.invoice.is_credit_note:
            self.write_credit()
        else:
            self.write_payment()
        if note := self.issuer.get("invoice_note"):
            self.ln(8)
            self.paragraph(WIDTH, note, size=9, colour=GREY)

    def header(self):
        if self.page_no() == 1:
            return
        self.set_font(FONT, "B", 10)
        self.cell(WIDTH / 2, 6, self.issuer.get("name", ""))
        self.cell(WIDTH / 2, 6, f"{self.heading} {self.invoice.number}", align="R")
        self.line(MARGIN, self.get_y() + 7, MARGIN + WIDTH, self.get_y() + 7)
        self.set_y(self.get_y() + 12)

    def footer(self):
        self.set_y(-14)
        self.set_font(FONT, size=8)
        self.set_text_color(GREY)
        page = pgettext("invoice", "Page %(page)s of %(pages)s") % {
            "page": self.page_no(),
            "pages": self.str_alias_nb_pages,  # replaced by the count when the file is written
        }
        self.cell(WIDTH, 5, f"{self.heading} {self.invoice.number} · {page}", align="C")

    def write_parties(self):
        """The institute at the top left, the heading and the invoice's facts at the right;
        below, whom it is billed to, the training and the reason, if any."""
        invoice, issuer = self.invoice, self.issuer
        top = self.get_y()
        self.paragraph(100, issuer.get("name", ""), size=14, bold=True, height=7)
        details = [*issuer.get("address", []), issuer.get("email", "")]
        if issuer.get("vat_number"):
            details.append(
                pgettext("invoice", "VAT number: %(number)s") % {"number": issuer["vat_number"]}
            )
        for line in filter(None, details):
            self.paragraph(100, line, size=9.5, height=4.6)
        below_issuer = self.get_y()

        self.set_xy(MARGIN + 100, top)
        self.set_font(FONT, "B", 20)
        self.cell(WIDTH - 100, 9, self.heading, align="R", new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.ln(1)
        facts = [
            (pgettext("invoice", "Number"), invoice.number),
            (pgettext("invoice", "Issue date"), date_format(invoice.issued_on, "DATE_FORMAT")),
        ]
        if invoice.is_credit_note:
            facts.append((pgettext("invoice", "Cancels invoice"), invoice.cancels.number))
        else:
            facts.append(
                (pgettext("invoice", "Due date"), date_format(invoice.due_on, "DATE_FORMAT"))
            )
        for label, value in facts:
            self.set_x(MARGIN + 100)
            self.labelled(label, value, label_width=30, width=WIDTH - 100, size=9.5, align="R")

        self.set_y(max(below_issuer, self.get_y()) + 12)
        self.label(pgettext("invoice", "Billed to"))
        for number, line in enumerate(invoice.billed_to):
            self.paragraph(100, line, bold=number == 0)
        self.ln(8)

        training = invoice.application.training
        dates = date_range(training.starts_on, training.ends_on)
        self.label(pgettext("invoice", "Training"))
        self.paragraph(WIDTH, f"{training.title}, {dates}" if dates else training.title)
        if invoice.reason:
            self.ln(3)
            self.label(pgettext("invoice", "Reason"))
            self.paragraph(WIDTH, invoice.reason)
        self.ln(8)

    def write_lines(self):
        """The table of lines and the total; a long one goes on over the next pages, each
        starting with the table's headings."""
        invoice = self.invoice
        self.set_font(FONT, size=TEXT_SIZE)
        with self.table(
            width=WIDTH,
            col_widths=(WIDTH - 45, 45),
            text_align=("LEFT", "RIGHT"),
            borders_layout="HORIZONTAL_LINES",
            headings_style=FontFace(emphasis="BOLD", color=GREY),
            line_height=5.5,
            padding=(1.2, 0),
            repeat_headings=1,
        ) as table:
            table.row((pgettext("invoice", "Description"), pgettext("invoice", "Amount")))
            for line in invoice.lines.all():
                table.row((line.description, money(line.amount, invoice.currency)))
            table.row(
                (pgettext("invoice", "Total"), money(invoice.total, invoice.currency)),
                style=FontFace(emphasis="BOLD"),
            )
        self.ln(10)

    def write_payment(self):
        """How to pay: by when, into which account, with which reference; beside it the QR
        code, when the invoice is in euros and the institute has an IBAN."""
        invoice, issuer = self.invoice, self.issuer
        iban = issuer.get("iban", "")
        qr = self.payment_qr() if invoice.currency == "EUR" and iban else None
        # The section stays in one piece: it moves to a new page rather than split.
        if self.will_page_break(55 if qr else 45):
            self.add_page()
        top = self.get_y()
        width = WIDTH - QR_SIZE - 10 if qr else WIDTH
        self.paragraph(width, pgettext("invoice", "Payment"), size=12, bold=True, height=7)
        request = pgettext(
            "invoice",
            "Please pay %(amount)s by %(date)s to the account below, quoting the payment "
            "reference.",
        ) % {
            "amount": money(invoice.total, invoice.currency),
            "date": date_format(invoice.due_on, "DATE_FORMAT"),
        }
        self.paragraph(width, request)
        self.ln(2)
        account = [
            (pgettext("invoice", "Account holder"), issuer.get("name", "")),
            (pgettext("invoice", "Bank"), issuer.get("bank", "")),
            (pgettext("invoice", "IBAN"), in_groups(iban)),
            (pgettext("invoice", "BIC"), issuer.get("bic", "")),
            (pgettext("invoice", "Payment reference"), in_groups(invoice.payment_reference)),
        ]
        for label, value in account:
            if value:
                self.labelled(label, value, label_width=40, width=width)
        below_text = self.get_y()
        if qr:
            left = MARGIN + WIDTH - QR_SIZE
            alt_text = pgettext("invoice", "Payment QR code")
            self.image(io.BytesIO(qr), x=left, y=top, w=QR_SIZE, h=QR_SIZE, alt_text=alt_text)
            self.set_xy(left - 4, top + QR_SIZE)
            self.set_font(FONT, size=8)
            self.set_text_color(GREY)
            self.multi_cell(
                QR_SIZE + 8,
                3.8,
                pgettext("invoice", "Scan with your banking app to pay."),
                align="C",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
            self.set_text_color(0)
        self.set_y(max(below_text, self.get_y()))

    def payment_qr(self):
        invoice, issuer = self.invoice, self.issuer
        reference = invoice.payment_reference
        payload = epc.payload(
            issuer["name"],
            issuer["iban"],
            invoice.total,
            invoice.currency,
            reference=reference or None,
            text=None if reference else invoice.number,
            bic=issuer.get("bic", ""),
        )
        return epc.qr_png(payload)

    def write_credit(self):
        invoice = self.invoice
        text = pgettext(
            "invoice", "This credit note cancels %(amount)s of invoice %(number)s of %(date)s."
        ) % {
            "amount": money(-invoice.total, invoice.currency),
            "number": invoice.cancels.number,
            "date": date_format(invoice.cancels.issued_on, "DATE_FORMAT"),
        }
        self.paragraph(WIDTH, text)

    def paragraph(self, width, text, *, size=TEXT_SIZE, bold=False, colour=0, height=5.2):
        """Text from the left margin, wrapped at ``width`` and ranged left, then a new line."""
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(colour)
        self.multi_cell(width, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)

    def label(self, text):
        self.paragraph(WIDTH, text, size=9, colour=GREY, height=5)

    def labelled(self, label, value, *, label_width, width, size=TEXT_SIZE, align="L"):
        """A grey label and its value in bold on one line, from the current position."""
        self.set_font(FONT, size=size)
        self.set_text_color(GREY)
        self.cell(label_width, size / 2, label)
        self.set_font(FONT, "B", size)
        self.set_text_color(0)
        self.cell(
            width - label_width, size / 2, value, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )


@functools.cache
def _printable_characters():
    """The characters both of the invoice's fonts have a glyph for."""
    covered = None
    for path in FONT_FILES:
        with TTFont(path, lazy=True) as font:
            characters = set(font.getBestCmap())
        covered = characters if covered is None else covered & characters
    return frozenset(covered)


def unprintable(text):
    """The characters of ``text`` an invoice cannot print (its font has no letter for them,
    as for Chinese or Arabic script), in order, each once."""
    printable = _printable_characters()
    missing = []
    for character in text:
        if ord(character) not in printable and not character.isspace() and character not in missing:
            missing.append(character)
    return missing
