import datetime
import itertools
from functools import partial

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.forms.models import BaseInlineFormSet, model_to_dict
from django.template.defaultfilters import floatformat
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from imago_site.admin_site import UsedChoicesFilter
from imago_site.audit import AuditedAdmin
from imago_site.pagecache import content_changed
from imago_site.translated import DEFAULT_LANGUAGE, column, columns, translation_fieldsets
from trainings.interest import admin as interest_admin  # noqa: F401  (registers its models)
from trainings.interest.tasks import announce_training
from trainings.models import (
    CertificationRequirement,
    Cost,
    DocumentRequirement,
    Instalment,
    Module,
    RefundRule,
    ReviewCriterion,
    Track,
    Trainer,
    Training,
)
from trainings.portraits import PortraitField, delete_portraits, make_renditions
from trainings.templatetags.trainings_tags import date_range, money


class DocumentRequirementFormSet(BaseInlineFormSet):
    def clean(self):
        """A module that opens another track asks for that track's documents
        (``Track.documents_asked``): say so, rather than keep a list that is never asked."""
        super().clean()
        listed = [
            form
            for form in self.forms
            if form.cleaned_data.get("name_en") and not form.cleaned_data.get("DELETE")
        ]
        if listed and self.instance.opens_id:
            raise ValidationError(
                _(
                    "This track opens %(track)s, and its applicants send the documents that "
                    "%(track)s asks for. List them there."
                ),
                params={"track": self.instance.opens},
            )


class PartInline(admin.TabularInline):
    """Rows that are part of the object they are edited with (``part_of``, a model name of
    this app): whoever may view, add or change that object may do the same with them, without
    permissions of their own, as the staff groups give none."""

    part_of = None

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(f"trainings.view_{self.part_of}") or self.may_edit(
            request, obj
        )

    def has_add_permission(self, request, obj):
        return self.may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.may_edit(request, obj)

    def may_edit(self, request, parent):
        action = "change" if parent else "add"
        return request.user.has_perm(f"trainings.{action}_{self.part_of}")


class DocumentRequirementInline(PartInline):
    model = DocumentRequirement
    part_of = "track"
    formset = DocumentRequirementFormSet
    extra = 1
    fields = [*columns("name", "explanation"), "is_required", "position"]


class CertificationRequirementInline(PartInline):
    model = CertificationRequirement
    part_of = "track"
    extra = 1
    fields = ["kind", "hours", *columns("description"), "position"]


