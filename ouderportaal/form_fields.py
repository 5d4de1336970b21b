"""The one way a form field is rendered: Bootstrap 5 markup as crispy-bootstrap5 writes
it, built in Python.

    {% load form_fields %}
    {% bs_form form %}                         every field, and the form's own errors
    {% bs_field form.summary %}                label, widget, errors, help text
    {% bs_field f.description label_class="small" wrapper_class="col-12 col-md-6" %}
    {% bs_field form.kind toggle="btn-outline-primary btn-xl" wrapper_class="big-toggle" %}

The markup is crispy-bootstrap5's ``field.html`` (``tests/test_form_fields.py`` compares
every widget type the project uses with crispy's output): a label (a legend for a list of
choices), the widget with ``form-control``/``form-select``/``form-check-input`` and
``is-invalid``, the errors tied to it with ``aria-describedby`` and ``aria-invalid``, the
help text. Crispy and Django render a field through a dozen nested templates and every
<option> through one more; on the history page's fifteen filters that cost more than all
of the page's SQL (bench/RESULTS.md, "Form rendering"). Here each widget's context comes
from Django (``Widget.get_context``: values, formats, ``required``, ``checked``) and only
the tag is written in Python. A widget of another kind (a file input, a multi-widget, a
custom template) is rendered by Django as usual.

``toggle`` renders a list of choices as Bootstrap toggle buttons (``btn-check``): the
classes of each button, the group's class in ``wrapper_class``; the template around it
supplies the fieldset and legend. Options: ``label`` replaces the field's label,
``label_class`` is added to the label's classes, ``wrapper_class`` replaces the wrapper's
``mb-3``.
"""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_DJANGO_WIDGETS = "django/forms/widgets/"
_CHOICE_LISTS = (forms.CheckboxSelectMultiple, forms.RadioSelect)
_ASTERISK = mark_safe('<span class="asteriskField">*</span>')


