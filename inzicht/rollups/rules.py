# ruff: noqa: S608 - the SQL is built from the rules' own constants (spec.py), no input.
"""The kinds of kept value; each builds every piece of its SQL from one statement.

A rule is declared once in spec.py (which table, which key and value expressions over
which source rows) and asked for its SQL by purpose:

- ``raw()`` / ``kept()``: what the values should be, straight from the source rows,
  and what is stored; the check compares the two (check.py);
- ``rebuild()``: statements that make the stored equal to the raw;
- ``after(table, event, dialect)``: what a trigger does when a row of ``table`` is
  inserted, deleted or updated, and ``watched(table)``: the columns of that table whose
  change matters (triggers.py);
- ``guard(table)``: a condition on which the database refuses a row.

The trigger statements are the raw query narrowed to the changed row (its alias
replaced by ``NEW`` or ``OLD``), so the triggers, the check and the rebuild cannot say
different things. The SQL is portable (``local_day(x)``, ``IS DISTINCT FROM``); the
caller puts it in one database's words with ``Dialect.sql``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .dialect import Dialect

# The row versions an event sees: a trigger on an insert knows NEW, a delete OLD.
ROWS = {"insert": ("NEW",), "delete": ("OLD",), "update": ("OLD", "NEW")}


def swap(sql: str, alias: str, row: str) -> str:
    """``c.kind`` -> ``NEW.kind``: the source table ``c`` is now the trigger's row."""
    return re.sub(rf"\b{alias}\.", f"{row}.", sql)


def referenced(sql: str, alias: str) -> list[str]:
    """The columns of ``alias`` an expression reads, in order of appearance."""
    return list(dict.fromkeys(re.findall(rf"\b{alias}\.(\w+)", sql)))


def row_of(row: str, columns: Iterable[str]) -> str:
    return "(" + ", ".join(f"{row}.{column}" for column in columns) + ")"


@dataclass(frozen=True)
class Table:
    name: str
    alias: str
    on: str = ""  # a joined table: how it meets the grain (at most one row per grain row)


@dataclass(frozen=True)
class Source:
    """The rows a value is computed from: one per ``grain`` row, with looked-up joins."""

    grain: Table
    joins: tuple[Table, ...] = ()
    where: str = ""

    @property
    def tables(self) -> tuple[Table, ...]:
        return (self.grain, *self.joins)

    def table(self, name: str) -> Table | None:
        return next((table for table in self.tables if table.name == name), None)

    def reads(self, table: str, expressions: Iterable[str]) -> list[str]:
        """The columns of ``table`` that the source and the expressions over it read."""
        found = self.table(table)
        if found is None:
            return []
        text = " ".join([*expressions, self.where, *(join.on for join in self.joins)])
        return referenced(text, found.alias)

    def select(
        self,
        columns: Iterable[str],
        *,
        row: tuple[Table, str] | None = None,
        conditions: Iterable[str] = (),
        group_by: Iterable[str] = (),
    ) -> str:
        """SELECT over the source rows; with ``row``, one table is the trigger's row."""
        tables = [table for table in self.tables if row is None or table != row[0]]
        where = [join.on for join in self.joins] + [self.where] * bool(self.where)
        where += list(conditions)
        lines = ["SELECT " + ", ".join(columns)]
        if tables:
            lines.append("FROM " + ", ".join(f"{table.name} {table.alias}" for table in tables))
        # Always a WHERE: SQLite reads "INSERT ... SELECT ... FROM a ON CONFLICT" wrongly.
        joined = " AND ".join(f"({c})" if " OR " in c else c for c in where)
        lines.append(f"WHERE {joined or 'true'}")
        if row is not None:
            group_by = [e for e in group_by if any(referenced(e, t.alias) for t in tables)]
        if group_by:
            lines.append("GROUP BY " + ", ".join(group_by))
        text = "\n".join(lines)
        return swap(text, row[0].alias, row[1]) if row is not None else text


def _negated(expression: str) -> str:
    return f"-{expression}" if expression.isdigit() else f"-({expression})"


@dataclass(frozen=True)
class Guard:
    condition: str  # on NEW; the row is refused when it holds
    message: str
    columns: tuple[str, ...]  # an update of these is checked


class Aggregate:
    """A value over source rows (a total, a latest): kept, never a reason to refuse a row."""

    def guard(self, table: str) -> Guard | None:
        return None