class ReviewCriterionInline(PartInline):
    model = ReviewCriterion
    part_of = "track"
    extra = 1
    fields = [*columns("name", "guidance"), "position"]


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "is_listed", "training_count"]
    list_editable = ["position", "is_listed"]
    search_fields = columns("name", "summary")
    prepopulated_fields = {"slug": ["name_en"]}
    texts = ["name", "summary", "audience", "prerequisites", "structure", "pathway"]
    fieldsets = [
        (None, {"fields": ["slug", *columns(*texts, languages=["en"])]}),
        (
            _("Who qualifies"),
            {
                "fields": [
                    "minimum_degree",
                    "degree_fields",
                    "licence_qualifies",
                    "opens",
                    "offered_instead",
                ]
            },
        ),
        (_("Review"), {"fields": ["answer_days", "reviews_by_trainers"]}),
        (_("Certificate"), {"fields": ["certificate_share", "certifies_modules"]}),
        (_("On the site"), {"fields": ["position", "is_listed"]}),
        *translation_fieldsets(*texts),
    ]
    inlines = [DocumentRequirementInline, ReviewCriterionInline, CertificationRequirementInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(training_count=Count("trainings"))

    @admin.display(description=_("trainings"), ordering="training_count")
    def training_count(self, track):
        return track.training_count


@admin.register(Trainer)
class TrainerAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "city", "languages", "is_listed", "is_contact_public"]
    list_filter = ["is_listed", ("country", UsedChoicesFilter), "tracks"]
    search_fields = ["name", "city", "email"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["tracks"]
    readonly_fields = ["portrait_shown"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "photo",
                    "portrait_shown",
                    "bio_en",
                    "country",
                    "city",
                    "languages",
                    "tracks",
                ]
            },
        ),
        (_("Contact"), {"fields": ["email", "is_contact_public", "is_listed"]}),
        (_("Staff account"), {"fields": ["user"]}),
        *translation_fieldsets("bio"),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "photo":
            kwargs["form_class"] = PortraitField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("portrait on the site"))
    def portrait_shown(self, trainer):
        portrait = trainer.portrait
        if portrait is None:
            return _("The trainer's initials, until a photo is saved.")
        return format_html('<img src="{}" width="160" height="160" alt="">', portrait.jpeg_url)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        make_renditions(obj)

    def delete_model(self, request, obj):
        delete_portraits([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        delete_portraits(queryset)
        super().delete_queryset(request, queryset)


class ModuleFormSet(BaseInlineFormSet):
    def clean(self):
        """Applications must close by the first module's first day: the database refuses
        otherwise, so say it here in words, with the dates as they are being saved."""
        super().clean()
        starts = [
            form.cleaned_data["start_date"]
            for form in self.forms
            if form.cleaned_data.get("start_date") and not form.cleaned_data.get("DELETE")
        ]
        close = self.instance.applications_close
        if starts and close and close > min(starts):
            raise ValidationError(
                _(
                    "Applications close on %(close)s, after the first module starts on "
                    "%(start)s. Move the closing date or the module."
                ),
                params={"close": close, "start": min(starts)},
            )


class ModuleInline(admin.TabularInline):
    model = Module
    formset = ModuleFormSet
    extra = 1
    fields = [
        "number",
        *columns("title"),
        "format",
        "start_date",
        "end_date",
        "daily_start",
        "daily_end",
        "venue_name",
        "city",
        "country",
        "contact_hours",
        "is_required",
        "credited_by_track",
    ]


def kept_values(formset, *names):
    """The values of ``names`` in each form of ``formset`` that is filled in, valid so far
    and not deleted."""
    return [
        tuple(form.cleaned_data[name] for name in names)
        for form in formset.forms
        if all(form.cleaned_data.get(name) is not None for name in names)
        and not form.cleaned_data.get("DELETE")
    ]


class InstalmentFormSet(BaseInlineFormSet):
    def clean(self):
        """The deposit and the instalments are parts of the price: together they may not
        exceed the lowest price a trainee pays (the early-bird fee, if there is one), or
        the balance would be negative; and the balance comes last, so no instalment falls
        due after it. (While a new training has no module, its balance day is not known.)"""
        super().clean()
        training = self.instance
        if training.fee is None or training.deposit is None:
            return  # the training's own fields have errors, shown beside them
        if training.balance_due_on or training.starts_on:
            balance_due = training.balance_due_date
            late = [day for (day,) in kept_values(self, "due_on") if day > balance_due]
            if late:
                raise ValidationError(
                    _(
                        "An instalment falls due on %(day)s, after the balance (%(balance)s). "
                        "Move the instalment, or set a later day for the balance."
                    ),
                    params={"day": date_format(min(late)), "balance": date_format(balance_due)},
                )
        total = training.deposit + sum(amount for (amount,) in kept_values(self, "amount"))
        if total > training.lowest_price:
            raise ValidationError(
                _(
                    "The deposit and the instalments add up to %(total)s, more than the "
                    "lowest price, %(lowest)s. Lower an instalment or the deposit; what they "
                    "leave of the price is billed as the balance."
                ),
                params={
                    "total": money(total, training.currency),
                    "lowest": money(training.lowest_price, training.currency),
                },
            )


class InstalmentInline(PartInline):
    model = Instalment
    part_of = "training"
    formset = InstalmentFormSet
    extra = 0
    fields = ["due_on", "amount"]


class RefundRuleForm(forms.ModelForm):
    class Meta:
        model = RefundRule
        fields = ["until", "percent"]
        error_messages = {
            "percent": {
                "min_value": _("A refund is a share from 0 to 100%% of the tuition."),
                "max_value": _("A refund is a share from 0 to 100%% of the tuition."),
            }
        }


class RefundRuleFormSet(BaseInlineFormSet):
    def clean(self):
        """Rules are read from the earliest day on: who withdraws later cannot get more back
        than who withdraws earlier."""
        super().clean()
        rules = sorted(kept_values(self, "until", "percent"))
        for (earlier, kept), (later, more) in itertools.pairwise(rules):
            if more > kept:
                raise ValidationError(
                    _(
                        "Withdrawing until %(later)s gives back %(more)s%%, more than "
                        "withdrawing until %(earlier)s (%(kept)s%%). Give a later day the "
                        "same share or less."
                    ),
                    params={
                        "later": date_format(later),
                        "more": floatformat(more, "-2"),
                        "earlier": date_format(earlier),
                        "kept": floatformat(kept, "-2"),
                    },
                )


class RefundRuleInline(PartInline):
    model = RefundRule
    part_of = "training"
    form = RefundRuleForm
    formset = RefundRuleFormSet
    extra = 0


class CostInline(PartInline):
    model = Cost
    part_of = "training"
    extra = 0
    fields = ["kind", "is_included", *columns("description"), "estimate", "position"]


def missing_translations(texts):
    """Which of ``texts``, pairs of a label and ``{language code: text}``, are written in the
    default language but left empty in another language of ``settings.LANGUAGES``: a list of
    the label and those languages' names. A text empty in the default language too is not
    missing a translation."""
    missing = []
    for label, text in texts:
        if text.get(DEFAULT_LANGUAGE):
            languages = [
                language_name
                for code, language_name in settings.LANGUAGES
                if code != DEFAULT_LANGUAGE and not text.get(code)
            ]
            if languages:
                missing.append((label, languages))
    return missing


def describe_missing(missing):
    """``missing`` as staff read it: "Refund and transfer policy: Spanish, German; Module 2
    title: German"."""
    return "; ".join(
        f"{label}: {', '.join(str(name) for name in languages)}" for label, languages in missing
    )


def training_texts(values, modules):
    """The texts a published training shows in every language, for ``missing_translations``:
    its own from ``values`` (a mapping of its columns, such as a form's cleaned data) and its
    modules' titles from ``modules``, pairs of a number and such a mapping."""
    codes = [code for code, _name in settings.LANGUAGES]

    def text(values, name):
        return {code: values.get(column(name, code)) for code in codes}

    return [
        (_("Refund and transfer policy"), text(values, "refund_policy")),
        (_("Notes on paying"), text(values, "payment_plan")),
        *(
            (format_lazy(_("Module {number} title"), number=number), text(module, "title"))
            for number, module in sorted(modules, key=lambda pair: pair[0] or 0)
        ),
    ]


# The module rows as the training's change form posts them, read for their titles only; the
# module inline itself validates and saves them.
ModuleTitles = forms.inlineformset_factory(
    Training, Module, fields=["number", *columns("title")], extra=0
)


def translations_missing_in(training):
    """``missing_translations`` of a saved training and its saved modules."""
    return missing_translations(
        training_texts(
            model_to_dict(training, fields=columns("refund_policy", "payment_plan")),
            [
                (module.number, model_to_dict(module, fields=columns("title")))
                for module in training.modules.all()
            ],
        )
    )


class TrainingForm(forms.ModelForm):
    publish_anyway = forms.BooleanField(
        label=_("Publish anyway"),
        required=False,
        # Shown only once publishing has been held for missing translations.
        widget=forms.HiddenInput,
        help_text=_(
            "The site shows the English text wherever a translation listed above is missing."
        ),
    )

    def clean(self):
        """Hold the publishing of a training whose refund policy, notes on paying or module
        titles are missing in a language the portal offers, until staff tick "Publish anyway":
        its pages would show those texts in English. Saving a draft, or a training that is
        public already, is not held."""
        cleaned_data = super().clean()
        going_public = (
            cleaned_data.get("status") == Training.Status.PUBLISHED
            and self.instance.status != Training.Status.PUBLISHED
        )
        if not going_public or cleaned_data.get("publish_anyway"):
            return cleaned_data
        modules = ModuleTitles(self.data, instance=self.instance, prefix="modules")
        if not modules.is_valid():
            return cleaned_data  # the module inline shows what is wrong
        missing = missing_translations(
            training_texts(
                cleaned_data,
                [
                    (form.cleaned_data.get("number"), form.cleaned_data)
                    for form in modules.forms
                    if form.cleaned_data and not form.cleaned_data.get("DELETE")
                ],
            )
        )
        if missing:
            self.fields["publish_anyway"].widget = forms.CheckboxInput()
            raise ValidationError(
                _(
                    "Not published yet: these texts are missing in a language the portal "
                    "offers, and the training's pages would show them in English. "
                    "%(missing)s. Write them in the sections of those languages below and in "
                    "the modules, save the training as a draft, or tick “Publish anyway”."
                ),
                params={"missing": describe_missing(missing)},
                code="missing_translations",
            )
        return cleaned_data

    class Meta:
        help_texts = {
            "currency": _("Every amount of this training is in this currency."),
            "fee": _("The full tuition, which applies after the early-bird deadline."),
            "early_bird_fee": _(
                "Optional: a lower tuition for applications received by the deadline."
            ),
        }


class TimeFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Started or past"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "upcoming":
            return queryset.filter(Q(starts_on__gte=today) | Q(starts_on__isnull=True))
        if self.value() == "past":
            return queryset.filter(starts_on__lt=today)
        return queryset


class CurrentTrainingFilter(admin.SimpleListFilter):
    """For the lists of applications and of trainees: the trainings that have not ended (those
    staff review applications for, and those under way) and those that ended in the last
    ``RECENT_DAYS`` (their last decisions, invoices and certificates), by start date. Listing
    only trainings that have applications would read every application on each page; an older
    training's applications are found by searching its name."""

    title = _("training")
    parameter_name = "training__id__exact"
    RECENT_DAYS = 90

    def lookups(self, request, model_admin):
        since = timezone.localdate() - datetime.timedelta(days=self.RECENT_DAYS)
        trainings = (
            Training.objects.public()
            .filter(Q(ends_on__gte=since) | Q(ends_on__isnull=True))
            .order_by(F("starts_on").asc(nulls_last=True), "pk")
            .only("starts_on", "ends_on", *columns("title"))
        )
        return [(str(training.pk), self.label(training)) for training in trainings]

    @staticmethod
    def label(training):
        if training.starts_on is None:
            return training.title
        return f"{training.title} ({date_range(training.starts_on, training.ends_on)})"

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(training_id=self.value())
        return queryset


def set_status(trainings, status):
    updated = trainings.update(status=status, updated_at=timezone.now())
    content_changed()  # update() sends no signal for the page cache
    return updated


@admin.register(Training)
class TrainingAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = [
        "title",
        "track",
        "status",
        "starts_on",
        "place",
        "language",
        "capacity",
        "seats_taken",
        "application_count",
    ]
    list_filter = [
        "status",
        TimeFilter,
        "track",
        "format",
        ("country", UsedChoicesFilter),
        ("language", UsedChoicesFilter),
    ]
    list_select_related = ["track"]
    search_fields = [*columns("title"), "slug", "city", "venue_name"]
    prepopulated_fields = {"slug": ["title_en"]}
    date_hierarchy = "starts_on"
    filter_horizontal = ["trainers"]
    readonly_fields = ["translations_missing", "starts_on", "ends_on", "created_at", "updated_at"]
    form = TrainingForm
    inlines = [ModuleInline, InstalmentInline, RefundRuleInline, CostInline]
    actions = ["publish", "cancel", "duplicate"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "track",
                    "title_en",
                    "slug",
                    "status",
                    "publish_anyway",
                    "translations_missing",
                    "description_en",
                    "trainers",
                ]
            },
        ),
        (
            _("Where and how"),
            {
                "fields": [
                    "format",
                    "language",
                    "venue_name",
                    "city",
                    "country",
                    "latitude",
                    "longitude",
                    "time_zone",
                    "contact_hours",
                ]
            },
        ),
        (
            _("Fees and payment"),
            {
                "description": _(
                    "The instalments, the refund rules and what the fee includes or leaves to "
                    "pay on top are listed below the dates of the modules."
                ),
                "fields": [
                    "currency",
                    "fee",
                    ("early_bird_fee", "early_bird_deadline"),
                    ("deposit", "deposit_days", "deposit_refundable"),
                    "balance_due_on",
                    "payment_plan_en",
                    "refund_policy_en",
                ],
            },
        ),
        (_("Applications"), {"fields": ["capacity", "applications_open", "applications_close"]}),
        (
            _("Dates from the modules"),
            {"fields": ["starts_on", "ends_on", "created_at", "updated_at"]},
        ),
        *translation_fieldsets("title", "description", "payment_plan", "refund_policy"),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_seats_taken()
            .annotate(application_count=Count("applications"))
        )

    @admin.display(description=_("missing translations"))
    def translations_missing(self, training):
        if training.pk is None:
            return None  # a new training's modules are not saved yet
        return describe_missing(translations_missing_in(training)) or _(
            "None: the refund policy, the notes on paying and the module titles are written in "
            "every language of the portal."
        )

    @admin.display(description=_("applications"), ordering="application_count")
    def application_count(self, training):
        return training.application_count

    @admin.display(description=_("seats taken"), ordering="seats_taken")
    def seats_taken(self, training):
        return training.seats_taken

    @admin.action(description=_("Publish the selected trainings"), permissions=["change"])
    def publish(self, request, queryset):
        """Publish the drafts among the selected trainings and, after the commit, announce each
        to the interest list's matching subscribers (``interest.tasks.announce_training``).
        Drafts whose texts are missing in a language of the portal are first listed on a page
        that asks whether to publish them all the same, or only the complete ones."""
        drafts = queryset.filter(status=Training.Status.DRAFT).prefetch_related("modules")
        held = [
            (training, describe_missing(missing))
            for training in drafts
            if (missing := translations_missing_in(training))
        ]
        choice = request.POST.get("publish_anyway")
        if held and choice not in ("all", "complete"):
            # As on a training's own page: held until staff choose, on a page of its own.
            return TemplateResponse(
                request,
                "admin/trainings/training/publish_held.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "title": _("Publish these trainings?"),
                    "held": held,
                    "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                    "complete_count": len(drafts) - len(held),
                },
            )
        left_out = {training.pk for training, _missing in held} if choice == "complete" else set()
        drafts = [training.pk for training in drafts if training.pk not in left_out]
        changed = set_status(
            Training.objects.filter(pk__in=drafts, status=Training.Status.DRAFT),
            Training.Status.PUBLISHED,
        )
        for training_id in drafts:
            transaction.on_commit(partial(announce_training.enqueue, training_id))
        message = ngettext(
            "%(count)d training published.", "%(count)d trainings published.", changed
        )
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Cancel the selected trainings"), permissions=["change"])
    def cancel(self, request, queryset):
        changed = set_status(
            queryset.exclude(status=Training.Status.CANCELLED), Training.Status.CANCELLED
        )
        message = ngettext(
            "%(count)d training cancelled.", "%(count)d trainings cancelled.", changed
        )
        self.message_user(request, message % {"count": changed}, messages.WARNING)

    @admin.action(
        description=_("Duplicate as a new cohort a year later (draft)"), permissions=["add"]
    )
    def duplicate(self, request, queryset):
        for training in queryset.prefetch_related(
            "modules", "trainers", "instalments", "refund_rules", "costs"
        ):
            copy = training.duplicate_as_new_cohort()
            self.log_addition(request, copy, [{"added": {}}])
            self.message_user(
                request,
                _("Created the draft “%(title)s”; check its dates before publishing.")
                % {"title": copy.title},
                messages.SUCCESS,
            )
