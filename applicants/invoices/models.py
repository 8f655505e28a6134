"""What a trainee is billed and what they paid: billing details, invoices and credit notes,
payments, bank statements, refunds and payment reminders.

An issued invoice is a record the accountant relies on: the database refuses to change or
delete it or its lines (see the migration ``add_invoices``); a mistake is cancelled by a credit
note, and the right invoice issued anew. Numbers run without gaps per year: the database
assigns them under a lock (:func:`applicants.invoices.issuing.next_number`).

What an invoice still asks for is derived, never stored: its total, less its credit notes,
less the payments assigned to it.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Case, DecimalField, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

ZERO = Decimal("0.00")


class BillingDetails(models.Model):
    """Whom the invoices of an accepted application are made out to, as the trainee gave it."""

    application = models.OneToOneField(
        "applicants.Application",
        on_delete=models.CASCADE,
        related_name="billing",
        verbose_name=_("application"),
    )
    name = models.CharField(_("name"), max_length=200)
    company = models.CharField(
        _("company or organisation"),
        max_length=200,
        blank=True,
        help_text=_("If an employer or organisation pays."),
    )
    vat_number = models.CharField(_("VAT number"), max_length=40, blank=True)
    address = models.TextField(_("street and number"), max_length=400)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))
    given_at = models.DateTimeField(_("given"), auto_now=True)

    class Meta:
        verbose_name = _("billing details")
        verbose_name_plural = _("billing details")

    def __str__(self):
        return self.company or self.name

    def lines(self):
        """The address as it is printed, line by line."""
        lines = [self.company, self.name] if self.company else [self.name]
        lines += [line.strip() for line in self.address.splitlines() if line.strip()]
        lines.append(" ".join(part for part in (self.postcode, self.city) if part))
        lines.append(str(self.country.name))
        if self.vat_number:
            lines.append(str(_("VAT number: %(number)s") % {"number": self.vat_number}))
        return lines


class InvoiceCounter(models.Model):
    """The last number given in a year. Taking the next one locks the year's row until the
    transaction ends, so numbers follow each other and a rolled-back one is given again."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("invoice counter")

    def __str__(self):
        return f"{self.year}: {self.last}"


class InvoiceQuerySet(models.QuerySet):
    def invoices(self):
        return self.filter(kind=Invoice.Kind.INVOICE)

    def credit_notes(self):
        return self.filter(kind=Invoice.Kind.CREDIT_NOTE)

    def with_balance(self):
        """Annotate ``credited`` (credit notes' amounts, positive), ``paid`` and ``balance``
        (what is still asked for; negative when more was paid)."""
        money = DecimalField(max_digits=12, decimal_places=2)
        credited = (
            Invoice.objects.filter(cancels=OuterRef("pk"))
            .values("cancels")
            .annotate(sum=Sum("total"))
            .values("sum")
        )
        paid = (
            Payment.objects.filter(invoice=OuterRef("pk"))
            .values("invoice")
            .annotate(sum=Sum("amount"))
            .values("sum")
        )
        return self.annotate(
            credited=-Coalesce(Subquery(credited, output_field=money), Value(ZERO)),
            paid=Coalesce(Subquery(paid, output_field=money), Value(ZERO)),
        ).annotate(balance=models.F("total") - models.F("credited") - models.F("paid"))

    def open(self):
        """Invoices (not credit notes) that still ask for money."""
        return self.invoices().with_balance().filter(balance__gt=0)

    def with_status(self):
        """:meth:`with_balance`, and ``status``: where an invoice stands (an
        :class:`Invoice.Status`), empty for a credit note. Paying more than asked shows first,
        as that money is to be given back; then a cancellation by credit notes."""
        status = Invoice.Status
        return self.with_balance().annotate(
            status=Case(
                When(kind=Invoice.Kind.CREDIT_NOTE, then=Value("")),
                When(balance__lt=0, then=Value(status.OVERPAID)),
                When(credited__gte=F("total"), then=Value(status.CANCELLED)),
                When(balance=0, then=Value(status.PAID)),
                When(paid__gt=0, then=Value(status.PARTLY_PAID)),
                default=Value(status.OPEN),
                output_field=models.CharField(),
            )
        )


