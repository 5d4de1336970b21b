"""The triggers, generated per database from the rules (spec.py), and their installation.

PostgreSQL gets per table one function run AFTER each row change (all the rules that
read the table, one call per row) and one BEFORE (the guards). SQLite has no trigger
functions: per table an AFTER INSERT and an AFTER DELETE trigger, one AFTER UPDATE per
rule (``WHEN`` its columns changed) and BEFORE triggers for the guards.

Migrations never call this: they hold a frozen copy of what ``install_statements``
produced when they were written (frozen.py).
"""

from __future__ import annotations

from django.db import connection as default_connection

from .dialect import POSTGRESQL, SQLITE, Dialect, dialect_for
from .rules import Guard, row_of
from .spec import RULES

PREFIX = "inzicht"


def trigger_tables() -> list[str]:
    """The tables the triggers sit on, in a fixed order."""
    names = []
    for rule in RULES:
        names += rule.tables()
    return [name for name in dict.fromkeys(names) if _watching(name) or _guards(name)]


def _watching(table: str) -> list:
    return [rule for rule in RULES if rule.watched(table)]


def _guards(table: str) -> list[Guard]:
    return [guard for rule in RULES if (guard := rule.guard(table)) is not None]


def _columns(table: str) -> str:
    return ", ".join(dict.fromkeys(c for rule in _watching(table) for c in rule.watched(table)))


def _guard_columns(table: str) -> str:
    return ", ".join(dict.fromkeys(c for guard in _guards(table) for c in guard.columns))


def _body(statements: list[str], indent: str) -> str:
    return "\n".join(
        indent + statement.replace("\n", "\n" + indent + "    ") + ";" for statement in statements
    )


def _changed(table: str, rule) -> str:
    columns = rule.watched(table)
    return f"{row_of('OLD', columns)} IS DISTINCT FROM {row_of('NEW', columns)}"


# --- PostgreSQL ------------------------------------------------------------------------------


def _pg_keep(table: str) -> tuple[str, str] | None:
    """The AFTER function and trigger of one table."""
    rules = _watching(table)
    if not rules:
        return None
    d = POSTGRESQL
    branches, events = [], []
    for event in ("INSERT", "DELETE"):
        statements = [d.sql(s) for rule in rules for s in rule.after(table, event.lower(), d)]
        if statements:
            branches.append((f"TG_OP = '{event}'", _body(statements, " " * 8)))
            events.append(event)
    updates = []
    for rule in rules:
        statements = [d.sql(s) for s in rule.after(table, "update", d)]
        if statements:
            updates.append(
                f"        IF {_changed(table, rule)} THEN\n"
                f"{_body(statements, ' ' * 12)}\n        END IF;"
            )
    if updates:
        branches.append(("TG_OP = 'UPDATE'", "\n".join(updates)))
        events.append(f"UPDATE OF {_columns(table)}")
    name = f"{PREFIX}_keep_{table}"
    text = "\n".join(
        f"    {'IF' if n == 0 else 'ELSIF'} {condition} THEN\n{body}"
        for n, (condition, body) in enumerate(branches)
    )
    function = (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$\nBEGIN\n{text}\n"
        "    END IF;\n    RETURN NULL;\nEND;\n$$ LANGUAGE plpgsql"
    )
    trigger = f"AFTER {' OR '.join(events)} ON {table}"
    return function, trigger


def _pg_guard(table: str) -> tuple[str, str] | None:
    guards = _guards(table)
    if not guards:
        return None
    checks = "\n".join(
        f"    IF {POSTGRESQL.sql(guard.condition)} THEN\n"
        f"        RAISE EXCEPTION '{guard.message}' USING ERRCODE = 'check_violation';\n"
        "    END IF;"
        for guard in guards
    )
    function = (
        f"CREATE OR REPLACE FUNCTION {PREFIX}_guard_{table}() RETURNS trigger AS $$\n"
        f"BEGIN\n{checks}\n    RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql"
    )
    return function, f"BEFORE INSERT OR UPDATE OF {_guard_columns(table)} ON {table}"


