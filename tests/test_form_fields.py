"""`|bs_field`: a form field in Bootstrap markup, rendered in Python instead of through
crispy's templates. It must carry everything crispy's did that a user (or a screen
reader) relies on: the label, the value, the error at the field, the help text."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from ouderportaal.form_fields import bs_field


class Sample(forms.Form):
    name = forms.CharField(label="Naam & zo", max_length=5, help_text="Hoe heet je?")
    note = forms.CharField(label="Notitie", required=False, widget=forms.Textarea)
    kind = forms.ChoiceField(
        label="Soort", choices=[("", "---------"), ("breng", "Breng <a>"), ("haal", "Haal")]
    )
    many = forms.MultipleChoiceField(
        label="Meer", required=False, choices=[("1", "Een"), ("2", "Twee"), ("3", "Drie")]
    )
    done = forms.BooleanField(label="Klaar", required=False)
    when = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}))
    topics = forms.MultipleChoiceField(
        label="Onderwerpen",
        required=False,
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
    )
    secret = forms.CharField(widget=forms.HiddenInput, required=False)


def _bound():
    form = Sample(
        {"name": "veel te lang", "kind": "haal", "many": ["1", "3"], "done": "on", "when": ""}
    )
    form.is_valid()
    return form


def _tag(html: str, tag: str, name: str) -> str:
    match = re.search(rf'<{tag}\b[^>]*name="{name}"[^>]*>', html)
    assert match, f"no <{tag} name={name}> in {html}"
    return match.group(0)


def test_text_field_with_error_and_help_text():
    with translation.override("nl"):
        html = str(bs_field(_bound()["name"]))
    tag = _tag(html, "input", "name")
    assert '<label for="id_name" class="form-label requiredField">Naam &amp; zo' in html
    assert 'value="veel te lang"' in tag
    assert 'class="form-control is-invalid"' in tag
    assert 'aria-invalid="true"' in tag
    assert 'aria-describedby="id_name_helptext id_name_error"' in tag
    assert re.search(
        r'<div id="id_name_error" class="invalid-feedback"><p id="error_1_id_name">'
        r"<strong>Zorg dat deze waarde",
        html,
    )
    assert '<div id="id_name_helptext" class="form-text">Hoe heet je?</div>' in html


def test_select_keeps_the_choice_and_escapes_labels():
    html = str(bs_field(_bound()["kind"]))
    tag = _tag(html, "select", "kind")
    assert 'class="form-select"' in tag and 'id="id_kind"' in tag and "required" in tag
    assert '<option value="haal" selected>Haal</option>' in html
    assert '<option value="breng">Breng &lt;a&gt;</option>' in html
    assert html.count(" selected") == 1


def test_multiple_select_keeps_every_choice():
    html = str(bs_field(_bound()["many"]))
    assert "multiple" in _tag(html, "select", "many")
    assert '<option value="1" selected>' in html and '<option value="3" selected>' in html
    assert '<option value="2">' in html


def test_checkbox_and_textarea_and_missing_date():
    form = _bound()
    checkbox = str(bs_field(form["done"]))
    assert 'class="form-check-input"' in checkbox and "checked" in checkbox
    assert '<label for="id_done" class="form-check-label">Klaar</label>' in checkbox
    assert 'class="form-control"' in _tag(str(bs_field(form["note"])), "textarea", "note")
    date = str(bs_field(form["when"]))
    assert 'type="date"' in date and "is-invalid" in date and 'id="id_when_error"' in date


def test_choice_lists_and_hidden_fields_render_as_before():
    form = _bound()
    assert 'type="hidden"' in str(bs_field(form["secret"]))
    topics = str(bs_field(form["topics"]))
    assert topics.count('type="checkbox"') == 2 and "form-check-input" in topics


# Classes crispy adds to name the widget type; no style uses them.
CRISPY_MARKERS = {"textinput", "select", "selectmultiple", "checkboxinput", "dateinput", "textarea"}


@pytest.mark.parametrize("name", ["name", "kind", "many", "done", "when", "note"])
def test_same_essentials_as_crispy(name):
    """Ids, names, classes and values as crispy-bootstrap5 renders them."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

    form = _bound()
    ours, theirs = str(bs_field(form[name])), str(as_crispy_field(form[name]))

    def essentials(html: str) -> set[str]:
        attributes = set(re.findall(r'\b(?:id|for|name|value)="[^"]*"', html))
        classes = {c for value in re.findall(r'class="([^"]*)"', html) for c in value.split()}
        return attributes | (classes - CRISPY_MARKERS)

    assert essentials(theirs) <= essentials(ours)


def test_usable_in_a_template():
    rendered = Template("{% load form_fields %}{{ form.kind|bs_field }}").render(
        Context({"form": _bound()})
    )
    assert 'id="div_id_kind"' in rendered