class Invoice(models.Model):
    """An invoice or a credit note, as issued: never changed afterwards.

    A credit note (``kind`` credit note) cancels all or part of the invoice it names in
    ``cancels``; its total and lines are negative. The billing details, the institute's details
    and the payment reference are copied in when it is issued.
    """

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    class Status(models.TextChoices):
        """Where an invoice stands (:meth:`InvoiceQuerySet.with_status`)."""

        OPEN = "open", _("open")
        PARTLY_PAID = "partly_paid", _("partly paid")
        PAID = "paid", _("paid")
        CANCELLED = "cancelled", _("cancelled")
        OVERPAID = "overpaid", _("overpaid")

    class Purpose(models.TextChoices):
        DEPOSIT = "deposit", _("Deposit")
        INSTALMENT = "instalment", _("Instalment")
        BALANCE = "balance", _("Balance")
        CANCELLATION = "cancellation", _("Cancellation")
        REFUND = "refund", _("Withdrawal")

    application = models.ForeignKey(
        "applicants.Application",
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("application"),
    )
    training = models.ForeignKey(
        "trainings.Training",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("training"),
        help_text=_("The training whose fee it bills; an application may move to another."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    purpose = models.CharField(_("for"), max_length=12, choices=Purpose.choices)
    instalment = models.PositiveSmallIntegerField(
        _("instalment"), default=0, help_text=_("Which instalment of the plan; 0 for none.")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=20, unique=True)
    issued_on = models.DateField(_("issued"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    total = models.DecimalField(_("total"), max_digits=10, decimal_places=2)
    payment_reference = models.CharField(
        _("payment reference"),
        max_length=35,
        blank=True,
        help_text=_("A structured creditor reference (RF) that the bank transfer carries."),
    )
    cancels = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("cancels"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    # Copied when issued: who is billed, and who bills.
    billed_to = models.JSONField(_("billed to"), default=list)
    billed_email = models.EmailField(_("e-mail"))
    vat_number = models.CharField(_("VAT number"), max_length=40, blank=True)
    country = CountryField(_("country"))
    issuer = models.JSONField(_("issued by"), default=dict)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices and credit notes")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="invoice_number_per_year"),
            models.CheckConstraint(
                condition=Q(kind="invoice", cancels__isnull=True, total__gt=0)
                | Q(kind="credit_note", cancels__isnull=False, total__lt=0),
                name="invoice_credit_note_cancels_an_invoice",
            ),
            models.CheckConstraint(
                condition=Q(kind="credit_note") | Q(due_on__isnull=False),
                name="invoice_has_due_date",
            ),
        ]
        indexes = [models.Index(fields=["issued_on", "currency"], name="invoice_period")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    @property
    def label(self):
        """What it is for, in words: "Deposit", "Instalment 2", "Balance"."""
        return purpose_label(self.purpose, self.instalment)

    @property
    def is_credit_note(self):
        return self.kind == self.Kind.CREDIT_NOTE

    def get_download_url(self):
        return reverse(
            "applicants:invoice",
            kwargs={"token": self.application.token, "number": self.number},
        )

    def get_status_display(self):
        """Where it stands, in words; needs the ``status`` of ``with_status()``."""
        return self.Status(self.status).label if self.status else ""


def purpose_label(purpose, number=0):
    if purpose == Invoice.Purpose.INSTALMENT and number:
        return _("Instalment %(number)s") % {"number": number}
    return Invoice.Purpose(purpose).label


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="lines", verbose_name=_("invoice")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["position"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoice_line_position")
        ]

    def __str__(self):
        return self.description


class BankStatement(models.Model):
    """A bank statement file staff imported: its payments are recorded once each, however
    often the same statement is imported."""

    class Format(models.TextChoices):
        CAMT053 = "camt053", _("ISO 20022 CAMT.053 (XML)")
        CSV = "csv", _("CSV")

    file_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")

    def __str__(self):
        return self.file_name


class Payment(models.Model):
    """Money received for an invoice, entered by staff or read from a bank statement. Without
    an invoice it waits for staff to assign it."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by staff")
        CAMT053 = "camt053", _("CAMT.053 statement")
        CSV = "csv", _("CSV statement")

    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("invoice"),
        limit_choices_to={"kind": "invoice"},
    )
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    received_on = models.DateField(_("received"))
    payer = models.CharField(_("payer"), max_length=200, blank=True)
    reference = models.CharField(
        _("reference"), max_length=500, blank=True, help_text=_("As the bank gave it.")
    )
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.MANUAL
    )
    statement = models.ForeignKey(
        BankStatement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("bank statement"),
    )
    bank_key = models.CharField(
        _("bank's key"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Identifies the entry of a statement, so it is recorded once."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self):
        return f"{self.currency} {self.amount} ({self.received_on})"


class Refund(models.Model):
    """Money to pay back to a trainee, computed when a credit note leaves them having paid
    more than they owe. Staff pay it and mark when."""

    application = models.ForeignKey(
        "applicants.Application",
        on_delete=models.PROTECT,
        related_name="refunds",
        verbose_name=_("application"),
    )
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    reason = models.CharField(_("reason"), max_length=300)
    computed_at = models.DateTimeField(_("computed"), auto_now_add=True)
    paid_out_on = models.DateField(_("paid back on"), null=True, blank=True)

    class Meta:
        ordering = ["paid_out_on", "-computed_at"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")
        ]

    def __str__(self):
        return f"{self.currency} {self.amount}"


class Reminder(models.Model):
    """A payment reminder sent, so each is sent once."""

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", _("A week before the due day")
        OVERDUE = "overdue", _("After the due day")

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("invoice")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    sent_at = models.DateTimeField(_("queued"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment reminder")
        verbose_name_plural = _("payment reminders")
        constraints = [
            models.UniqueConstraint(fields=["invoice", "kind"], name="reminder_once_per_kind")
        ]

    def __str__(self):
        return f"{self.invoice}: {self.get_kind_display()}"
