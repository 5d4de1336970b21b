"""Fill a throwaway database with an organisation the size of the largest chain.

    manage.py seed_large --scale 1 --force     # 200 locations, 20,000 children, ~1M talks
    manage.py seed_large --scale 0.01          # a quick one (DEBUG=1)

For the benchmark (bench/run.sh); see demo/large/ for what it builds. The
benchmark users ``bench_pm``, ``bench_manager``, ``bench_admin`` and the parent portal's
``bench_parent`` get the well-known demo password, so like seed_demo it refuses to run
with DEBUG off unless --force.
No simple-history rows are written for the seeded rows.
"""

from __future__ import annotations

import random
import time

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.large import BENCH_PARENT, LargeSeeder, Plan, analyze
from organisatie.models import Organization

ORGANIZATION_NAME = "Kinderopvang Grootketen (benchmark)"
BENCH_USERS = ("bench_pm", "bench_manager", "bench_admin", BENCH_PARENT)
TWO_FACTOR_DEVICE_NAME = "Benchmark (seed_large)"


class Command(BaseCommand):
    help = (
        "Seed a large benchmark organisation (scale 1: 200 locations, 20,000 children, "
        "~1,000,000 conversations). For throwaway databases only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1 = the largest chain; 0.01 for a test."
        )
        parser.add_argument("--seed", type=int, default=20250101, help="Random seed.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DEBUG off (never on a database with real users).",
        )

    def handle(self, *args: object, scale: float, seed: int, force: bool, **options) -> None:
        if not 0 < scale <= 20:
            raise CommandError("--scale must be above 0 and at most 20.")
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to seed with DEBUG off: the benchmark users get the well-known "
                f"password '{settings.OUDERPORTAAL_DEMO_PASSWORD}'. Use --force if this really "
                "is a throwaway database."
            )
        if Organization.objects.filter(name=ORGANIZATION_NAME).exists():
            raise CommandError(f"'{ORGANIZATION_NAME}' already exists: seed a fresh database.")
        taken = get_user_model().objects.filter(username__in=BENCH_USERS)
        if taken.exists():
            raise CommandError("The benchmark users already exist: seed a fresh database.")

        plan = Plan(scale)
        self.stdout.write(
            f"Seeding scale {scale:g} on {connection.vendor}: {plan.locations:,} locations, "
            f"{plan.children:,} children, ~{plan.conversations:,} conversations"
        )
        started = time.monotonic()
        organization = Organization.objects.create(name=ORGANIZATION_NAME)
        rng = random.Random(seed)  # noqa: S311 - repeatable test data, not secrets
        seeder = LargeSeeder(plan=plan, rng=rng, today=timezone.localdate(), log=self.stdout.write)
        counts = seeder.run(
            organization, password_hash=make_password(settings.OUDERPORTAAL_DEMO_PASSWORD)
        )
        self.two_factor_devices(seeder.bench_users)
        written = time.monotonic() - started
        self.stdout.write(
            "  ANALYZE ..." if connection.vendor != "postgresql" else "  VACUUM ANALYZE ..."
        )
        analyzed = time.monotonic()
        analyze()
        self.stdout.write(f"  ... {time.monotonic() - analyzed:.1f} s")
        total = time.monotonic() - started
        rows = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Seeded in {total:.0f} s."))
        for name, number in counts.items():
            self.stdout.write(f"  {name:<20} {number:>10,}")
        self.stdout.write(
            f"  {'rows':<20} {rows:>10,}  ({rows / max(written, 0.001):,.0f} rows/s while writing)"
        )
        self.stdout.write(
            f"Benchmark users (password '{settings.OUDERPORTAAL_DEMO_PASSWORD}'): "
            + ", ".join(BENCH_USERS)
        )

    def two_factor_devices(self, members: dict) -> None:
        """Managers and admins verify with a code: give the benchmark ones an authenticator."""
        if not apps.is_installed("django_otp.plugins.otp_totp"):
            return
        for username in ("bench_manager", "bench_admin"):
            TOTPDevice.objects.create(
                user=members[username].user, name=TWO_FACTOR_DEVICE_NAME, confirmed=True
            )
