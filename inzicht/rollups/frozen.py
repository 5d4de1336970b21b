"""Frozen trigger SQL: what the migrations that install the triggers hold.

A migration never imports the rollup code: editing a rule would otherwise change what an
old migration does, and never reach a database that already ran it. Instead each
installing migration holds the SQL literally, in dicts per database:

- ``INSTALL`` (the marker: a migration with it installs triggers), ``DROP``;
- ``DROP_PREVIOUS``, ``REBUILD`` and ``PREVIOUS`` (the module of the installing
  migration before it, whose ``INSTALL`` its backward step puts back).

``manage.py rollup_migration`` writes the next one (``migration_source``);
tests/inzicht/test_rollup_migrations.py fails while the latest differs from what the
rules generate.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from django.apps import apps
from django.db.migrations.loader import MigrationLoader

from .check import rebuild_statements, total_tables
from .dialect import POSTGRESQL, SQLITE
from .spec import RULES
from .triggers import drop_statements, install_statements, trigger_tables

VENDORS = {"postgresql": POSTGRESQL, "sqlite": SQLITE}


def generated() -> dict[str, dict[str, list[str]]]:
    """What the rules generate now, in the shape the migrations hold it."""
    return {
        "INSTALL": {vendor: install_statements(d) for vendor, d in VENDORS.items()},
        "DROP": {vendor: drop_statements(d) for vendor, d in VENDORS.items()},
        "REBUILD": {vendor: rebuild_statements(d) for vendor, d in VENDORS.items()},
    }


def _module(loader: MigrationLoader, node: tuple[str, str]) -> ModuleType:
    return importlib.import_module(type(loader.disk_migrations[node]).__module__)


def installing_migrations(loader: MigrationLoader | None = None) -> list[tuple[str, str]]:
    """The migrations that install triggers, in the order migrate runs them."""
    loader = loader or MigrationLoader(None, ignore_no_migrations=True)
    plan: dict[tuple[str, str], None] = {}
    for leaf in sorted(loader.graph.leaf_nodes()):
        plan.update(dict.fromkeys(loader.graph.forwards_plan(leaf)))
    return [node for node in plan if hasattr(_module(loader, node), "INSTALL")]


def latest_installing(loader: MigrationLoader | None = None) -> ModuleType:
    loader = loader or MigrationLoader(None, ignore_no_migrations=True)
    return _module(loader, installing_migrations(loader)[-1])


def _literal(statement: str) -> str:
    if "\n" not in statement:
        plain = '"' not in statement and "\\" not in statement
        return f'"{statement}"' if plain else repr(statement)
    if '"""' in statement or "\\" in statement or statement.endswith('"'):
        raise ValueError(f"Cannot freeze as a triple-quoted string: {statement[:60]}")
    return '"""' + statement + '"""'


def _frozen(name: str, by_vendor: dict[str, list[str]]) -> str:
    lines = [f"{name} = {{"]
    for vendor, statements in by_vendor.items():
        lines.append(f'    "{vendor}": [')
        lines += [f"        {_literal(statement)}," for statement in statements]
        lines.append("    ],")
    return "\n".join([*lines, "}"])


def _apps_of_tables() -> list[str]:
    """The apps whose tables the triggers read or write: their migrations come first."""
    tables = set(trigger_tables()) | set(total_tables())
    tables |= {rule.table for rule in RULES if isinstance(rule.table, str)}
    labels = {
        model._meta.app_label
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table in tables
    }
    return sorted(labels | {"inzicht"})


def migration_source(*, rebuild: bool = True) -> tuple[str, str]:
    """(file name, text) of the next migration that installs the triggers."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    previous = latest_installing(loader)
    leaves = [node for label in _apps_of_tables() for node in loader.graph.leaf_nodes(label)]
    inzicht = [name for label, name in leaves if label == "inzicht"]
    number = int(inzicht[0][:4]) + 1 if inzicht else 1
    now = generated()
    if not rebuild:
        now["REBUILD"] = {vendor: [] for vendor in VENDORS}
    dependencies = "\n".join(f'        ("{label}", "{name}"),' for label, name in leaves)
    then = "Then recompute the kept values from the raw data (a rebuild).\n\n" if rebuild else ""
    text = f'''"""Install the rollup triggers as inzicht/rollups/spec.py states the rules.

{then}Frozen, written by ``manage.py rollup_migration``: the SQL below is what the rollup code
generated then. Never edit it; change the rules and write a new migration.
"""

import importlib

from django.db import migrations

PREVIOUS = "{previous.__name__}"

{_frozen("DROP_PREVIOUS", previous.DROP)}

{_frozen("INSTALL", now["INSTALL"])}

{_frozen("REBUILD", now["REBUILD"])}

{_frozen("DROP", now["DROP"])}


def _vendor(schema_editor):
    return "postgresql" if schema_editor.connection.vendor == "postgresql" else "sqlite"


def forward(apps, schema_editor):
    vendor = _vendor(schema_editor)
    for statement in DROP_PREVIOUS[vendor] + INSTALL[vendor] + REBUILD[vendor]:
        schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    vendor = _vendor(schema_editor)
    for statement in DROP[vendor] + importlib.import_module(PREVIOUS).INSTALL[vendor]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
{dependencies}
    ]

    operations = [migrations.RunPython(forward, backward)]
'''
    return f"{number:04d}_rollup_triggers.py", text
