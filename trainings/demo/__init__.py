"""The demo tracks, faculty and trainings, read from the TOML files in this folder.

``manage.py load_demo`` calls :func:`load`. Each file says at its top how it is written; the
trainings' dates are counted in weeks from the Monday of the current week, so that the catalogue
always looks current, and their refund rules in days before the first module.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction

from imago_site.demo_data import look_up, read
from imago_site.translated import DEFAULT_LANGUAGE, column, columns
from trainings.models import (
    CertificationRequirement,
    Cost,
    DocumentRequirement,
    Format,
    Instalment,
    Module,
    RefundRule,
    ReviewCriterion,
    Track,
    Trainer,
    Training,
)

FOLDER = Path(__file__).parent
# The languages the demo's texts are translated into, besides the default.
TRANSLATIONS = [code for code, _name in settings.LANGUAGES if code != DEFAULT_LANGUAGE]
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

# What a training gets for a field its entry leaves out. Every run writes these, so that a line
# taken out of trainings.toml is taken out of the training too.
TRAINING_DEFAULTS = {
    "description": "",
    "venue_name": "",
    "city": "",
    "country": "",
    "latitude": None,
    "longitude": None,
    "early_bird_fee": None,
    "early_bird_deadline": None,
    "payment_plan": "",
    "deposit": 0,
    "deposit_days": 14,
    "deposit_refundable": False,
    "balance_due_on": None,
    "status": Training.Status.PUBLISHED,
    **dict.fromkeys(
        columns("title", "description", "payment_plan", "refund_policy", languages=TRANSLATIONS),
        "",
    ),
}
# A track's texts, each with its translations.
TRACK_TEXTS = ["name", "summary", "audience", "prerequisites", "structure", "pathway"]
# A training's fields given in weeks from this week's Monday.
WEEK_FIELDS = ["applications_open", "applications_close", "early_bird_deadline", "balance_due_on"]
# A training's entries that may name a preset of trainings.toml instead.
PRESET_FIELDS = ["refund_policy", "payment_plan", "refund_rules"]
# Those of them that are texts, whose presets have translations of the same name.
TRANSLATED_PRESET_FIELDS = ["refund_policy", "payment_plan"]


@transaction.atomic
def load(today, folder=FOLDER):
    """Create or update the tracks, trainers and trainings of the files in ``folder``, with dates
    around ``today``, and return how many of each there are."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    tracks, module_titles = load_tracks(folder / "tracks.toml")
    trainers = load_trainers(folder / "trainers.toml", tracks)
    trainings = load_trainings(
        folder / "trainings.toml", tracks, module_titles, trainers, this_monday
    )
    return {
        "tracks": len(tracks),
        "document requirements": DocumentRequirement.objects.filter(
            track__in=tracks.values()
        ).count(),
        "certification requirements": CertificationRequirement.objects.filter(
            track__in=tracks.values()
        ).count(),
        "review criteria": ReviewCriterion.objects.filter(track__in=tracks.values()).count(),
        "trainers": len(trainers),
        "trainings": len(trainings),
        "modules": Module.objects.filter(training__in=trainings).count(),
        "instalments": Instalment.objects.filter(training__in=trainings).count(),
        "refund rules": RefundRule.objects.filter(training__in=trainings).count(),
        "costs": Cost.objects.filter(training__in=trainings).count(),
    }


def load_tracks(path):
    tracks, module_titles = {}, {}
    offers = {}
    for entry in read(path)["tracks"]:
        # A translation taken out of tracks.toml is taken out of the track too.
        fields = {**dict.fromkeys(columns(*TRACK_TEXTS, languages=TRANSLATIONS), ""), **entry}
        slug = fields["slug"]
        module_titles[slug] = read_module_titles(fields)
        documents = fields.pop("documents", [])
        certification = fields.pop("certification", [])
        criteria = fields.pop("criteria", [])
        offers[slug] = fields.pop("offered_instead", None)
        # Only a track listed above can be opened: it exists by now.
        opens = fields.pop("opens", None)
        if opens:
            opens = look_up(tracks, opens, "track", f"{path}, track {slug!r}, opens")
        tracks[slug], _ = Track.objects.update_or_create(
            slug=slug, defaults={**fields, "opens": opens}
        )
        load_documents(tracks[slug], documents)
        load_certification(tracks[slug], certification)
        load_criteria(tracks[slug], criteria)
    # The track offered instead may come later in the file: set once every track exists.
    for slug, offered in offers.items():
        if offered:
            offered = look_up(tracks, offered, "track", f"{path}, track {slug!r}, offered_instead")
        Track.objects.filter(pk=tracks[slug].pk).update(offered_instead=offered)
        tracks[slug].offered_instead = offered
    return tracks, module_titles