def _attrs(attrs: dict) -> SafeString:
    """Attributes as Django's ``attrs.html`` writes them: True bare, False left out."""
    return mark_safe(  # noqa: S308 - every part is format_html output
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


def _tag(tag: str, name: str, attrs: dict, *, kind: str = "", value=None) -> SafeString:
    """An opening tag as Django's widget templates write it (``input.html``)."""
    return format_html(
        '<{}{} name="{}"{}{}>',
        tag,
        format_html(' type="{}"', kind) if kind else "",
        name,
        format_html(' value="{}"', value) if value is not None else "",
        _attrs(attrs),
    )


def _plain_options(widget: forms.Select, value) -> list[tuple] | None:
    """Django's Select.optgroups() in one loop (it builds a dict of attributes per option);
    None for grouped choices."""
    # Not list(): it asks a ModelChoiceIterator for its length, a COUNT query.
    choices = [choice for choice in widget.choices]  # noqa: C416
    if any(isinstance(label, (list, tuple)) for _value, label in choices):
        return None
    selected = {str(v) for v in widget.format_value(value)}
    options, taken = [], False
    for key, label in choices:
        key = "" if key is None else str(key)
        chosen = key in selected and (widget.allow_multiple_selected or not taken)
        taken = taken or chosen
        options.append((key, " selected" if chosen else "", label))
    return options


def _select(bound: BoundField, attrs: dict) -> SafeString:
    """A <select> as Django writes it, without a template per <option>."""
    widget = bound.field.widget
    final = widget.build_attrs(widget.attrs, attrs)
    if widget.allow_multiple_selected:
        final["multiple"] = True
    if type(widget) in (forms.Select, forms.SelectMultiple):
        options = _plain_options(widget, bound.value())
    else:  # a subclass may format values or build its options its own way: ask it
        groups = widget.get_context(bound.html_name, bound.value(), final)["widget"]["optgroups"]
        options = [
            (option["value"], " selected" if option["selected"] else "", option["label"])
            for _group, group_options, _index in groups
            for option in group_options
        ]
        if any(group for group, _options, _index in groups):
            options = None
    if options is None:
        return bound.as_widget(attrs=attrs)  # <optgroup>s: Django's template
    return format_html(
        "{}{}</select>",
        _tag("select", bound.html_name, final),
        format_html_join("", '<option value="{}"{}>{}</option>', options),
    )


def _widget(bound: BoundField, attrs: dict) -> SafeString:
    """The widget alone: Django's context (value, ``required``, ``checked``), our tag."""
    widget = bound.field.widget
    if bound.field.localize:
        widget.is_localized = True
    attrs = bound.build_widget_attrs(attrs)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    stock = widget.template_name.startswith(_DJANGO_WIDGETS) and not isinstance(
        widget, (forms.FileInput, forms.MultiWidget)
    )
    if stock and isinstance(widget, forms.Select):
        return _select(bound, attrs)
    if not stock or not isinstance(
        widget, (forms.widgets.Input, forms.CheckboxInput, forms.Textarea)
    ):
        return bound.as_widget(attrs=attrs)
    context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    if isinstance(widget, forms.Textarea):
        return format_html(
            "{}\n{}</textarea>",
            _tag("textarea", bound.html_name, context["attrs"]),
            context["value"] or "",
        )
    return _tag(
        "input", bound.html_name, context["attrs"], kind=context["type"], value=context["value"]
    )


def _choices(bound: BoundField, attrs: dict) -> list[dict]:
    """The options of a list of radio buttons or checkboxes, as Django builds them."""
    widget = bound.field.widget
    attrs = bound.build_widget_attrs(attrs)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    return [option for _group, options, _index in context["optgroups"] for option in options]


def _choice(option: dict) -> SafeString:
    """One radio button or checkbox of a list: type, class, name, id, value and its
    state first, as the toggles were always written; then the rest."""
    attrs = dict(option["attrs"])
    css, id_, checked = attrs.pop("class"), attrs.pop("id"), attrs.pop("checked", False)
    return format_html(
        '<input type="{}" class="{}" name="{}" id="{}" value="{}"{}{}>',
        option["type"],
        css,
        option["name"],
        id_,
        option["value"],
        " checked" if checked else "",
        _attrs(attrs),
    )


def _errors(bound: BoundField, *, block: bool = False) -> SafeString | str:
    if not bound.errors:
        return ""
    return format_html(
        '<div id="{}_error" class="invalid-feedback{}">{}</div>',
        bound.auto_id,
        " d-block" if block else "",
        format_html_join(
            "",
            '<p id="error_{}_{}"><strong>{}</strong></p>',
            ((n, bound.auto_id, error) for n, error in enumerate(bound.errors, start=1)),
        ),
    )


def _help(bound: BoundField) -> SafeString | str:
    if not bound.help_text:
        return ""
    return format_html(
        '<div id="{}_helptext" class="form-text">{}</div>', bound.auto_id, bound.help_text
    )


def _required(bound: BoundField) -> bool:
    """Marked required as the browser would be told: a formset's rows, which may stay
    empty, carry neither the asterisk nor the ``required`` attribute."""
    return bound.field.required and bound.form.use_required_attribute


def _label_text(bound: BoundField, label) -> SafeString:
    return format_html(
        "{}{}", bound.label if label is None else label, _ASTERISK if _required(bound) else ""
    )


@register.simple_tag
def bs_field(
    bound: BoundField,
    *,
    label: str | None = None,
    label_class: str = "",
    wrapper_class: str | None = None,
    toggle: str = "",
) -> SafeString:
    widget = bound.field.widget
    if widget.is_hidden:
        return _widget(bound, {})
    invalid = " is-invalid" if bound.errors else ""
    required = " requiredField" if _required(bound) else ""
    extra_label = f" {label_class}" if label_class else ""
    if isinstance(widget, _CHOICE_LISTS):
        return _choice_list(bound, label, extra_label, required, wrapper_class, toggle)

    if isinstance(widget, forms.CheckboxInput):
        rendered = _widget(bound, {"class": f"form-check-input{invalid}"})
        return format_html(
            '<div class="{}"><div id="div_{}" class="form-check">{}'
            '<label for="{}" class="form-check-label{}{}">{}</label>{}{}</div></div>',
            "mb-3" if wrapper_class is None else wrapper_class,
            bound.auto_id,
            rendered,
            bound.id_for_label,
            required,
            extra_label,
            _label_text(bound, label),
            _errors(bound),
            _help(bound),
        )

    css = "form-select" if isinstance(widget, forms.Select) else "form-control"
    own = widget.attrs.get("class")
    rendered = _widget(bound, {"class": f"{own} {css}{invalid}" if own else f"{css}{invalid}"})
    return format_html(
        '<div id="div_{}" class="{}">{}{}{}{}</div>',
        bound.auto_id,
        "mb-3" if wrapper_class is None else wrapper_class,
        format_html(
            '<label for="{}" class="form-label{}{}">{}</label>',
            bound.id_for_label,
            extra_label,
            required,
            _label_text(bound, label),
        )
        if bound.label or label
        else "",
        rendered,
        _errors(bound),
        _help(bound),
    )


def _choice_list(
    bound: BoundField,
    label: str | None,
    extra_label: str,
    required: str,
    wrapper_class: str | None,
    toggle: str,
) -> SafeString:
    """Radio buttons or checkboxes: crispy's fieldset of ``form-check``s, or toggles."""
    if toggle:
        # The template's fieldset and legend name the group; the buttons point to the
        # errors themselves.
        attrs = {"class": "btn-check"}
        if bound.errors:
            attrs["aria-describedby"] = f"{bound.auto_id}_error"
        return format_html(
            '<div class="{}">{}</div>{}',
            wrapper_class or "",
            format_html_join(
                "",
                '{}<label class="btn {}" for="{}">{}</label>',
                (
                    (_choice(option), toggle, option["attrs"]["id"], option["label"])
                    for option in _choices(bound, attrs)
                ),
            ),
            _errors(bound, block=True),
        )
    css = "form-check-input is-invalid" if bound.errors else "form-check-input"
    described = bound.aria_describedby
    return format_html(
        '<div id="div_{}" class="{}"><fieldset{}><legend class="form-label{}{} fs-6">{}</legend>'
        "<div>{}</div>{}{}</fieldset></div>",
        bound.auto_id,
        "mb-3" if wrapper_class is None else wrapper_class,
        format_html(' aria-describedby="{}"', described) if described else "",
        extra_label,
        required,
        _label_text(bound, label),
        format_html_join(
            "",
            '<div class="form-check">{}<label for="{}" class="form-check-label">{}</label></div>',
            (
                (_choice(option), option["attrs"]["id"], option["label"])
                for option in _choices(bound, {"class": css})
            ),
        ),
        _errors(bound, block=True),
        _help(bound),
    )


@register.simple_tag
def bs_form(form: forms.BaseForm) -> SafeString:
    """Every field of a form in order, after the form's own errors (crispy's ``|crispy``)."""
    errors = form.non_field_errors()
    alert = (
        format_html(
            '<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
            format_html_join("", "<li>{}</li>", ((error,) for error in errors)),
        )
        if errors
        else ""
    )
    fields = format_html_join("", "{}", ((bs_field(bound),) for bound in form))
    return format_html("{}{}", alert, fields)
