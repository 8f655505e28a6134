"""What a browser would post back from an admin change page: every field as it is shown."""

from django import forms


def _field_values(form):
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(item.pk if hasattr(item, "pk") else item) for item in value]
        elif value is not None:
            data[key] = str(value.pk if hasattr(value, "pk") else value)
    return data


def change_form_data(response, **changes):
    """The POST data of the admin change form in ``response``, with ``changes`` applied."""
    context = response.context
    data = _field_values(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update(
            {management.add_prefix(name): management[name].value() for name in management.fields}
        )
        # The blank extra forms are left out, as if the page had offered none.
        data[management.add_prefix("TOTAL_FORMS")] = len(formset.initial_forms)
        for form in formset.initial_forms:
            data.update(_field_values(form))
    data.update(changes)
    return data