def read_module_titles(fields):
    """Take a track's module titles out of its entry's ``fields``: one mapping of the Module
    model's title columns per module, in order, from ``module_titles`` and its translations
    (``module_titles_es``), which are empty where a list is shorter or left out."""
    titles = {
        code: fields.pop(
            column("module_titles", code) if code in TRANSLATIONS else "module_titles", []
        )
        for code, _name in settings.LANGUAGES
    }
    return [
        {
            column("title", code): (titles[code][index] if index < len(titles[code]) else "")
            for code in titles
        }
        for index in range(len(titles[DEFAULT_LANGUAGE]))
    ]


def load_documents(track, documents):
    """The documents ``track`` asks for, in the order of its entries; one taken out of
    tracks.toml is taken out of the track too. An entry's keys are the model's fields, with
    ``name`` and ``explanation`` in English."""
    for position, entry in enumerate(documents, start=1):
        blank = dict.fromkeys(columns("explanation") + columns("name", languages=["es", "de"]), "")
        fields = {**blank, "is_required": True, **entry, "position": position}
        DocumentRequirement.objects.update_or_create(
            track=track, name_en=fields.pop("name"), defaults=fields
        )
    names = [entry["name"] for entry in documents]
    DocumentRequirement.objects.filter(track=track).exclude(name_en__in=names).delete()


def load_certification(track, steps):
    """The steps of ``track``'s path to certification, in the order of its entries, kept by
    their position (a step trainees have done stays); steps beyond the list are removed."""
    for position, entry in enumerate(steps, start=1):
        blank = dict.fromkeys(columns("description", languages=["es", "de"]), "")
        fields = {**blank, "hours": 0, **entry}
        fields["description_en"] = fields.pop("description")
        CertificationRequirement.objects.update_or_create(
            track=track, position=position, defaults=fields
        )
    CertificationRequirement.objects.filter(track=track, position__gt=len(steps)).delete()


def load_criteria(track, criteria):
    """The criteria reviewers score ``track``'s applications on, in the order of its entries,
    kept by their position (reviews' scores stay with them); criteria beyond the list are
    removed."""
    for position, entry in enumerate(criteria, start=1):
        blank = dict.fromkeys(columns("guidance") + columns("name", languages=["es", "de"]), "")
        fields = {**blank, **entry}
        fields["name_en"] = fields.pop("name")
        ReviewCriterion.objects.update_or_create(track=track, position=position, defaults=fields)
    ReviewCriterion.objects.filter(track=track, position__gt=len(criteria)).delete()


def load_trainers(path, tracks):
    trainers = {}
    for entry in read(path)["trainers"]:
        fields = {**dict.fromkeys(columns("bio", languages=TRANSLATIONS), ""), **entry}
        where = f"{path}, trainer {fields['slug']!r}"
        taught = [look_up(tracks, slug, "track", where) for slug in fields.pop("tracks")]
        trainer, _ = Trainer.objects.update_or_create(slug=fields["slug"], defaults=fields)
        trainer.tracks.set(taught)
        trainers[trainer.slug] = trainer
    return trainers


