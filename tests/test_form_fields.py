"""`{% bs_field %}` and `{% bs_form %}`: the one way a form field is rendered, in Python.

It must carry everything crispy-bootstrap5's field template does that a user (or a screen
reader) relies on, for every kind of widget the project's forms use: the label (a legend
for a list of choices), the value, ``is-invalid``, the error tied to the field with
``aria-describedby``, the help text. And the widgets themselves are Django's markup.
"""

from __future__ import annotations

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import Context, Template
from django.utils import translation

from ouderportaal.fields import LocalDateTimeField
from ouderportaal.form_fields import bs_field, bs_form


class Sample(forms.Form):
    """One field of every kind of widget the project's forms use."""

    name = forms.CharField(label="Naam & zo", max_length=5, help_text="Hoe heet je?")
    secret = forms.CharField(label="Wachtwoord", widget=forms.PasswordInput)
    note = forms.CharField(
        label="Notitie", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(
        label="Soort", choices=[("", "---------"), ("breng", "Breng <a>"), ("haal", "Haal")]
    )
    many = forms.MultipleChoiceField(
        label="Meer", required=False, choices=[("1", "Een"), ("2", "Twee"), ("3", "Drie")]
    )
    done = forms.BooleanField(label="Klaar", required=False, help_text="Als het af is")
    agree = forms.BooleanField(label="Ik snap het")
    when = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}))
    moment = LocalDateTimeField(label="Datum en tijd")
    minutes = forms.DecimalField(
        label="Minuten",
        required=False,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
    count = forms.IntegerField(label="Aantal", min_value=1)
    maybe = forms.NullBooleanField(label="Misschien", required=False)
    topics = forms.MultipleChoiceField(
        label="Onderwerpen",
        required=False,
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Kies er een paar",
    )
    stance = forms.ChoiceField(
        label="Houding", choices=[("", "niet"), ("timide", "timide")], widget=forms.RadioSelect
    )
    key = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Dit klopt <niet>.")


DATA = {
    "name": "veel te lang",
    "kind": "haal",
    "many": ["1", "3"],
    "done": "on",
    "when": "",
    "moment": "2026-03-29T02:30",
    "minutes": "1,5,5",
    "count": "0",
    "maybe": "true",
    "topics": ["a"],
    "stance": "x",
    "key": "k&y",
}
VISIBLE = [name for name in Sample.base_fields if name != "key"]


def bound_form() -> Sample:
    form = Sample(DATA)
    form.is_valid()
    return form


def _tag(html: str, tag: str, name: str) -> str:
    match = re.search(rf'<{tag}\b[^>]*name="{name}"[^>]*>', html)
    assert match, f"no <{tag} name={name}> in {html}"
    return match.group(0)


def test_text_field_with_error_and_help_text():
    with translation.override("nl"):
        html = str(bs_field(bound_form()["name"]))
    tag = _tag(html, "input", "name")
    assert html.startswith('<div id="div_id_name" class="mb-3">')
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
    html = str(bs_field(bound_form()["kind"]))
    tag = _tag(html, "select", "kind")
    assert 'class="form-select"' in tag and 'id="id_kind"' in tag and "required" in tag
    assert '<option value="haal" selected>Haal</option>' in html
    assert '<option value="breng">Breng &lt;a&gt;</option>' in html
    assert html.count(" selected") == 1


def test_multiple_select_keeps_every_choice():
    html = str(bs_field(bound_form()["many"]))
    assert "multiple" in _tag(html, "select", "many")
    assert '<option value="1" selected>' in html and '<option value="3" selected>' in html
    assert '<option value="2">' in html


def test_checkbox_textarea_and_missing_date():
    form = bound_form()
    checkbox = str(bs_field(form["done"]))
    assert 'class="form-check-input"' in checkbox and "checked" in checkbox
    assert '<label for="id_done" class="form-check-label">Klaar</label>' in checkbox
    assert 'aria-describedby="id_done_helptext"' in checkbox
    required = str(bs_field(form["agree"]))
    assert 'class="form-check-input is-invalid"' in required
    assert (
        'class="form-check-label requiredField">Ik snap het<span class="asteriskField">' in required
    )
    assert 'class="form-control"' in _tag(str(bs_field(form["note"])), "textarea", "note")
    date = str(bs_field(form["when"]))
    assert 'type="date"' in date and "is-invalid" in date and 'id="id_when_error"' in date


def test_a_list_of_choices_is_a_fieldset_with_a_legend():
    form = bound_form()
    topics = str(bs_field(form["topics"]))
    assert '<fieldset aria-describedby="id_topics_helptext">' in topics
    assert '<legend class="form-label fs-6">Onderwerpen</legend>' in topics
    assert topics.count('type="checkbox" class="form-check-input"') == 2
    assert 'id="id_topics_0" value="a" checked>' in topics
    assert '<label for="id_topics_1" class="form-check-label">B</label>' in topics
    stance = str(bs_field(form["stance"]))
    assert '<fieldset aria-describedby="id_stance_error">' in stance
    assert stance.count('class="form-check-input is-invalid"') == 2
    # Not next to an invalid input, so shown by d-block.
    assert '<div id="id_stance_error" class="invalid-feedback d-block">' in stance


def test_toggle_buttons():
    form = bound_form()
    html = str(bs_field(form["stance"], toggle="btn-outline-primary btn-xl", wrapper_class="t"))
    assert html.startswith('<div class="t"><input type="radio" class="btn-check" name="stance"')
    assert (
        '<input type="radio" class="btn-check" name="stance" id="id_stance_1" value="timide"'
        ' aria-describedby="id_stance_error" required aria-invalid="true">'
        '<label class="btn btn-outline-primary btn-xl" for="id_stance_1">timide</label>'
    ) in html
    assert html.endswith(
        '<div id="id_stance_error" class="invalid-feedback d-block"><p id="error_1_id_stance">'
        "<strong>Selecteer een geldige keuze. x is geen beschikbare keuze.</strong></p>"
        "</div>"
    )
    chips = str(bs_field(form["topics"], toggle="btn-outline-secondary"))
    assert 'class="btn-check" name="topics" id="id_topics_0" value="a" checked>' in chips
    assert "aria-describedby" not in chips and "invalid-feedback" not in chips


def test_hidden_field_is_the_input_alone():
    html = str(bs_field(bound_form()["key"]))
    assert html == '<input type="hidden" name="key" value="k&amp;y" id="id_key">'


def test_options_replace_the_label_and_the_wrapper():
    form = bound_form()
    html = str(bs_field(form["note"], label="Anders", label_class="small", wrapper_class="col-6"))
    assert html.startswith('<div id="div_id_note" class="col-6">')
    assert '<label for="id_note" class="form-label small">Anders</label>' in html
    box = str(bs_field(form["done"], label="Weg", label_class="small", wrapper_class="mt-1"))
    assert box.startswith('<div class="mt-1"><div id="div_id_done" class="form-check">')
    assert '<label for="id_done" class="form-check-label small">Weg</label>' in box


def test_a_formset_row_marks_nothing_required():
    """A formset's rows may stay empty: no asterisk, no required attribute."""
    form = Sample(use_required_attribute=False)
    html = str(bs_field(form["name"]))
    assert "asteriskField" not in html and "required" not in html


def test_the_whole_form_with_its_own_errors():
    form = bound_form()
    html = str(bs_form(form))
    assert html.startswith(
        '<div class="alert alert-block alert-danger"><ul class="m-0">'
        "<li>Dit klopt &lt;niet&gt;.</li></ul></div>"
    )
    positions = [html.index(f'name="{name}"') for name in Sample.base_fields]
    assert positions == sorted(positions)
    assert str(bs_form(Sample())).startswith('<div id="div_id_name"')


# Classes crispy adds to name the widget type; no style uses them.
CRISPY_MARKERS = {
    "textinput",
    "passwordinput",
    "select",
    "selectmultiple",
    "nullbooleanselect",
    "checkboxinput",
    "dateinput",
    "datetimeinput",
    "numberinput",
    "textarea",
}


def essentials(html: str) -> set[str]:
    attributes = set(
        re.findall(r'\b(?:id|for|name|value|type|aria-describedby|aria-invalid)="[^"]*"', html)
    )
    flags = {f for f in ("required", "checked", "selected", "multiple") if f in html}
    classes = {c for value in re.findall(r'class="([^"]*)"', html) for c in value.split()}
    texts = {t.strip() for t in re.findall(r">([^<]+)<", html) if t.strip()}
    return attributes | flags | texts | (classes - CRISPY_MARKERS)


@pytest.mark.parametrize("bound", [False, True], ids=["empty", "with errors"])
@pytest.mark.parametrize("name", VISIBLE)
def test_everything_crispy_renders_is_there(name, bound):
    """Ids, names, values, classes, ARIA attributes and texts as crispy-bootstrap5
    renders them (crispy changes the widget's attributes: a fresh form for each)."""
    make = bound_form if bound else Sample
    with translation.override("nl"):
        theirs, ours = str(as_crispy_field(make()[name])), str(bs_field(make()[name]))
    missing = essentials(theirs) - essentials(ours)
    assert not missing, f"{name}: {missing}\ncrispy: {theirs}\nours: {ours}"


def squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("bound", [False, True], ids=["empty", "with errors"])
@pytest.mark.parametrize("name", [n for n in [*VISIBLE, "key"] if n not in ("topics", "stance")])
def test_widgets_are_djangos_markup(name, bound):
    """Each input, textarea and select is the markup Django's own widget templates write
    for the same field and attributes (a <select> up to the line breaks between options)."""
    form = bound_form() if bound else Sample()
    form.renderer = DjangoTemplates()
    html = str(bs_field(form[name]))
    match = re.search(r"<(input|textarea|select)\b[^>]*>", html)
    css = re.search(r'class="([^"]*)"', match.group(0))
    expected = form[name].as_widget(attrs={"class": css.group(1)} if css else {})
    if match.group(1) == "input":
        assert match.group(0) == expected
    else:
        end = html.index(f"</{match.group(1)}>") + len(match.group(1)) + 3
        assert squeeze(html[match.start() : end]) == squeeze(expected)


def test_grouped_choices_keep_their_groups():
    class Grouped(forms.Form):
        place = forms.ChoiceField(choices=[("Utrecht", [("1", "Zonnebloem")]), ("2", "Klaproos")])

    html = str(bs_field(Grouped({"place": "1"})["place"]))
    assert '<optgroup label="Utrecht">' in html
    assert '<option value="1" selected>Zonnebloem</option>' in html
    assert 'class="form-select"' in html


def test_usable_in_a_template():
    rendered = Template(
        '{% load form_fields %}{% bs_field form.kind label_class="small" %}{% bs_form form %}'
    ).render(Context({"form": bound_form()}))
    assert 'id="div_id_kind"' in rendered and "form-label small" in rendered
    assert "alert-danger" in rendered
