"""Write the migration that installs the triggers as the rules now state them.

    manage.py rollup_migration                 # install, then rebuild the kept values
    manage.py rollup_migration --no-rebuild    # install only (the rules kept their meaning)
    manage.py rollup_migration --force --no-rebuild   # again, the SQL unchanged

Run it after changing a rule in inzicht/rollups/spec.py, and (with --force) after a
migration that makes SQLite rebuild a trigger table, which drops its triggers; the
migration holds the SQL as text (frozen).
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser

from inzicht.rollups.frozen import generated, latest_installing, migration_source


class Command(BaseCommand):
    help = "Write a migration that installs the rollup triggers (frozen SQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-rebuild",
            action="store_true",
            help="Only install the triggers; do not recompute the kept values.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write one even when the latest installing migration is up to date.",
        )

    def handle(self, *args: object, no_rebuild: bool, force: bool, **options) -> None:
        latest = latest_installing()
        now = generated()
        if not force and all(getattr(latest, key) == now[key] for key in ("INSTALL", "DROP")):
            self.stdout.write(f"{latest.__name__} already installs these triggers.")
            return
        name, text = migration_source(rebuild=not no_rebuild)
        path = Path(apps.get_app_config("inzicht").path) / "migrations" / name
        path.write_text(text)
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}"))
