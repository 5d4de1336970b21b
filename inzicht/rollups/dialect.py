"""What differs between SQLite and PostgreSQL, in one place.

The rules (spec.py) are written once in a portable SQL: ``IS DISTINCT FROM`` and the
function ``local_day(x)``, the Dutch calendar date of a UTC moment. ``Dialect.sql``
puts such text in one database's words:

- PostgreSQL converts with its own time-zone database (``AT TIME ZONE``);
- SQLite cannot convert time zones, so every connection gets ``local_day`` as a
  function written in Python: the very function the model fills ``Conversation.day``
  with (``register_sqlite_functions``, connected in ``InzichtConfig.ready``). Python
  and SQLite therefore agree on every date, 1900 to 2100 and beyond, by construction.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

from gesprekken.derived import local_day

TIME_ZONE = "Europe/Amsterdam"

_LOCAL_DAY = re.compile(r"\blocal_day\(([\w.]+)\)")


@dataclass(frozen=True)
class Dialect:
    vendor: str

    @property
    def is_postgresql(self) -> bool:
        return self.vendor == "postgresql"

    def sql(self, text: str) -> str:
        """Portable SQL in this database's words."""
        if self.is_postgresql:
            return _LOCAL_DAY.sub(rf"(\1 AT TIME ZONE '{TIME_ZONE}')::date", text)
        return text.replace("IS NOT DISTINCT FROM", "IS").replace("IS DISTINCT FROM", "IS NOT")

    def greatest(self, left: str, right: str) -> str:
        """The later of two values, a NULL counting as none (PostgreSQL's GREATEST)."""
        if self.is_postgresql:
            return f"GREATEST({left}, {right})"
        # SQLite's two-argument max() is NULL as soon as one argument is.
        return f"COALESCE(max({left}, {right}), {left}, {right})"

    def lock_rows(self, table: str, ids: str) -> list[str]:
        """Inside a trigger: lock the rows first, so that a concurrent writer of the same
        row waits and the next statement (a fresh snapshot) sees its change. SQLite has
        one writer at a time."""
        if not self.is_postgresql:
            return []
        return [f"PERFORM 1 FROM {table} WHERE id IN ({ids}) ORDER BY id FOR NO KEY UPDATE"]


POSTGRESQL = Dialect("postgresql")
SQLITE = Dialect("sqlite")


def dialect_for(vendor: str) -> Dialect:
    return POSTGRESQL if vendor == "postgresql" else SQLITE


def local_day_sql(column: str, vendor: str) -> str:
    """SQL for the Dutch calendar date of a UTC datetime column."""
    return dialect_for(vendor).sql(f"local_day({column})")


def sqlite_local_day(value: str | None) -> str | None:
    """``local_day`` for SQLite: a stored UTC datetime in, an ISO date out."""
    if value is None:
        return None
    moment = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return local_day(moment).isoformat()


def register_sqlite_functions(sender: object, connection, **kwargs: object) -> None:
    """On every new SQLite connection (``connection_created``): what the triggers call."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("local_day", 1, sqlite_local_day, deterministic=True)
