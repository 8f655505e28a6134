"""A certificate as the A4 landscape PDF the trainee downloads.

Everything printed is in the certificate's language, dates in that language's way, and comes
from the certificate as issued (name, training, track, dates, hours), except who signs it
(``settings.CERTIFICATE_SIGNATORIES``) and the institute's name. At the foot are the address
of its public verification page, printed and as a QR code. The same certificate gives the
same bytes: the PDF's creation date is the day of issue.

The words printed have the translation context "certificate".
"""

import datetime
import io

import segno
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import pgettext
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from applicants.invoices.pdf import FONT, FONT_FILES
from trainings.templatetags.trainings_tags import date_range

PAGE_WIDTH = 297
PAGE_HEIGHT = 210
MARGIN = 24
WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 34
ACCENT = (31, 78, 95)  # the frame and the heading
GREY = 100


def file_name(certificate):
    """The PDF's file name, in ASCII whatever the language: ``certificate-12.pdf``."""
    return f"certificate-{certificate.number}.pdf"


def verification_url(certificate):
    """The public address that says whether ``certificate`` holds, in its language."""
    with translation.override(certificate.language):
        return settings.SITE_URL + certificate.get_absolute_url()


def signatories():
    """Who signs, as (name, role) pairs from ``settings.CERTIFICATE_SIGNATORIES``: "Name,
    Role" gives both; an entry without a comma is a role alone (name "")."""
    pairs = []
    for entry in settings.CERTIFICATE_SIGNATORIES:
        name, comma, role = entry.partition(",")
        pairs.append((name.strip(), role.strip()) if comma else ("", name.strip()))
    return pairs


def render(certificate):
    """The PDF of ``certificate``, as bytes."""
    with translation.override(certificate.language):
        document = CertificateDocument(certificate)
        document.write()
        return bytes(document.output())


class CertificateDocument(FPDF):
    def __init__(self, certificate):
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.certificate = certificate
        self.add_font(FONT, "", FONT_FILES[0])
        self.add_font(FONT, "B", FONT_FILES[1])
        self.set_margins(MARGIN, MARGIN, MARGIN)
        # One page whatever the lengths of the name and title: nothing flows onto a second.
        self.set_auto_page_break(False)
        heading = pgettext("certificate", "Certificate")
        self.set_title(f"{heading} {certificate.number}")
        self.set_subject(f"{certificate.name}, {certificate.title}")
        self.set_author(settings.INSTITUTE["name"])
        self.set_lang(certificate.language)
        self.set_creation_date(
            datetime.datetime.combine(certificate.issued_on, datetime.time(), tzinfo=datetime.UTC)
        )

    def write(self):
        certificate = self.certificate
        self.add_page()
        self.frame()

        self.set_y(MARGIN + 4)
        self.centred(settings.INSTITUTE["name"], size=15, bold=True, height=7)
        self.ln(6)
        self.set_text_color(*ACCENT)
        self.centred(pgettext("certificate", "Certificate"), size=40, bold=True, height=16)
        self.set_text_color(0)
        self.ln(6)
        self.centred(pgettext("certificate", "This certifies that"), size=13)
        self.ln(2)
        self.centred(certificate.name, size=26, bold=True, height=11)
        self.ln(2)
        self.centred(pgettext("certificate", "has completed"), size=13)
        self.ln(2)
        if certificate.module_title:
            # One module's certificate: the module, then the training it belongs to.
            self.centred(certificate.module_title, size=19, bold=True, height=8.5)
            self.centred(pgettext("certificate", "of the training"), size=12)
            self.centred(certificate.title, size=14, bold=True, height=6.5)
        else:
            self.centred(certificate.title, size=19, bold=True, height=8.5)
        self.centred(f"({certificate.track})", size=13)
        self.ln(4)
        self.centred(date_range(certificate.starts_on, certificate.ends_on), size=12)
        hours = pgettext(
            "certificate", "%(hours)s contact hours, for continuing-education credit"
        ) % {"hours": floatformat(certificate.hours, -1)}
        self.centred(hours, size=12)

        self.write_signatures(top=PAGE_HEIGHT - MARGIN - 42)
        self.write_verification(bottom=PAGE_HEIGHT - MARGIN + 2)

    def frame(self):
        self.set_draw_color(*ACCENT)
        self.set_line_width(1.2)
        self.rect(10, 10, PAGE_WIDTH - 20, PAGE_HEIGHT - 20)
        self.set_line_width(0.3)
        self.rect(13, 13, PAGE_WIDTH - 26, PAGE_HEIGHT - 26)
        self.set_draw_color(0)

    def write_signatures(self, top):
        """A line to sign on for each signatory, their name and role below it."""
        left = MARGIN
        width = 70
        for name, role in self.certificate.signed_by[:2]:
            self.set_draw_color(GREY)
            self.set_line_width(0.3)
            self.line(left, top + 12, left + width, top + 12)
            self.set_xy(left, top + 13.5)
            if name:
                self.set_font(FONT, "B", 11)
                self.cell(width, 5.5, name, new_x=XPos.LEFT, new_y=YPos.NEXT)
            self.set_font(FONT, "", 9.5)
            self.set_text_color(GREY)
            self.multi_cell(width, 4.5, role, align="L")
            self.set_text_color(0)
            left += width + 14

    def write_verification(self, bottom):
        """The number and date of issue, the verification address, and its QR code at the
        right."""
        certificate = self.certificate
        url = verification_url(certificate)
        qr_left = MARGIN + WIDTH - QR_SIZE
        qr_top = bottom - QR_SIZE - 5
        code = segno.make_qr(url, error="q")
        buffer = io.BytesIO()
        code.save(buffer, kind="png", scale=8, border=4)
        alt_text = pgettext("certificate", "QR code of the verification address")
        self.image(buffer, x=qr_left, y=qr_top, w=QR_SIZE, h=QR_SIZE, alt_text=alt_text)
        self.set_xy(qr_left - 6, qr_top + QR_SIZE)
        self.set_font(FONT, "", 8)
        self.set_text_color(GREY)
        self.cell(QR_SIZE + 12, 4, pgettext("certificate", "Scan to verify"), align="C")

        text_width = qr_left - MARGIN - 6
        facts = pgettext("certificate", "Certificate no. %(number)s · issued on %(date)s") % {
            "number": certificate.number,
            "date": date_format(certificate.issued_on, "DATE_FORMAT"),
        }
        self.set_xy(MARGIN, bottom - 13)
        self.set_font(FONT, "", 9.5)
        self.set_text_color(0)
        self.cell(text_width, 5, facts, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 9)
        self.set_text_color(GREY)
        self.cell(text_width, 4.5, pgettext("certificate", "Verify this certificate at"))
        self.set_xy(MARGIN, bottom - 3.5)
        self.set_text_color(*ACCENT)
        self.cell(text_width, 4.5, url, link=url)
        self.set_text_color(0)

    def centred(self, text, *, size, bold=False, height=None):
        """Text centred across the page, wrapped if it is too long for one line."""
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(
            WIDTH,
            height or size * 0.5,
            text,
            align="C",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
