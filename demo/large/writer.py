"""Writing rows fast: COPY on PostgreSQL, executemany elsewhere; indexes built afterwards."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

from gesprekken.models import Conversation, Feedback, FollowUp, TipScore
from inzicht.models import DayTipTotal, DayTotal
from kinderen.models import Child
from ouders.models import ChildParent, Parent

from .data import BATCH_ROWS

# The tables the talk generator loads, and every table the seeder writes with explicit ids.
TALK_MODELS: tuple[type[models.Model], ...] = (
    Conversation,
    TipScore,
    Conversation.parents.through,
    Conversation.co_staff.through,
    FollowUp,
    Feedback,
)
SEEDED_MODELS: tuple[type[models.Model], ...] = (Child, Parent, ChildParent, *TALK_MODELS)


class TableWriter:
    """Writes rows to one model's table in batches: tuples in ``columns`` order or, without
    ``columns``, dicts keyed by column (the columns of the first row written).

    Columns the generator does not fill get their model default, so a new field with a
    default does not break the seed; a new required field without one stops it loudly.
    """

    def __init__(self, model: type[models.Model], columns: Sequence[str] | None = None) -> None:
        self.model = model
        self.table = model._meta.db_table
        self.rows_written = 0
        self.seconds = 0.0
        self.columns: list[str] = []
        self.fields: list[models.Field] = []
        self.extra: list[tuple[models.Field, Callable[[], object]]] = []
        self.json_positions: list[int] = []
        self._as_tuple: Callable[[Mapping], tuple] | None = None
        if columns is not None:
            self._use_columns(columns)

    def _use_columns(self, columns: Sequence[str]) -> None:
        model = self.model
        fields = {f.column: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ValueError(f"{self.table} has no column(s) {unknown}")
        self.fields = [fields[c] for c in columns]
        for column, f in fields.items():
            if column in columns:
                continue
            if f.has_default():
                self.extra.append((f, f.get_default))
            elif (
                not f.null and getattr(f, "db_default", models.NOT_PROVIDED) is models.NOT_PROVIDED
            ):
                raise ValueError(
                    f"seed_large does not fill {self.table}.{column}: add it to demo/large"
                )
        self.columns = list(columns) + [f.column for f, _make in self.extra]
        self.json_positions = [
            i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)
        ]

    def _complete(self, rows: list[tuple]) -> list[tuple]:
        if not self.extra:
            return rows
        return [row + tuple(make() for _f, make in self.extra) for row in rows]

    def write(self, rows: list[tuple] | list[Mapping]) -> None:
        started = time.monotonic()
        if rows and isinstance(rows[0], Mapping):
            if self._as_tuple is None:
                self._use_columns(list(rows[0]))
                # (itemgetter of two or more keys returns a tuple, in C)
                self._as_tuple = itemgetter(*rows[0])
            rows = [self._as_tuple(row) for row in rows]
        for start in range(0, len(rows), BATCH_ROWS):
            batch = self._complete(rows[start : start + BATCH_ROWS])
            if connection.vendor == "postgresql":
                self._copy(batch)
            else:
                self._insert(batch)
            self.rows_written += len(batch)
        self.seconds += time.monotonic() - started

    def _copy(self, rows: list[tuple]) -> None:
        buffer = io.StringIO()
        # QUOTE_NOTNULL: None becomes an unquoted empty field (NULL), "" a quoted one.
        csv.writer(buffer, quoting=csv.QUOTE_NOTNULL, lineterminator="\n").writerows(rows)
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        sql = (
            f"COPY {connection.ops.quote_name(self.table)} ({columns}) FROM STDIN WITH (FORMAT csv)"
        )
        with connection.cursor() as cursor:
            raw = cursor.cursor
            if hasattr(raw, "copy_expert"):  # psycopg2
                raw.copy_expert(sql, buffer)
            else:  # psycopg 3
                with raw.copy(sql) as copy:
                    copy.write(buffer.getvalue())

    def _insert(self, rows: list[tuple]) -> None:
        all_fields = self.fields + [f for f, _make in self.extra]
        prepared = []
        for row in rows:
            values = list(row)
            for i in self.json_positions:
                values[i] = json.loads(values[i])
            prepared.append(
                tuple(
                    f.get_db_prep_save(value, connection)
                    for f, value in zip(all_fields, values, strict=True)
                )
            )
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        sql = f"INSERT INTO {connection.ops.quote_name(self.table)} ({columns}) VALUES ({marks})"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.executemany(sql, prepared)


@contextlib.contextmanager
def indexes_built_afterwards(
    model_list: Sequence[type[models.Model]], log: Callable[[str], None], *, enabled: bool = True
):
    """PostgreSQL: load without the tables' plain indexes and foreign keys, then build them.

    Building an index over a million sorted rows, and checking a foreign key with one
    join, is several times faster than keeping them up to date row by row. Primary keys
    and unique constraints stay (they guard the data while loading). Run it inside one
    transaction: if the load fails, PostgreSQL's transactional DDL puts everything back.
    """
    if connection.vendor != "postgresql" or not enabled:
        yield
        return
    tables = [model._meta.db_table for model in model_list]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY(%s::regclass[])
              AND NOT EXISTS (
                  SELECT 1 FROM pg_constraint c
                  WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')
              )
            ORDER BY 1
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            FROM pg_constraint
            WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])
            ORDER BY 1, 2
            """,
            [tables],
        )
        foreign_keys = cursor.fetchall()
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quoted} {definition}")
    log(
        f"  {len(indexes)} indexes and {len(foreign_keys)} foreign keys built in "
        f"{time.monotonic() - started:.1f} s"
    )


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def reset_sequences(model_list: Iterable[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def analyze() -> None:
    """Fresh statistics and visibility map, as autovacuum would have left a real database."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return
    tables = [model._meta.db_table for model in (DayTotal, DayTipTotal, *SEEDED_MODELS)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")
        cursor.execute("ANALYZE")