@dataclass(frozen=True)
class Sum(Aggregate):
    """A table of totals: per key, the sum of each value over the source rows.

    Triggers add a changed row's values to its key and subtract its old ones
    (``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n``), so concurrent writers
    add up; rows that fall to zero stay, and readers sum them.
    """

    name: str
    table: str
    keys: dict[str, str]  # column -> source expression
    values: dict[str, str]  # column -> expression per source row, summed
    source: Source
    order: tuple[str, ...] = ()  # rebuild order: rows read together sit together on disk

    def _columns(self) -> str:
        return ", ".join([*self.keys, *self.values])

    def tables(self) -> list[str]:
        """What a rebuild locks: the source and the totals."""
        return [*(table.name for table in self.source.tables), self.table]

    def raw(self) -> str:
        columns = [f"{expr} AS {column}" for column, expr in self.keys.items()]
        columns += [f"CAST(sum({expr}) AS BIGINT) AS {col}" for col, expr in self.values.items()]
        return self.source.select(columns, group_by=self.keys.values())

    def kept(self) -> str:
        nonzero = " OR ".join(f"{column} <> 0" for column in self.values)
        return f"SELECT {self._columns()} FROM {self.table} WHERE {nonzero}"

    def rebuild(self) -> list[str]:
        order = f"\nORDER BY {', '.join(self.order)}" if self.order else ""
        return [
            f"DELETE FROM {self.table}",
            f"INSERT INTO {self.table} ({self._columns()})\n{self.raw()}{order}",
        ]

    def watched(self, table: str) -> list[str]:
        return self.source.reads(table, [*self.keys.values(), *self.values.values()])

    def after(self, table: str, event: str, dialect: Dialect) -> list[str]:
        found = self.source.table(table)
        if found is None:
            return []
        return [self._delta(found, row, 1 if row == "NEW" else -1) for row in ROWS[event]]

    def _delta(self, table: Table, row: str, sign: int) -> str:
        """Add (sign 1) or take away (-1) what one row contributes."""
        if table == self.source.grain:
            # One source row (the joins are lookups): its values, no aggregate.
            values = [expr if sign > 0 else _negated(expr) for expr in self.values.values()]
            select = self.source.select([*self.keys.values(), *values], row=(table, row))
        else:
            # A joined row (a conversation for its tip scores): all the grain rows it meets.
            sums = [f"CAST(sum({expr}) AS BIGINT)" for expr in self.values.values()]
            values = [expr if sign > 0 else _negated(expr) for expr in sums]
            select = self.source.select(
                [*self.keys.values(), *values], row=(table, row), group_by=self.keys.values()
            )
        added = ", ".join(f"{col} = {self.table}.{col} + excluded.{col}" for col in self.values)
        return (
            f"INSERT INTO {self.table} ({self._columns()})\n{select}\n"
            f"ON CONFLICT ({', '.join(self.keys)}) DO UPDATE SET {added}"
        )


