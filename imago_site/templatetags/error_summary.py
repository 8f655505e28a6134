from django import template

register = template.Library()


@register.inclusion_tag("includes/_error_summary.html")
def error_summary(form):
    """``{% error_summary form %}``: at the top of a form sent back, how many answers need
    attention and a link to each, the message beside it. It takes the focus when the page
    loads (``autofocus``, no script), so that a screen reader announces it first. Errors of the
    form as a whole are shown by the form itself and left out here."""
    entries = [
        {
            "href": f"#{field.id_for_label or 'div_' + field.auto_id}",
            "label": field.label,
            "error": error,
        }
        for field in (form.visible_fields() if form is not None and form.is_bound else [])
        for error in field.errors
    ]
    return {"entries": entries}
