"""Erase the records of children whose care ended longer ago than the retention period."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from organisatie.models import Organization
from privacy.services import COUNT_KEYS, purge_organization


def format_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key.replace('_', ' ')} {counts.get(key, 0)}" for key in COUNT_KEYS)


class Command(BaseCommand):
    help = (
        "Erase children whose end of care plus their organisation's retention period "
        "(Organization.retention_months, default 24) lies before today, with their "
        "conversations, tip scores, agreements, feedback, preparations, consents, parent "
        "links and history rows; then parents left without any child; then pseudonymise "
        "their audit rows. One transaction per organisation; running it again removes "
        "nothing. Run it daily, e.g. from cron: "
        "'30 2 * * * cd /srv/ouderportaal && .venv/bin/python manage.py purge_expired'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be removed and change nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        today = timezone.localdate()
        totals = dict.fromkeys(COUNT_KEYS, 0)
        failed: list[str] = []
        for organization in Organization.objects.order_by("pk"):
            try:
                result = purge_organization(organization=organization, today=today, dry_run=dry_run)
            except (DatabaseError, ProtectedError, RestrictedError) as error:
                # One organisation's failure rolls back only its own transaction. The message
                # of a ProtectedError lists records (names), so only its kind is written.
                failed.append(organization.name)
                self.stderr.write(f"{organization.name}: not purged ({type(error).__name__})")
                continue
            for key, value in result.counts.items():
                totals[key] += value
            self.stdout.write(
                f"{organization.name} (retention {organization.retention_months} months, "
                f"care ended before {result.threshold.isoformat()}): "
                f"{format_counts(result.counts)}"
            )
        prefix = "Dry run, nothing changed. Would remove" if dry_run else "Removed"
        style = self.style.WARNING if dry_run else self.style.SUCCESS
        self.stdout.write(style(f"{prefix}: {format_counts(totals)}"))
        if failed:
            raise CommandError(f"Not purged: {', '.join(failed)}")
