"""bench/form_rendering.py cannot rot: every variant briefly, on the demo data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.template import engines

from bench import form_rendering
from kinderen.forms import SearchForm

pytestmark = pytest.mark.django_db


def test_every_variant_measures_and_the_templates_are_ours_again():
    call_command("seed_demo", force=True, stdout=StringIO())

    result = form_rendering.measure(requests=1, rounds=1)

    table = form_rendering.table(result)
    assert table.count("\n") == 1 + len(result["pages"])
    assert all(len(times) == 1 for times in result["times"].values())
    # The fields render in Python: no widget ever reaches the form renderer.
    assert {result["templates"][page, "python"] for page in result["pages"]} == {0}
    assert result["templates"]["sit-down form", "crispy"] > 0
    # Crispy's tags are swapped out again: crispy would add its "textinput" class.
    html = engines["django"].from_string("{% load form_fields %}{% bs_field form.q %}")
    assert 'class="form-control"' in html.render({"form": SearchForm()})
