"""`{{ form.field|bs_field }}`: one Bootstrap 5 form field, rendered in Python.

The same markup as crispy-bootstrap5's ``as_crispy_field`` for the widgets the key
pages use (text-like inputs, textareas, selects and single checkboxes): a label, the
widget with ``form-control``/``form-select``/``form-check-input``, the errors tied to
the widget with ``aria-describedby`` and ``aria-invalid``, and the help text. Crispy
renders every field through a dozen nested templates; on a filter form of fifteen
fields that was a third of the history page's time. Widgets with a list of choices as
separate inputs (checkbox lists, radio buttons) still go through crispy.

Loaded in templates with ``{% load form_fields %}`` (registered in settings.TEMPLATES).
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms.boundfield import BoundField
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_CHOICE_LISTS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


def _widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


def _plain_select(widget: forms.Widget) -> bool:
    return type(widget) in (forms.Select, forms.SelectMultiple)


def _fast_select(bound: BoundField, attrs: dict) -> SafeString | None:
    """A <select> with its options in one pass: Django renders each option through a
    template. The same markup; None (render the usual way) for grouped choices."""
    widget = bound.field.widget
    choices = [choice for choice in widget.choices]  # noqa: C416 - list() would count first
    if any(isinstance(label, (list, tuple)) for _value, label in choices):
        return None
    selected = set(widget.format_value(bound.value()))
    final = widget.build_attrs(widget.attrs, bound.build_widget_attrs(attrs))
    final.setdefault("id", bound.auto_id)
    if widget.allow_multiple_selected:
        final["multiple"] = True
    options = []
    taken = False
    for value, label in choices:
        key = "" if value is None else str(value)
        chosen = key in selected and (widget.allow_multiple_selected or not taken)
        taken = taken or chosen
        options.append((key, " selected" if chosen else "", label))
    return format_html(
        '<select name="{}"{}>{}</select>',
        bound.html_name,
        flatatt(final),
        format_html_join("", '<option value="{}"{}>{}</option>', options),
    )


@register.filter
def bs_field(bound: BoundField) -> SafeString:
    widget = bound.field.widget
    if isinstance(widget, _CHOICE_LISTS):
        return as_crispy_field(bound)
    if widget.is_hidden:
        return mark_safe(str(bound))  # noqa: S308 - Django renders and escapes the widget

    field_id = bound.auto_id
    errors = bound.errors
    described_by = []
    if bound.help_text:
        described_by.append(f"{field_id}_helptext")
    if errors:
        described_by.append(f"{field_id}_error")
    css = " ".join(filter(None, [widget.attrs.get("class"), _widget_class(widget)]))
    attrs = {"class": f"{css} is-invalid" if errors else css}
    if errors:
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    rendered = _fast_select(bound, attrs) if _plain_select(widget) else None
    if rendered is None:
        rendered = bound.as_widget(attrs=attrs)

    error_html = (
        format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, field_id, error) for n, error in enumerate(errors, start=1)),
            ),
        )
        if errors
        else ""
    )
    help_html = (
        format_html('<div id="{}_helptext" class="form-text">{}</div>', field_id, bound.help_text)
        if bound.help_text
        else ""
    )
    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check">{}'
            '<label for="{}" class="form-check-label">{}</label>{}{}</div></div>',
            field_id,
            rendered,
            field_id,
            bound.label,
            error_html,
            help_html,
        )
    required = bound.field.required
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label{}">{}{}</label>'
        "{}{}{}</div>",
        field_id,
        field_id,
        " requiredField" if required else "",
        bound.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
        rendered,
        error_html,
        help_html,
    )