@dataclass(frozen=True)
class Latest(Aggregate):
    """Columns of another table holding the latest value over its source rows (a max).

    A new source row raises the value in place; any other change recomputes it from the
    source (an index). PostgreSQL locks the row first (see ``Dialect.lock_rows``).
    """

    name: str
    table: str
    target: str  # which row of ``table`` a source row counts for (an id on the grain)
    columns: dict[str, str]  # column -> expression per source row (NULL: not counted)
    source: Source

    def tables(self) -> list[str]:
        """What a rebuild locks: the source (the kept rows are updated one by one)."""
        return [table.name for table in self.source.tables]

    def _grouped(self, ids: str | None) -> str:
        columns = [f"{self.target} AS id"]
        columns += [f"max({expr}) AS {column}" for column, expr in self.columns.items()]
        conditions = [f"{self.target} IN ({ids})"] if ids else []
        return self.source.select(columns, conditions=conditions, group_by=[self.target])

    def raw(self, ids: str | None = None) -> str:
        columns = ", ".join(f"found.{column}" for column in self.columns)
        text = (
            f"SELECT kept.id, {columns} FROM {self.table} kept\n"
            f"LEFT JOIN ({self._grouped(ids)}) found ON found.id = kept.id"
        )
        return text + f"\nWHERE kept.id IN ({ids})" if ids else text

    def kept(self) -> str:
        return f"SELECT id, {', '.join(self.columns)} FROM {self.table}"

    def _update(self, sets: dict[str, str], source: str) -> str:
        """Write the new values where they differ (no needless row versions)."""
        assigned = ", ".join(f"{column} = {expr}" for column, expr in sets.items())
        stored = row_of(self.table, sets)
        return (
            f"UPDATE {self.table} SET {assigned}\nFROM ({source}) m\n"
            f"WHERE {self.table}.id = m.id AND {stored} IS DISTINCT FROM "
            f"({', '.join(sets.values())})"
        )

    def _refresh(self, ids: str | None) -> str:
        return self._update({column: f"m.{column}" for column in self.columns}, self.raw(ids))

    def rebuild(self) -> list[str]:
        return [self._refresh(None)]

    def watched(self, table: str) -> list[str]:
        return self.source.reads(table, [self.target, *self.columns.values()])

    def after(self, table: str, event: str, dialect: Dialect) -> list[str]:
        found = self.source.table(table)
        if found is None:
            return []
        grain = self.source.grain
        if found == grain and event == "insert":
            return self._seen("NEW", dialect)
        if found == grain:
            ids = ", ".join(swap(self.target, grain.alias, row) for row in ROWS[event])
        else:
            # The grain rows that meet the changed row, before and after the change.
            meets = " OR ".join(swap(found.on, found.alias, row) for row in ROWS[event])
            ids = f"SELECT {self.target} FROM {grain.name} {grain.alias} WHERE {meets}"
        return [*dialect.lock_rows(self.table, ids), self._refresh(ids)]

    def _seen(self, row: str, dialect: Dialect) -> list[str]:
        """A new source row: the stored value becomes the later of the two."""
        grain = self.source.grain
        columns = [f"{self.target} AS id"]
        columns += [f"{expr} AS {column}" for column, expr in self.columns.items()]
        source = self.source.select(columns, row=(grain, row))
        sets = {
            column: dialect.greatest(f"{self.table}.{column}", f"m.{column}")
            for column in self.columns
        }
        ids = swap(self.target, grain.alias, row)
        return [*dialect.lock_rows(self.table, ids), self._update(sets, source)]


@dataclass(frozen=True)
class Follow:
    """The value is a column of the row another column points to."""

    table: str
    column: str
    link: str  # the column of the kept table that points to ``table``'s id


@dataclass(frozen=True)
class Derived:
    """A column that must equal an expression over its own row, or copy the row it points
    to (``follows``): refused when it does not, and carried along when that row changes.
    """

    name: str
    table: Table
    column: str
    message: str
    value: str = ""
    follows: Follow | None = None

    @property
    def expression(self) -> str:
        if self.follows is None:
            return self.value
        link = f"{self.table.alias}.{self.follows.link}"
        return f"(SELECT {self.follows.column} FROM {self.follows.table} WHERE id = {link})"

    def tables(self) -> list[str]:
        return [self.table.name, *([self.follows.table] if self.follows else [])]

    def raw(self) -> str:
        alias = self.table.alias
        return f"SELECT {alias}.id, {self.expression} FROM {self.table.name} {alias}"

    def kept(self) -> str:
        return f"SELECT id, {self.column} FROM {self.table.name}"

    def rebuild(self) -> list[str]:
        value = swap(self.expression, self.table.alias, self.table.name)
        return [
            f"UPDATE {self.table.name} SET {self.column} = {value}\n"
            f"WHERE {self.column} IS DISTINCT FROM {value}"
        ]

    def guard(self, table: str) -> Guard | None:
        if table != self.table.name:
            return None
        return Guard(
            condition=f"NEW.{self.column} IS DISTINCT FROM "
            f"{swap(self.expression, self.table.alias, 'NEW')}",
            message=self.message,
            columns=tuple(
                dict.fromkeys([*referenced(self.expression, self.table.alias), self.column])
            ),
        )

    def watched(self, table: str) -> list[str]:
        if self.follows is None or table != self.follows.table:
            return []
        return [self.follows.column]

    def after(self, table: str, event: str, dialect: Dialect) -> list[str]:
        if event != "update" or not self.watched(table):
            return []
        return [
            f"UPDATE {self.table.name} SET {self.column} = NEW.{self.follows.column}\n"
            f"WHERE {self.follows.link} = NEW.id"
        ]


Rule = Sum | Latest | Derived
