"""Every query parameter that takes an id is parsed strictly, in one helper.

The security test found ``?locatie=²`` answering 500: ``"²".isdigit()`` is true and
``int("²")`` fails. Every id parameter of every page is tried with such values here; none
may answer a server error, and a bad id is treated like no id at all (or a 404).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ouderportaal.fields import MAX_ID, parse_id

pytestmark = pytest.mark.django_db

NASTY = [
    "²",
    "٣",  # Arabic-Indic three: isdecimal() and int() accept it
    "１",  # full-width one
    "1.0",
    "1e3",
    "-1",
    "0",
    "+1",
    " 1 ",
    "0x1",
    "1_000",
    str(MAX_ID + 1),
    "9" * 40,
    "",
    "1\n",
    "1\x00",
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), ("007", 7), (" 42 ", 42), (str(MAX_ID), MAX_ID)]
    + [(value, None) for value in NASTY if value.strip() not in {"1"}],
)
def test_parse_id(value, expected):
    assert parse_id(value) == expected


@given(st.text(max_size=25))
def test_parse_id_never_raises(text):
    result = parse_id(text)
    assert result is None or (1 <= result <= MAX_ID and str(result) == text.strip().lstrip("0"))


def id_parameters(world) -> list[tuple[str, str, object]]:
    """(user, url, parameter) for every page parameter that carries an id."""
    child = world["child"]
    return [
        ("pm", reverse("home"), "locatie"),
        ("pm", reverse("conversation_create", args=[child.pk]), "voorbereiding"),
        ("manager", reverse("history"), "locatie"),
        ("manager", reverse("history"), "groep"),
        ("manager", reverse("history"), "medewerker"),
        ("manager", reverse("history"), "kind"),
        ("manager", reverse("history"), "ouder"),
        ("manager", reverse("history_export"), "kind"),
        ("manager", reverse("history_export"), "locatie"),
        ("manager", reverse("overview"), "locatie"),
        ("manager", reverse("dossier", args=[child.pk]), "toestemming"),
        ("manager", reverse("child_detail", args=[child.pk]), "pagina"),
    ]


@pytest.fixture
def world(client_for, pm_a, manager_a, child_a, parent_a):
    return {
        "child": child_a,
        "clients": {"pm": client_for(pm_a), "manager": client_for(manager_a)},
    }


def test_no_id_parameter_answers_a_server_error(world):
    for who, url, name in id_parameters(world):
        client = world["clients"][who]
        for value in NASTY:
            response = client.get(url, {name: value})
            assert response.status_code in (200, 400, 403, 404), (url, name, value)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(value=st.text(alphabet=st.characters(categories=["Nd", "No", "Zs", "Pd"]), max_size=6))
def test_unicode_digits_in_the_history_filter(world, value):
    client = world["clients"]["manager"]
    for name in ("locatie", "groep", "medewerker", "kind", "ouder"):
        response = client.get(reverse("history"), {name: value})
        assert response.status_code == 200, (name, value)
