"""Reading uploaded files: encodings, delimiters, .xlsx, and the column suggestions."""

from __future__ import annotations

import datetime

import openpyxl
import pytest

from administratie.importing import parsing
from administratie.importing.mapping import suggest
from administratie.importing.rows import parse_date, parse_yes_no
from administratie.importing.sample import HEADER, to_csv, to_xlsx

from .import_helpers import row

ROWS = [row("K1", "Zoë", "Öztürk"), row("K2", "Daan", "Jansen")]


def rows_of(name: str, data: bytes) -> list[list[str]]:
    info = parsing.inspect(name, data)
    return list(parsing.iter_rows(data, info))


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")],
    ids=["utf-8", "utf-8 with BOM", "windows-1252"],
)
def test_csv_encodings(encoding, prefix):
    data = prefix + to_csv(ROWS).encode(encoding)

    rows = rows_of("export.csv", data)

    assert rows[0] == HEADER  # the BOM is not part of the first heading
    assert rows[1][1:3] == ["Zoë", "Öztürk"]


def test_utf8_is_preferred_over_windows_1252():
    info = parsing.inspect("export.csv", to_csv(ROWS).encode("utf-8"))
    assert info.encoding == "utf-8"


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_delimiter_is_sniffed(delimiter):
    data = to_csv(ROWS, delimiter=delimiter).encode()

    assert rows_of("export.csv", data)[2][0:3] == ["K2", "Daan", "Jansen"]


def test_quoted_cells_with_delimiters_and_newlines():
    data = b'kindnummer;voornaam\r\n"K1";"Anne; Marie\nJr"\r\n'

    assert rows_of("export.csv", data)[1] == ["K1", "Anne; Marie\nJr"]


def test_blank_lines_are_skipped():
    data = to_csv(ROWS).replace("\r\n", "\r\n;;;\r\n\r\n", 1).encode()

    assert len(rows_of("export.csv", data)) == 3


def test_xlsx_rows_with_real_dates_and_numbers():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["kindnummer", "voornaam", "geboortedatum", "telefoon"])
    sheet.append([1001, "Emma", datetime.datetime(2024, 3, 1), '=HYPERLINK("x")'])
    path_bytes = _save(workbook)

    rows = rows_of("export.xlsx", path_bytes)

    # A number id loses its ".0", a date cell becomes an ISO date, a formula stays text
    # (openpyxl reads the cached value only; there is none here, so it is empty).
    assert rows[1][:3] == ["1001", "Emma", "2024-03-01"]


def test_generated_xlsx_reads_like_the_csv():
    assert rows_of("export.xlsx", to_xlsx(ROWS)) == rows_of("export.csv", to_csv(ROWS).encode())


def _save(workbook) -> bytes:
    import io

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01-03-2024", datetime.date(2024, 3, 1)),
        ("1-3-2024", datetime.date(2024, 3, 1)),
        ("01/03/2024", datetime.date(2024, 3, 1)),
        ("2024-03-01", datetime.date(2024, 3, 1)),
        ("2024-03-01 00:00:00", datetime.date(2024, 3, 1)),
        ("", None),
    ],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31-02-2024", "morgen", "2024-13-01"])
def test_impossible_dates(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_yes_no():
    assert parse_yes_no("Ja", False) is True
    assert parse_yes_no("nee", True) is False
    assert parse_yes_no("", True) is True
    with pytest.raises(ValueError):
        parse_yes_no("misschien", True)


def test_columns_are_suggested_by_name():
    headers = [
        "Kind ID",
        "Roepnaam",
        "Achternaam",
        "Geboortedatum",
        "Vestiging",
        "Groep",
        "Startdatum",
        "Ouder1 e-mail",
        "Iets anders",
    ]

    mapping = suggest(headers)

    assert mapping["child_id"] == "Kind ID"
    assert mapping["first_name"] == "Roepnaam"
    assert mapping["location"] == "Vestiging"
    assert mapping["parent1_email"] == "Ouder1 e-mail"
    assert "end_date" not in mapping


def test_a_remembered_choice_wins_while_its_column_exists():
    headers = ["nr", "voornaam"]

    assert suggest(headers, {"child_id": "nr"})["child_id"] == "nr"
    assert "child_id" not in suggest(["voornaam"], {"child_id": "nr"})
