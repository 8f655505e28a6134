"""Who changed what in the admin, and from what to what.

Django's admin already writes a ``LogEntry`` (who, when, which fields) for every save made
through its forms. ``AuditedAdmin`` adds the values before and after to that entry, for the
object's own fields and its inlines, and writes an entry for every object an admin action
changes, which Django does not. The object's "History" page in the admin shows them, and so
does the read-only list of all entries (imago_site/admin.py).

When personal data is erased, :func:`forget` takes it out of these entries too: they keep who
changed which fields when, but no longer the object's name nor the values.
"""

import json

from django import forms
from django.apps import apps
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import override

# Longer values (an answer, a description) are cut in the record, which stays readable.
LONGEST_VALUE = 300


def shown(value):
    """A value as text, for the record."""
    if value is None:
        return ""
    if isinstance(value, models.Model):
        value = str(value)
    elif isinstance(value, list | tuple | set | models.QuerySet):
        value = ", ".join(sorted(shown(item) for item in value))
    text = str(value)
    return text if len(text) <= LONGEST_VALUE else text[: LONGEST_VALUE - 1] + "…"


def form_value(field, value):
    """What a form field's value means to a person: a choice's label, an object's name."""
    if value in (None, "", [], ()):
        return ""
    if isinstance(field, forms.ModelMultipleChoiceField):
        if not all(isinstance(item, models.Model) for item in value):
            value = field.queryset.filter(pk__in=[getattr(i, "pk", i) for i in value])
        return shown(list(value))
    if isinstance(field, forms.ModelChoiceField):
        if not isinstance(value, models.Model):
            value = field.queryset.filter(pk=value).first()
        return shown(value)
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}
        if isinstance(value, list | tuple):
            return shown([labels.get(str(item), item) for item in value])
        return shown(labels.get(str(value), value))
    return shown(value)


def form_changes(form, names):
    """``[label, old, new]`` for each of the form's changed fields in ``names``."""
    changes = []
    with override(None):  # labels are stored untranslated, as Django stores them
        for name in names:
            field = form.fields[name]
            old = form_value(field, form[name].initial)
            new = form_value(field, form.cleaned_data.get(name))
            if old != new:
                changes.append([str(field.label or name), old, new])
    return changes


def with_relations(model, pks):
    """The objects of ``model`` whose primary keys are ``pks`` (a queryset, or a collection),
    with what their foreign keys point at, which a snapshot shows."""
    relations = [field.name for field in model._meta.concrete_fields if field.is_relation]
    return model.objects.filter(pk__in=pks).select_related(*relations)


def snapshot(obj):
    """Every stored field of ``obj`` as shown text, but the timestamps set automatically."""
    values = {}
    with override(None):
        for field in obj._meta.concrete_fields:
            if field.primary_key or getattr(field, "auto_now", False):
                continue
            if getattr(field, "auto_now_add", False):
                continue
            if field.is_relation:
                value = getattr(obj, field.name)
            elif field.flatchoices:
                value = dict(field.flatchoices).get(field.value_from_object(obj))
            else:
                value = field.value_from_object(obj)
            values[str(field.verbose_name)] = shown(value)
    return values


def value_changes(entry):
    """``(label, old, new)`` of every value an entry records, inlines named before the field."""
    try:
        message = json.loads(entry.change_message)
    except ValueError:  # entries written before values were recorded hold plain text
        return []
    changes = []
    for part in message if isinstance(message, list) else []:
        changed = part.get("changed", {})
        prefix = f"{changed['object']}: " if "object" in changed else ""
        changes += [(prefix + label, old, new) for label, old, new in changed.get("values", [])]
    return changes


def without_values(change_message):
    """An entry's change message with the values taken out, the names of the fields kept."""
    try:
        message = json.loads(change_message)
    except ValueError:  # plain text, which may name anything: nothing of it is kept
        return ""
    if not isinstance(message, list):
        return ""
    for part in message:
        for verb in part.values():
            if isinstance(verb, dict):
                verb.pop("values", None)
                if "object" in verb:
                    verb["object"] = ERASED
    return json.dumps(message)


# What an erased object is called in the admin's log.
ERASED = "(erased)"


def forget(model, pks):
    """Take the names and the changed values out of the admin log's entries about the objects
    of ``model`` (and its proxies) whose primary keys are ``pks``: their personal data is
    being erased. Returns how many entries were changed."""
    concrete = model._meta.concrete_model
    content_types = ContentType.objects.get_for_models(
        *(m for m in apps.get_models() if m._meta.concrete_model is concrete),
        for_concrete_models=False,
    ).values()
    entries = list(
        LogEntry.objects.filter(
            content_type__in=content_types, object_id__in=[str(pk) for pk in pks]
        ).exclude(object_repr=ERASED)
    )
    for entry in entries:
        entry.object_repr = ERASED
        entry.change_message = without_values(entry.change_message)
    LogEntry.objects.bulk_update(entries, ["object_repr", "change_message"], batch_size=500)
    return len(entries)


class AuditedAdmin:
    """A ModelAdmin mixin: record the values each staff change replaces (see above)."""

    object_history_template = "admin/audited_history.html"

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        inline_changes = [
            form_changes(next(f for f in formset.forms if f.instance.pk == obj.pk), names)
            for formset in formsets or []
            for obj, names in formset.changed_objects
        ]
        for part in message:
            changed = part.get("changed")
            if changed is None:
                continue
            if "object" in changed:
                changed["values"] = inline_changes.pop(0)
            else:
                changed["values"] = form_changes(form, form.changed_data)
        return message

    def response_action(self, request, queryset, **kwargs):
        """Run the action, then record what it changed in each selected object."""
        if request.POST.get("select_across") != "1":
            # Otherwise every object of the list. Nothing selected: Django refuses the action.
            queryset = queryset.filter(pk__in=request.POST.getlist(ACTION_CHECKBOX_NAME))
        before = {obj.pk: snapshot(obj) for obj in with_relations(self.model, queryset)}
        action = next((v for k, v in request.POST.items() if k.endswith("action") and v), "")
        response = super().response_action(request, queryset, **kwargs)
        for obj in with_relations(self.model, before):
            old = before[obj.pk]
            changes = [
                [label, old[label], new]
                for label, new in snapshot(obj).items()
                if new != old[label]
            ]
            if changes:
                fields = [label for label, _old, _new in changes]
                self.log_change(
                    request,
                    obj,
                    [{"changed": {"fields": fields, "values": changes, "action": action}}],
                )
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        for entry in response.context_data["action_list"]:
            entry.value_changes = value_changes(entry)
        return response
