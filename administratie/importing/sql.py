"""Plain multi-row INSERT and UPDATE for the import's bulk writes.

The ORM's ``bulk_create``/``bulk_update`` spent most of a large import compiling SQL
(tens of microseconds per field per row, and a CASE WHEN per field per row for updates);
these build one statement per batch from the model's own columns and adapt values the
way the backend wants them. Model rules are checked before (``rows``), the database's
constraints and triggers still hold every row.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from django.db import connection, models

BATCH = 500


def _adapters(model, names: Sequence[str]) -> tuple[list[str], list[Callable]]:
    ops = connection.ops
    columns, adapt = [], []
    for name in names:
        field = model._meta.get_field(name)
        columns.append(connection.ops.quote_name(field.column))
        if isinstance(field, models.JSONField):
            adapt.append(lambda value, field=field: field.get_db_prep_save(value, connection))
        elif isinstance(field, models.DateTimeField):
            # One timestamp for a whole import: adapt it once.
            adapt.append(functools.lru_cache(maxsize=8)(ops.adapt_datetimefield_value))
        elif isinstance(field, models.DateField):
            adapt.append(ops.adapt_datefield_value)
        else:
            adapt.append(None)
    return columns, adapt


def _values(rows, adapt) -> list[list]:
    return [
        [value if fn is None else fn(value) for value, fn in zip(row, adapt, strict=True)]
        for row in rows
    ]


def insert(model, names: Sequence[str], rows: Sequence[Sequence], *, returning: bool = False):
    """Insert ``rows`` (values in the order of ``names``); the new ids in order if asked."""
    columns, adapt = _adapters(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = _values(rows[start : start + BATCH], adapt)
            sql = (
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES "  # noqa: S608 - model columns
                + ", ".join([placeholders] * len(batch))
                + (" RETURNING id" if returning else "")
            )
            cursor.execute(sql, [value for row in batch for value in row])
            if returning:
                ids += [row[0] for row in cursor.fetchall()]
    return ids


def update(model, names: Sequence[str], rows: Sequence[Sequence]) -> None:
    """``UPDATE ... SET names WHERE id`` for each row: its values, then its id."""
    if not rows:
        return
    columns, adapt = _adapters(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    sets = ", ".join(f"{column} = %s" for column in columns)
    sql = f"UPDATE {table} SET {sets} WHERE id = %s"  # noqa: S608 - model columns
    adapt = [*adapt, None]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, _values(rows[start : start + BATCH], adapt))
