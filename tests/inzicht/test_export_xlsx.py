"""The Excel export: a real workbook opened with openpyxl, typed cells, Dutch headers, the
same rows as the filtered history, streamed with flat memory."""

from __future__ import annotations

import datetime
import io
import tracemalloc

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import Action, AuditEvent
from inzicht import exports

from .helpers import at, bulk_talks, nl, talk
from .test_export import HEADERS

pytestmark = pytest.mark.django_db

URL = reverse("history_export_xlsx")


def download(client, **params) -> bytes:
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content)


def sheet_rows(body: bytes) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(body), read_only=True)
    # Read-only mode leaves empty cells at a row's end out: pad to the headers' width.
    return [
        tuple(row) + (None,) * (len(HEADERS) - len(row))
        for row in workbook.worksheets[0].iter_rows(values_only=True)
    ]


def test_is_a_workbook_with_dutch_headers_and_typed_cells(
    client_for, manager_a, pm_a, child_a, parent_a
):
    conversation = talk(
        pm_a,
        child_a,
        kind="telefonisch",
        when=at(2025, 1, 6, 0, 30),
        summary='=HYPERLINK("http://x")',
        parents=[parent_a],
        escalated=True,
        levels={1: 3, 3: 2, 5: 3, 6: 1, 7: 3, 9: 3, 10: 3},
    )
    response = client_for(manager_a).get(URL)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')

    rows = sheet_rows(b"".join(response.streaming_content))

    assert list(rows[0]) == [nl(h) for h in HEADERS]
    assert len(rows) == 2
    row = dict(zip(HEADERS, rows[1], strict=True))
    assert row["Number"] == conversation.pk
    # A date cell (the local day, not UTC's evening before) and a time cell.
    assert row["Date"] == datetime.datetime(2025, 1, 6)
    assert row["Time"] in (datetime.time(0, 30), datetime.datetime(1899, 12, 30, 0, 30))
    conversation.refresh_from_db()
    assert row["Score (%)"] == pytest.approx(float(conversation.score_percentage))
    assert isinstance(row["Tips scored"], int)
    assert row["Kind"] == nl("Phone call")
    assert row["Parents present"] == parent_a.full_name
    assert row["Escalated"] == nl("yes")
    # Text stays text: no formula, and no apostrophe added either.
    assert row["Summary"] == '=HYPERLINK("http://x")'


def test_xlsx_formula_text_is_stored_as_a_string(client_for, manager_a, pm_a, child_a):
    talk(pm_a, child_a, when=at(2025, 3, 1), summary="=1+1")
    body = download(client_for(manager_a))
    workbook = load_workbook(io.BytesIO(body))
    cell = workbook.worksheets[0].cell(row=2, column=HEADERS.index("Summary") + 1)
    assert cell.data_type == "s"
    assert cell.value == "=1+1"


def test_is_audited_once(client_for, manager_a, pm_a, child_a):
    talk(pm_a, child_a, when=at(2025, 3, 1))
    download(client_for(manager_a))
    events = AuditEvent.objects.filter(action=Action.EXPORT, object_type="conversations_xlsx")
    assert events.count() == 1


def test_row_count_equals_the_filtered_history_with_many_rows(
    client_for, manager_a, pm_a, child_a, location_a, group_a
):
    """Several export chunks: every conversation of the filter once, in the list's order."""
    start = at(2025, 1, 1, 0, 0)
    bulk_talks(pm_a, [child_a], 4500, start=start, kind="breng")
    bulk_talks(pm_a, [child_a], 300, start=start, kind="haal")
    client = client_for(manager_a)

    rows = sheet_rows(download(client, soort="breng"))

    history = client.get(reverse("history"), {"soort": "breng"})
    assert len(rows) - 1 == history.context["page"].paginator.count == 4500
    numbers = [row[0] for row in rows[1:]]
    assert len(set(numbers)) == 4500
    dates = [row[1] for row in rows[1:]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_memory_stays_flat_while_streaming(client_for, manager_a, pm_a, child_a, fmt, monkeypatch):
    """Four times the rows, about the same peak: rows are never all held at once. (Small
    chunks, so a few hundred rows are several chunks and the test stays quick.)"""
    monkeypatch.setattr(exports, "CHUNK", 100)
    client = client_for(manager_a)
    url = reverse("history_export") if fmt == "csv" else reverse("history_export_xlsx")
    start = at(2024, 1, 1, 0, 0)
    bulk_talks(pm_a, [child_a], 400, start=start)

    def peak() -> int:
        response = client.get(url)
        tracemalloc.start()
        try:
            for _block in response.streaming_content:
                pass
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small = peak()
    bulk_talks(pm_a, [child_a], 1600, start=start + datetime.timedelta(days=800))
    large = peak()

    assert large < small * 1.5 + 512 * 1024, (small, large)
