"""Recompute the overview's totals and "latest talk" columns from the conversations.

    manage.py rebuild_rollups                      # recompute (idempotent)
    manage.py rebuild_rollups --check              # only compare; exit status 1 on a difference
    manage.py rebuild_rollups --install-triggers   # recreate the triggers, then recompute

The triggers keep them up to date (inzicht/rollups/); this is for after a bulk load
with the triggers off, a TRUNCATE or a restore, and for peace of mind.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from inzicht import rollups


class Command(BaseCommand):
    help = "Recompute the overview's daily totals and latest-talk columns from the raw data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare only (no writes); fail when anything differs.",
        )
        parser.add_argument(
            "--install-triggers",
            action="store_true",
            help="(Re)create the triggers first, e.g. after a migration rebuilt a table.",
        )

    def handle(self, *args: object, check: bool, install_triggers: bool, **options) -> None:
        missing = rollups.expected_triggers() - rollups.installed_triggers()
        if install_triggers and not check:
            rollups.install_triggers()
            missing = set()
        if missing:
            self.stderr.write(
                f"Triggers missing: {', '.join(sorted(missing))} (use --install-triggers)."
            )
        if not check:
            started = time.monotonic()
            rollups.rebuild()
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                # Fresh statistics and visibility map: the period reads are index-only.
                with connection.cursor() as cursor:
                    for table in rollups.total_tables():
                        cursor.execute(f"VACUUM (ANALYZE) {table}")
            self.stdout.write(f"Rebuilt in {time.monotonic() - started:.1f} s.")
            if not missing:
                self.stdout.write(self.style.SUCCESS("Done."))
                return
            raise CommandError("Triggers are missing: the totals will drift.")
        started = time.monotonic()
        found = rollups.differences()
        self.stdout.write(f"Compared in {time.monotonic() - started:.1f} s.")
        for name, rows in found.items():
            self.stderr.write(f"{name}:")
            for label, row in rows:
                self.stderr.write(f"  {label:<4} {row}")
        if found or missing:
            raise CommandError("The kept totals differ from the raw data.")
        self.stdout.write(self.style.SUCCESS("The kept totals agree with the raw data."))
