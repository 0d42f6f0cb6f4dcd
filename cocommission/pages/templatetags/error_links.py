"""Where an error summary link takes the reader: the field's own input, or for a
group of radios or checkboxes its first input, as the GOV.UK error summary does
(a link to the group's ``div`` or to ``#`` moves nothing)."""

from __future__ import annotations

from django import forms, template

register = template.Library()


@register.filter
def error_anchor(field: forms.BoundField) -> str:
    """The id of the element an error on ``field`` links to."""
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        # crispy-forms-gds numbers a group's inputs from 1: id_<name>_1, ...
        return f"{field.auto_id}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id or ""
