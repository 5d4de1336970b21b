# ruff: noqa: S608 - every statement here is built from the rules' own constants, no input.
"""Checking the kept values against the raw data, and recomputing them from it.

Both come from the same rules as the triggers (spec.py): the check compares each rule's
``raw()`` with its ``kept()``, the rebuild runs each rule's ``rebuild()``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.conf import settings
from django.db import connection as default_connection
from django.db import transaction

from .dialect import TIME_ZONE, Dialect, dialect_for
from .rules import Derived, Sum
from .spec import RULES
from .triggers import trigger_tables


def total_tables() -> list[str]:
    """The tables of totals (not the columns kept on other tables)."""
    return [rule.table for rule in RULES if isinstance(rule, Sum)]


def differences(connection=None, *, sample: int = 5) -> dict[str, list[tuple]]:
    """What differs between the kept values and the raw data, per rule.

    Each entry lists up to ``sample`` rows as ``("raw", row)`` (what it should be) or
    ``("kept", row)`` (what is stored); an empty dict means everything agrees.
    """
    connection = connection or default_connection
    dialect = dialect_for(connection.vendor)
    result: dict[str, list[tuple]] = {}
    with connection.cursor() as cursor:
        for rule in RULES:
            raw, kept = dialect.sql(rule.raw()), dialect.sql(rule.kept())
            found = []
            for label, left, right in (("raw", raw, kept), ("kept", kept, raw)):
                cursor.execute(
                    f"SELECT * FROM ({left}) a EXCEPT SELECT * FROM ({right}) b LIMIT {int(sample)}"
                )
                found += [(label, tuple(row)) for row in cursor.fetchall()]
            if found:
                result[rule.name] = found
    return result


def rebuild_statements(dialect: Dialect) -> list[str]:
    statements = []
    if dialect.is_postgresql:
        # Writers wait (readers do not) while the totals are recomputed; self-exclusive,
        # so two rebuilds never interleave.
        locked = ", ".join(dict.fromkeys(name for rule in RULES for name in rule.tables()))
        statements.append(f"LOCK TABLE {locked} IN SHARE ROW EXCLUSIVE MODE")
    # The derived columns first: the totals are keyed on them.
    ordered = sorted(RULES, key=lambda rule: not isinstance(rule, Derived))
    statements += [dialect.sql(s) for rule in ordered for s in rule.rebuild()]
    return statements


def rebuild(connection=None) -> None:
    """Recompute every kept value from the raw data (idempotent; one transaction)."""
    connection = connection or default_connection
    if settings.TIME_ZONE != TIME_ZONE:  # pragma: no cover - a configuration error
        raise RuntimeError(f"The rollups assume TIME_ZONE = {TIME_ZONE!r}.")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in rebuild_statements(dialect_for(connection.vendor)):
            cursor.execute(statement)


@contextlib.contextmanager
def triggers_disabled(connection=None, *, enabled: bool = True) -> Iterator[bool]:
    """PostgreSQL: switch the triggers off for a bulk load; call ``rebuild`` afterwards.

    Use inside a transaction with no pending foreign-key checks (ALTER TABLE refuses
    otherwise); the switch is transactional, so a failed load leaves them on. Yields
    whether they were switched off: never on SQLite, where a bulk load fires them.
    """
    connection = connection or default_connection
    if connection.vendor != "postgresql" or not enabled:
        yield False
        return
    with connection.cursor() as cursor:
        for table in trigger_tables():
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    yield True
    with connection.cursor() as cursor:
        for table in trigger_tables():
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