def _pg_triggers() -> list[tuple[str, str, str, str]]:
    """(name, table, function, trigger clause) of every PostgreSQL trigger."""
    found = []
    for table in trigger_tables():
        for kind, made in (("guard", _pg_guard(table)), ("keep", _pg_keep(table))):
            if made is not None:
                found.append((f"{PREFIX}_{kind}_{table}", table, *made))
    return found


def _pg_install() -> list[str]:
    statements = [function for _name, _table, function, _when in _pg_triggers()]
    for name, table, _function, when in _pg_triggers():
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        statements.append(f"CREATE TRIGGER {name} {when} FOR EACH ROW EXECUTE FUNCTION {name}()")
    return statements


def _pg_drop() -> list[str]:
    triggers = _pg_triggers()
    statements = [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table, *_ in triggers]
    return statements + [f"DROP FUNCTION IF EXISTS {name}()" for name, *_ in triggers]


# --- SQLite ----------------------------------------------------------------------------------


def _slug(name: str) -> str:
    return name.replace(" ", "_")


def _sqlite_triggers() -> dict[str, str]:
    """Name -> everything after ``CREATE TRIGGER name``."""
    d = SQLITE
    found = {}
    for table in trigger_tables():
        for guard_name, when in (("insert", "INSERT"), ("update", "UPDATE OF")):
            guards = _guards(table)
            if not guards:
                break
            columns = f" {_guard_columns(table)}" if guard_name == "update" else ""
            raises = [
                f"SELECT RAISE(ABORT, '{guard.message}')\nWHERE {d.sql(guard.condition)}"
                for guard in guards
            ]
            found[f"{PREFIX}_guard_{table}_{guard_name}"] = (
                f"BEFORE {when}{columns} ON {table}\nBEGIN\n{_body(raises, '    ')}\nEND"
            )
        rules = _watching(table)
        for event in ("insert", "delete"):
            statements = [d.sql(s) for rule in rules for s in rule.after(table, event, d)]
            if statements:
                found[f"{PREFIX}_keep_{table}_{event}"] = (
                    f"AFTER {event.upper()} ON {table}\nBEGIN\n{_body(statements, '    ')}\nEND"
                )
        for rule in rules:
            statements = [d.sql(s) for s in rule.after(table, "update", d)]
            if statements:
                found[f"{PREFIX}_keep_{table}_update_{_slug(rule.name)}"] = (
                    f"AFTER UPDATE OF {', '.join(rule.watched(table))} ON {table}\n"
                    f"WHEN {d.sql(_changed(table, rule))}\n"
                    f"BEGIN\n{_body(statements, '    ')}\nEND"
                )
    return found


def _sqlite_install() -> list[str]:
    statements = []
    for name, body in _sqlite_triggers().items():
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(f"CREATE TRIGGER {name} {body}")
    return statements


def _sqlite_drop() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in _sqlite_triggers()]


# --- installing ------------------------------------------------------------------------------


def install_statements(dialect: Dialect) -> list[str]:
    """(Re)create every trigger and its function; idempotent."""
    return _pg_install() if dialect.is_postgresql else _sqlite_install()


def drop_statements(dialect: Dialect) -> list[str]:
    return _pg_drop() if dialect.is_postgresql else _sqlite_drop()


def expected_triggers(connection=None) -> set[str]:
    connection = connection or default_connection
    if connection.vendor == "postgresql":
        return {name for name, *_ in _pg_triggers()}
    return set(_sqlite_triggers())


def install_triggers(connection=None) -> None:
    """(Re)create the triggers and their functions, e.g. after a table rebuild dropped them."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        for statement in install_statements(dialect_for(connection.vendor)):
            cursor.execute(statement)


def drop_triggers(connection=None) -> None:
    connection = connection or default_connection
    with connection.cursor() as cursor:
        for statement in drop_statements(dialect_for(connection.vendor)):
            cursor.execute(statement)


def installed_triggers(connection=None) -> set[str]:
    """The names of the triggers present, to check that no migration dropped them."""
    connection = connection or default_connection
    tables = trigger_tables()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                "AND tgrelid = ANY(%s::regclass[])",
                [tables],
            )
            return {name for (name,) in cursor.fetchall()}
        # Other apps have triggers of their own (kinderen_child's guard).
        cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
        return {name for name, table in cursor.fetchall() if table in tables}
