"""The trigger SQL lives frozen in migrations, and the latest holds what the rules generate.

Changing a rule (inzicht/rollups/spec.py) changes the generated SQL; the first test then
fails until ``manage.py rollup_migration`` writes the migration that installs it.
"""

from __future__ import annotations

import ast
import importlib
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from inzicht import rollups
from inzicht.rollups import frozen
from inzicht.rollups.dialect import dialect_for

PROJECT_APPS = [
    "organisatie",
    "audit",
    "accounts",
    "kinderen",
    "ouders",
    "gesprekken",
    "privacy",
    "inzicht",
    "demo",
]


def test_the_latest_installing_migration_holds_what_the_rules_generate():
    latest = frozen.latest_installing()
    now = frozen.generated()

    for key in ("INSTALL", "DROP"):
        assert getattr(latest, key) == now[key], (
            f"The rollup rules generate other {key} SQL than {latest.__name__} holds: "
            "run `manage.py rollup_migration` to write the migration that installs it."
        )


def test_the_installing_migrations_form_a_chain():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    nodes = frozen.installing_migrations(loader)

    assert nodes[0] == ("gesprekken", "0011_rollup_triggers")
    assert len(nodes) >= 2
    for before, after in zip(nodes, nodes[1:], strict=False):
        assert before in loader.graph.forwards_plan(after)
        module = importlib.import_module(type(loader.disk_migrations[after]).__module__)
        assert module.PREVIOUS == type(loader.disk_migrations[before]).__module__
        assert module.DROP_PREVIOUS == importlib.import_module(module.PREVIOUS).DROP


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add(node.module or "")
    return found


def test_no_migration_imports_application_code():
    """Django, the standard library and model fields (which the state refers to) only."""
    root = Path(settings.BASE_DIR)
    wrong = []
    for app in PROJECT_APPS:
        for path in sorted((root / app / "migrations").glob("*.py")):
            for module in _imports(path):
                top = module.split(".")[0]
                if top in {"django", "simple_history"} or top in sys.stdlib_module_names:
                    continue
                if top in PROJECT_APPS and module.split(".")[1:2] == ["models"]:
                    continue
                wrong.append(f"{path.relative_to(root)}: {module}")
    assert not wrong


@pytest.mark.django_db
def test_the_database_holds_exactly_the_generated_triggers():
    assert rollups.installed_triggers() == rollups.expected_triggers()
    statements = rollups.install_statements(dialect_for(connection.vendor))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'trigger' AND name LIKE 'inzicht%'"
            )
            stored = dict(cursor.fetchall())
            created = {s.split()[2]: s for s in statements if s.startswith("CREATE TRIGGER")}
            assert stored == created
        else:
            cursor.execute("SELECT proname, prosrc FROM pg_proc WHERE proname LIKE 'inzicht\\_%%'")
            stored = dict(cursor.fetchall())
            created = {
                s.split()[4].removesuffix("()"): s.split("$$")[1]
                for s in statements
                if s.startswith("CREATE OR REPLACE FUNCTION")
            }
            assert stored == created


@pytest.mark.django_db
def test_rebuild_rollups_puts_dropped_triggers_back():
    rollups.drop_triggers()
    assert not rollups.expected_triggers() & rollups.installed_triggers()

    call_command("rebuild_rollups", "--install-triggers", stdout=StringIO())

    assert rollups.installed_triggers() == rollups.expected_triggers()
    assert rollups.differences() == {}


def test_rollup_migration_writes_nothing_while_up_to_date():
    out = StringIO()
    call_command("rollup_migration", stdout=out)
    assert "already installs these triggers" in out.getvalue()


def test_a_written_migration_holds_the_generated_sql_and_follows_the_latest():
    name, text = frozen.migration_source()
    namespace: dict = {}
    exec(compile(text, name, "exec"), namespace)  # noqa: S102 - our own generated source

    latest = frozen.latest_installing()
    now = frozen.generated()
    assert namespace["INSTALL"] == now["INSTALL"]
    assert namespace["REBUILD"] == now["REBUILD"]
    assert namespace["DROP_PREVIOUS"] == latest.DROP
    assert namespace["PREVIOUS"] == latest.__name__
    leaf = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes("gesprekken")
    assert set(leaf) <= set(namespace["Migration"].dependencies)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_latest_installing_migration_goes_back_and_forth():
    """Backward puts the previous triggers back; forward installs and rebuilds again."""
    latest = frozen.installing_migrations()[-1]
    loader = MigrationLoader(None, ignore_no_migrations=True)
    parent = next(node for node in loader.graph.node_map[latest].parents if node[0] == latest[0])
    previous = importlib.import_module(frozen.latest_installing().PREVIOUS)

    try:
        call_command("migrate", parent[0], parent[1], verbosity=0)
        created = previous.INSTALL[connection.vendor]
        names = {s.split()[2] for s in created if s.startswith("CREATE TRIGGER")}
        assert rollups.installed_triggers() == names
    finally:
        call_command("migrate", verbosity=0)

    assert rollups.installed_triggers() == rollups.expected_triggers()
    assert rollups.differences() == {}
