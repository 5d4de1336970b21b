"""Reading an uploaded file: CSV (UTF-8, with or without BOM, or Windows-1252; ``;`` or
``,``) or .xlsx (openpyxl, read-only, after a check against zip bombs).

Rows are streamed: the file's bytes are held once (at most ``MAX_UPLOAD_BYTES``), rows are
produced one at a time and never collected.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import openpyxl
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# An .xlsx is a zip of XML files; a real export of 20,000 children unpacks to some tens of
# megabytes. A file that claims more, or compresses better than any spreadsheet does, is
# refused before openpyxl sees it.
MAX_XLSX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_XLSX_RATIO = 200
MAX_COLUMNS = 100
MAX_CELL = 1000  # characters kept of one cell


class ImportFileError(Exception):
    """The file cannot be read; the message is for the admin (Dutch)."""


@dataclass(frozen=True)
class FileInfo:
    kind: str  # "csv" | "xlsx"
    encoding: str = ""  # CSV only
    delimiter: str = ""  # CSV only


def kind_of(file_name: str) -> str:
    name = file_name.lower()
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith((".csv", ".txt")):
        return "csv"
    raise ImportFileError(_("Upload a CSV file (.csv) or an Excel file (.xlsx)."))


def inspect(file_name: str, data: bytes) -> FileInfo:
    """Check the file can be read at all; raise ImportFileError with a message if not."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFileError(too_large_message())
    kind = kind_of(file_name)
    if kind == "xlsx":
        _check_zip(data)
        info = FileInfo(kind="xlsx")
    else:
        encoding = _detect_encoding(data)
        info = FileInfo(kind="csv", encoding=encoding, delimiter=_sniff_delimiter(data, encoding))
    header = read_header(data, info)
    if not any(header):
        raise ImportFileError(_("The file has no column headings on its first line."))
    return info


def too_large_message() -> str:
    return _("The file is larger than %(size)d MB. Split it or leave out columns we don't use.") % {
        "size": MAX_UPLOAD_BYTES // (1024 * 1024)
    }


def read_header(data: bytes, info: FileInfo) -> list[str]:
    rows = iter_rows(data, info)
    try:
        first = next(rows)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    finally:
        rows.close()
    return [cell.strip() for cell in first]


def iter_rows(data: bytes, info: FileInfo) -> Iterator[list[str]]:
    """Every row as a list of text cells (the header first); formulas stay text."""
    if info.kind == "xlsx":
        yield from _xlsx_rows(data)
    else:
        yield from _csv_rows(data, info)


# --- CSV --------------------------------------------------------------------------------


def _detect_encoding(data: bytes) -> str:
    """UTF-8 (a BOM is dropped); Windows-1252 only when the bytes are not UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), 1 << 20):
                chunk = decoder.decode(data[start : start + (1 << 20)])
                if "\x00" in chunk:
                    raise UnicodeDecodeError(encoding, b"", 0, 1, "NUL byte")
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ImportFileError(
        _("The file's characters cannot be read. Save it as CSV UTF-8 and upload it again.")
    )


def _sniff_delimiter(data: bytes, encoding: str) -> str:
    first_line = data[:65536].decode(encoding, errors="replace").splitlines()[:1]
    line = first_line[0] if first_line else ""
    counts = {delimiter: line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _csv_rows(data: bytes, info: FileInfo) -> Iterator[list[str]]:
    text = io.TextIOWrapper(io.BytesIO(data), encoding=info.encoding, newline="")
    reader = csv.reader(text, delimiter=info.delimiter)
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            yield _trimmed([cell[:MAX_CELL] for cell in row[:MAX_COLUMNS]])
    except csv.Error as error:
        raise ImportFileError(
            _("Line %(line)d of the file cannot be read as CSV.") % {"line": reader.line_num}
        ) from error


def _trimmed(cells: list[str]) -> list[str]:
    """Without the empty cells at the end (a spreadsheet pads rows to its widest row)."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


# --- xlsx -------------------------------------------------------------------------------


def _not_a_spreadsheet() -> ImportFileError:
    return ImportFileError(
        _("This is not an Excel file (.xlsx). Save it from Excel as .xlsx or as CSV.")
    )


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_a_spreadsheet() from None
    with archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if "xl/workbook.xml" not in names:
            raise _not_a_spreadsheet()
        total = 0
        for entry in entries:
            total += entry.file_size
            ratio = entry.file_size / max(entry.compress_size, 1)
            if total > MAX_XLSX_UNCOMPRESSED or (
                entry.file_size > 1_000_000 and ratio > MAX_XLSX_RATIO
            ):
                raise ImportFileError(
                    _(
                        "This Excel file unpacks to far more data than a spreadsheet holds; "
                        "it is refused."
                    )
                )


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:MAX_CELL]


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception as error:  # openpyxl raises many kinds on a broken file
        raise _not_a_spreadsheet() from error
    try:
        sheet = workbook.worksheets[0]
        try:
            for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                cells = _trimmed([_cell_text(value) for value in row])
                if not any(cell.strip() for cell in cells):
                    continue
                yield cells
        except ImportFileError:
            raise
        except Exception as error:
            raise _not_a_spreadsheet() from error
    finally:
        workbook.close()