def load_trainings(path, tracks, module_titles, trainers, this_monday):
    data = read(path)
    presets = data.get("presets", {})
    trainings = []
    for entry in data["trainings"]:
        fields = {**TRAINING_DEFAULTS, **entry}
        slug = fields["slug"]
        where = f"{path}, training {slug!r}"
        modules = fields.pop("modules")
        instalments = fields.pop("instalments", [])
        costs = fields.pop("costs", [])
        fields["track"] = look_up(tracks, fields["track"], "track", where)
        teaching = [look_up(trainers, name, "trainer", where) for name in fields.pop("trainers")]
        titles = module_titles[fields["track"].slug]
        if len(modules) > len(titles):
            raise CommandError(
                f"{where}: {len(modules)} modules, but the track {fields['track'].slug!r} has "
                f"module titles for {len(titles)} in tracks.toml"
            )
        named = {name: fields.get(name) for name in TRANSLATED_PRESET_FIELDS}
        for name in PRESET_FIELDS:
            if name in fields:
                fields[name] = preset(presets, name, fields[name], where)
        # A preset named comes with its translations, unless the entry gives its own.
        for name, value in named.items():
            for code in TRANSLATIONS:
                if is_preset_name(value) and column(name, code) not in entry:
                    fields[column(name, code)] = preset(presets, column(name, code), value, where)
        refund_rules = fields.pop("refund_rules", [])
        for name in WEEK_FIELDS:
            if fields[name] is not None:
                fields[name] = week_date(this_monday, fields[name])
        training, _ = Training.objects.update_or_create(slug=slug, defaults=fields)
        training.trainers.set(teaching)
        default_format = Format.ONLINE if training.format == Format.ONLINE else Format.IN_PERSON
        # Modules are updated in place, as attendance taken in them keeps them; the database
        # checks the training's deadlines against their dates when the transaction commits.
        # The training's contact hours are shared evenly among its modules.
        hours = Decimal(training.contact_hours) / len(modules)
        for number, module in enumerate(modules, start=1):
            Module.objects.update_or_create(
                training=training,
                number=number,
                defaults={
                    **titles[number - 1],
                    "format": module.get("format", default_format),
                    "contact_hours": hours.quantize(Decimal("0.1")),
                    **module_days(module, presets, this_monday, where),
                },
            )
        Module.objects.filter(training=training, number__gt=len(modules)).delete()
        training.refresh_from_db(fields=["starts_on", "ends_on"])
        load_price_structure(
            training,
            instalments=instalments,
            refund_rules=refund_rules,
            costs=[preset_cost(presets, cost, where) for cost in costs],
            this_monday=this_monday,
            where=where,
        )
        trainings.append(training)
    return trainings


def load_price_structure(training, *, instalments, refund_rules, costs, this_monday, where):
    """Replace ``training``'s instalments (due in weeks from this week's Monday), refund rules
    (until a number of days before the first module) and costs (the Cost model's fields)."""
    training.instalments.all().delete()
    training.refund_rules.all().delete()
    training.costs.all().delete()
    Instalment.objects.bulk_create(
        Instalment(
            training=training,
            due_on=week_date(this_monday, entry["week"], entry.get("weekday", "mon"), where),
            amount=entry["amount"],
        )
        for entry in instalments
    )
    if refund_rules and training.starts_on is None:
        raise CommandError(f"{where}: refund rules count from the first module, and it has none")
    RefundRule.objects.bulk_create(
        RefundRule(
            training=training,
            until=training.starts_on - datetime.timedelta(days=entry["days_before_start"]),
            percent=entry["percent"],
        )
        for entry in refund_rules
    )
    blank = dict.fromkeys(columns("description", languages=["es", "de"]), "")
    Cost.objects.bulk_create(
        Cost(training=training, position=position, **{**blank, **entry})
        for position, entry in enumerate(costs, start=1)
    )


def preset_cost(presets, entry, where):
    """A cost of trainings.toml: a table of the Cost model's fields, the name of a table under
    [presets.costs], or a table whose ``preset`` names one and that changes some of its fields
    (``{ preset = "supervision", estimate = 1200 }``)."""
    if isinstance(entry, str):
        entry = {"preset": entry}
    fields = dict(entry)
    if name := fields.pop("preset", None):
        preset_fields = look_up(presets.get("costs", {}), name, "[presets.costs] entry", where)
        fields = {**preset_fields, **fields}
    return fields


def preset(presets, field, value, where):
    """``value``, or the preset of ``field`` that it names. A name is one word (``per_module``);
    a text, with its spaces, never is."""
    if is_preset_name(value):
        return look_up(presets.get(field, {}), value, f"[presets.{field}] entry", where)
    return value


def is_preset_name(value):
    return isinstance(value, str) and value.isidentifier()


def week_date(this_monday, week, weekday="mon", where=""):
    """The date of ``weekday`` in the week ``week`` weeks after (or before) this week."""
    days = look_up(WEEKDAYS, weekday, "weekday", where)
    return this_monday + datetime.timedelta(weeks=week, days=days)


def module_days(entry, presets, this_monday, where):
    """A module's first and last day and its daily hours, from its entry in trainings.toml."""
    start = week_date(this_monday, entry["week"], entry.get("weekday", "mon"), where)
    daily_start, daily_end = preset(presets, "hours", entry.get("hours", [None, None]), where)
    return {
        "start_date": start,
        "end_date": start + datetime.timedelta(days=entry["days"] - 1),
        "daily_start": datetime.time.fromisoformat(daily_start) if daily_start else None,
        "daily_end": datetime.time.fromisoformat(daily_end) if daily_end else None,
    }
