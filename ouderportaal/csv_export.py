"""What every CSV export shares: a file Dutch Excel opens with a double click, typed text
that never runs as a formula, and rows read from the database a chunk at a time so a long
export streams in flat memory."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.db import transaction
from django.db.models import QuerySet

BOM = "\ufeff"
DELIMITER = ";"
CHUNK = 2000


def safe_cell(value: str) -> str:
    """Keep spreadsheet programs from running typed text as a formula (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


class Echo:
    """A file-like object whose write returns the line, for streaming csv rows."""

    def write(self, value: str) -> str:
        return value


def csv_writer():
    """Semicolons: Dutch Excel reads a comma-separated file as one column."""
    return csv.writer(Echo(), delimiter=DELIMITER)


def values_in_chunks(queryset: QuerySet, chunk_size: int = CHUNK) -> Iterator[tuple]:
    """The rows of a ``values_list`` queryset through a server-side cursor, a chunk at a time.

    The PostgreSQL settings switch server-side cursors off (a transaction pooler needs
    that), and then QuerySet.iterator() reads the whole result into memory first. An
    export asks for one explicitly, inside a transaction: a cursor that lives within one
    transaction is safe behind a pooler too.
    """
    compiler = queryset.query.get_compiler(using=queryset.db)
    with transaction.atomic(using=queryset.db):
        yield from compiler.results_iter(
            tuple_expected=True, chunked_fetch=True, chunk_size=chunk_size
        )
