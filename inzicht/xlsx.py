"""The Excel workbook of the conversations export (inzicht/exports.py audits and calls it).

openpyxl earns its place here: a real .xlsx with typed cells (dates, times, numbers) in a
write-only mode that keeps memory flat; writing the format by hand would mean maintaining
a zip of spreadsheet XML ourselves.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

if TYPE_CHECKING:
    from .exports import Row

FILE_BLOCK = 64 * 1024
TEXT_FIELDS = (
    "kind location group child parents logged_by tone topics parent_stance own_stance "
    "interpreter completeness summary parent_view agreements"
).split()
COLUMN_WIDTHS = {"A": 9, "B": 11, "C": 7, "D": 18, "H": 22, "I": 28, "J": 20, "W": 50, "X": 50}


def workbook_blocks(
    title: str, head: list[str], rows: Iterator[Row], yes_no: tuple[str, str]
) -> Iterator[bytes]:
    """A real workbook: dates as dates, times as times, numbers as numbers.

    openpyxl's write-only mode writes each row to a temporary file as it comes, so memory
    stays flat; the finished file (a zip) is then sent in blocks.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for column, width in COLUMN_WIDTHS.items():
        sheet.column_dimensions[column].width = width
    bold = Font(bold=True)
    sheet.append([_header_cell(sheet, title, bold) for title in head])
    yes, no = yes_no
    for row in rows:
        date = WriteOnlyCell(sheet, value=row.date)
        date.number_format = "DD-MM-YYYY"
        time = WriteOnlyCell(sheet, value=row.time)
        time.number_format = "HH:MM"
        values = {name: _text_cell(sheet, getattr(row, name)) for name in TEXT_FIELDS}
        sheet.append(
            [
                row.number,
                date,
                time,
                values["kind"],
                values["location"],
                values["group"],
                row.child_number,
                values["child"],
                values["parents"],
                values["logged_by"],
                row.duration,
                values["tone"],
                values["topics"],
                values["parent_stance"],
                values["own_stance"],
                values["interpreter"],
                yes if row.escalated else no,
                yes if row.ended_early else no,
                None if row.score is None else float(row.score),
                row.scored,
                row.applicable,
                values["completeness"],
                values["summary"],
                values["parent_view"],
                values["agreements"],
            ]
        )
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while block := file.read(FILE_BLOCK):
            yield block


def _header_cell(sheet, title: str, font: Font) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=title)
    cell.font = font
    return cell


def _text_cell(sheet, value: str):
    """Text as text: control characters the format forbids removed, and a leading "=" kept
    as typed instead of becoming a formula (openpyxl would store it as one)."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value or None
