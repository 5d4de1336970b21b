"""The CSV export of the history: streamed, for Dutch Excel (semicolons, decimal comma, BOM),
same scope and filters as the list."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from .helpers import at, listed_conversations, nl, talk

pytestmark = pytest.mark.django_db

URL = reverse("history_export")
HEADERS = [
    "Number",
    "Date",
    "Time",
    "Kind",
    "Location",
    "Group",
    "Child number",
    "Child",
    "Parents present",
    "Logged by",
    "Duration (min)",
    "Tone",
    "Topics",
    "Parent stance",
    "Own stance",
    "Interpreter",
    "Escalated",
    "Ended early",
    "Score (%)",
    "Tips scored",
    "Tips applicable",
    "Completeness",
    "Summary",
    "What the parents said",
    "Agreements",
]


def export(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    return response, body


def table(body: str) -> list[dict[str, str]]:
    """The rows as dicts keyed by the English header (the file itself has Dutch headers)."""
    lines = list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    assert lines[0] == [nl(h) for h in HEADERS]
    return [dict(zip(HEADERS, line, strict=True)) for line in lines[1:]]


def numbers(body: str) -> set[int]:
    return {int(row["Number"]) for row in table(body)}


@pytest.fixture
def talks(pm_a, pm_a2, pm_b, outsider, child_a, child_b, other_child, parent_a):
    return {
        # 00:30 in Amsterdam is the evening before in UTC: the file must show the local day.
        "night": talk(
            pm_a,
            child_a,
            kind="telefonisch",
            when=at(2025, 1, 6, 0, 30),
            summary="Nachtelijk telefoontje, koorts.",
            parent_view="Vader maakt zich zorgen.",
            parent_stance="timide",
            escalated=True,
            parents=[parent_a],
            levels={1: 3, 3: 2, 5: 3, 6: 1, 7: 3, 9: 3, 10: 3},
            follow_ups=[{"description": "Call the GP", "due_date": datetime.date(2025, 1, 10)}],
        ),
        "door": talk(pm_a2, child_a, kind="breng", when=at(2025, 2, 3, 8, 10), summary="Vrolijk."),
        "b": talk(pm_b, child_b, when=at(2025, 2, 4), summary="Op Klaproos."),
        "other": talk(outsider, other_child, when=at(2025, 2, 5), summary="Op de Vuurtoren."),
    }


def test_is_a_streamed_csv_with_bom_and_dutch_headers(client_for, manager_a, talks):
    response, body = export(client_for(manager_a))

    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert re.fullmatch(
        r'attachment; filename="gesprekken-\d{8}-\d{4}\.csv"', response["Content-Disposition"]
    )
    assert body.startswith("\ufeff")
    first_line = body.removeprefix("\ufeff").splitlines()[0]
    assert first_line == ";".join(nl(h) for h in HEADERS)
    if nl("Number") != "Number":  # the Dutch catalogue is compiled: the file speaks Dutch
        assert first_line.startswith("Nummer;Datum;")


def test_row_content_with_iso_local_dates(client_for, manager_a, talks, child_a, parent_a):
    _, body = export(client_for(manager_a))
    night = next(row for row in table(body) if row["Number"] == str(talks["night"].pk))

    assert night == {
        "Number": str(talks["night"].pk),
        "Date": "2025-01-06",
        "Time": "00:30",
        "Kind": nl("Phone call"),
        "Location": "Zonnebloem",
        "Group": "Rupsjes",
        "Child number": str(child_a.pk),
        "Child": "Emma de Vries",
        "Parents present": parent_a.full_name,
        "Logged by": "Maartje Visser",
        "Duration (min)": "",
        "Tone": "",
        "Topics": "",
        "Parent stance": nl("timid"),
        "Own stance": "",
        "Interpreter": nl("none"),
        "Escalated": nl("yes"),
        "Ended early": nl("no"),
        "Score (%)": "86,0",  # 18 of 21 = 85.7: stored as the whole percent, half up
        "Tips scored": "7",
        "Tips applicable": "7",
        "Completeness": "7 van 7 tips gescoord",
        "Summary": "Nachtelijk telefoontje, koorts.",
        "What the parents said": "Vader maakt zich zorgen.",
        "Agreements": nl("Call the GP") + " · " + nl("due %(date)s") % {"date": "10-01-2025"},
    }
    for row in table(body):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["Date"])


def test_manager_exports_only_own_location(client_for, manager_a, talks):
    _, body = export(client_for(manager_a))
    assert numbers(body) == {talks["night"].pk, talks["door"].pk}
    assert "Klaproos" not in body
    assert "Vuurtoren" not in body


def test_admin_exports_own_organisation_never_the_other(client_for, admin_user, talks):
    _, body = export(client_for(admin_user))
    assert numbers(body) == {talks["night"].pk, talks["door"].pk, talks["b"].pk}
    assert "Vuurtoren" not in body and "Bakker" not in body


def test_export_applies_the_same_filters_as_the_list(client_for, manager_a, pm_a2, talks):
    client = client_for(manager_a)
    for params, expected in [
        ({"soort": "breng"}, {talks["door"].pk}),
        ({"verloop": "geescaleerd"}, {talks["night"].pk}),
        ({"medewerker": pm_a2.staff_member.pk}, {talks["door"].pk}),
        ({"van": "2025-01-06", "tot": "2025-01-06"}, {talks["night"].pk}),
        ({"q": "koorts"}, {talks["night"].pk}),
        ({"q": "Klaproos"}, set()),
    ]:
        _, body = export(client, **params)
        assert numbers(body) == expected, params
        assert set(listed_conversations(client.get(reverse("history"), params))) == expected


def test_foreign_location_filter_does_not_widen_the_export(client_for, manager_a, talks):
    _, body = export(client_for(manager_a), locatie=talks["b"].location_id)
    assert talks["b"].pk not in numbers(body)


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+31 6 1234", "-2+3", "@SUM(A1)"])
def test_formula_like_text_is_neutralised(client_for, manager_a, pm_a, child_a, dangerous):
    conversation = talk(
        pm_a, child_a, when=at(2025, 3, 1), summary=dangerous, parent_view=dangerous
    )
    _, body = export(client_for(manager_a))
    row = next(row for row in table(body) if row["Number"] == str(conversation.pk))
    assert row["Summary"] == "'" + dangerous
    assert row["What the parents said"] == "'" + dangerous


def test_pm_gets_403(client_for, pm_a, talks):
    assert client_for(pm_a).get(URL).status_code == 403


def test_user_without_staff_record_gets_403(client_for, no_staff_user):
    assert client_for(no_staff_user).get(URL).status_code == 403


def test_requires_login(client):
    assertRedirects(client.get(URL), f"{reverse('login')}?next={URL}")


def test_rejects_post(client_for, manager_a):
    assert client_for(manager_a).post(URL).status_code == 405
