"""Fill an empty database with a believable demo: two organisations, staff, children, parents.

The same names, families and relations on every run (one fixed seed); dates are
relative to today so every child keeps an age that fits its group. All demo users
share the well-known password in ``settings.OUDERPORTAAL_DEMO_PASSWORD``, which is
why the command refuses to run with DEBUG off unless ``--force`` is given.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import DEMO_DEVICE_NAME
from administratie.services.children import end_care, enrol_child
from administratie.services.parents import create_parent, link_parent
from administratie.services.places import create_group, create_location
from administratie.services.staff import add_staff
from demo.conversations import seed_conversations
from demo.data import (
    ORGANIZATIONS,
    SEED,
    STAFF,
    FamilyPlan,
    SeededStaff,
    SeedResult,
)
from demo.families import DemoBuilder
from demo.portal import PORTAL_DEMO_USERS, seed_portal
from kinderen.models import Child
from organisatie.models import Group, Location, Organization, Role
from ouders.models import Parent


class Command(BaseCommand):
    help = (
        "Fill an empty database with demo organisations, staff, children and parents. "
        "Demo users get the well-known password from OUDERPORTAAL_DEMO_PASSWORD."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds an organisation.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DEBUG off (never on a database with real users).",
        )

    def handle(self, *args: object, if_empty: bool, force: bool, **options: object) -> None:
        # Checks and writes in one transaction: two `make run`s at once cannot both seed.
        with transaction.atomic():
            existing = Organization.objects.count()
            if existing and if_empty:
                self.stdout.write(
                    f"Database already holds {existing} organisation(s): demo data not seeded."
                )
                return
            self.check_allowed(existing, force=force)
            result = self.seed(random.Random(SEED), timezone.localdate())
        self.report(result)

    def check_allowed(self, existing: int, *, force: bool) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to seed demo data with DEBUG off: every demo user gets the "
                f"well-known password '{settings.OUDERPORTAAL_DEMO_PASSWORD}'. "
                "Use --force if this really is a throwaway database."
            )
        if existing:
            raise CommandError(
                f"The database already holds {existing} organisation(s). Use --if-empty to "
                "keep existing data, or seed a fresh database (delete it and migrate again)."
            )
        usernames = [spec.username for spec in STAFF]
        users = get_user_model().objects.filter(username__in=usernames)
        if taken := sorted(users.values_list("username", flat=True)):
            raise CommandError(f"Demo user name(s) already taken: {', '.join(taken)}.")

    def seed(self, rng: random.Random, today: datetime.date) -> SeedResult:
        organizations: dict[str, Organization] = {}
        locations: dict[tuple[str, str], Location] = {}
        groups: dict[tuple[str, str], Group] = {}
        # Through the services the administration pages use (audited as "the system").
        for org_spec in ORGANIZATIONS:
            organization = Organization.objects.create(name=org_spec.name)
            organizations[org_spec.name] = organization
            for location_spec in org_spec.locations:
                location = create_location(
                    organization=organization,
                    name=location_spec.name,
                    city=location_spec.city,
                    by=None,
                )
                locations[org_spec.name, location.name] = location
                for group_spec in location_spec.groups:
                    groups[org_spec.name, group_spec.name] = create_group(
                        location=location,
                        name=group_spec.name,
                        care_type=group_spec.care_type,
                        by=None,
                    )

        staff = self.create_staff(organizations, locations, groups)

        builder = DemoBuilder(rng, today)
        families: list[FamilyPlan] = []
        for org_spec in ORGANIZATIONS:
            organization = organizations[org_spec.name]
            for location_spec in org_spec.locations:
                location = locations[org_spec.name, location_spec.name]
                mentors = [s for s in staff if s.member.role == Role.PM and location in s.locations]
                specs = {spec.name: spec for spec in location_spec.groups}
                free = {spec.name: spec.size for spec in location_spec.groups}
                plans = [(names, False) for names in location_spec.siblings]
                plans += [((name, name), True) for name in location_spec.twins]
                for names, _twins in plans:
                    for name in names:
                        free[name] -= 1
                plans += [((name,), False) for name, left in free.items() for _ in range(left)]
                for names, is_twins in plans:
                    family = builder.family(organization)
                    ages: list[int] = []
                    for position, name in enumerate(names):
                        builder.child(
                            family,
                            groups[org_spec.name, name],
                            specs[name],
                            mentors,
                            twin_of=family.children[0] if is_twins and position else None,
                            taken_ages=ages,
                        )
                    families.append(family)

        children, parents = self.save_families(families)

        conversations = {
            name: seed_conversations(organization=organization, rng=rng, today=today)
            for name, organization in organizations.items()
        }
        # The parent portal: logins for two parents of De Regenboog, talks shared with them.
        portal_logins = seed_portal(
            organization=organizations[ORGANIZATIONS[0].name],
            today=today,
            password=settings.OUDERPORTAAL_DEMO_PASSWORD,
        )
        counts = {
            "organisations": len(organizations),
            "locations": len(locations),
            "groups": len(groups),
            "children": len(children),
            "parents": len(parents),
            "users": len(staff),
            "parent logins": portal_logins,
        }
        return SeedResult(counts, conversations, staff)

    def create_staff(
        self,
        organizations: dict[str, Organization],
        locations: dict[tuple[str, str], Location],
        groups: dict[tuple[str, str], Group],
    ) -> list[SeededStaff]:
        # One hash for everyone: Argon2 costs ~50 ms per call.
        encoded = make_password(settings.OUDERPORTAAL_DEMO_PASSWORD)
        domains = {spec.name: spec.domain for spec in ORGANIZATIONS}
        staff = []
        for spec in STAFF:
            seeded = SeededStaff(
                add_staff(
                    organization=organizations[spec.organization],
                    email=f"{spec.username}@{domains[spec.organization]}",
                    username=spec.username,
                    first_name=spec.first_name,
                    last_name=spec.last_name,
                    role=spec.role,
                    locations=[locations[spec.organization, name] for name in spec.locations],
                    groups=[groups[spec.organization, name] for name in spec.groups],
                    by=None,
                ),
                [locations[spec.organization, name] for name in spec.locations],
                [groups[spec.organization, name] for name in spec.groups],
            )
            seeded.member.user.password = encoded  # the demo's well-known password, no invitation
            seeded.member.user.save(update_fields=["password"])
            staff.append(seeded)
        # Managers and admins must use two-step verification. Their demo authenticator's
        # current code is shown on the verification page, in DEBUG only.
        TOTPDevice.objects.bulk_create(
            TOTPDevice(user=seeded.member.user, name=DEMO_DEVICE_NAME, confirmed=True)
            for seeded in staff
            if seeded.member.role in (Role.MANAGER, Role.ADMIN)
        )
        return staff

    def save_families(self, families: list[FamilyPlan]) -> tuple[list[Child], list[Parent]]:
        """The planned parents, children and links, saved through the administration's
        services (the same checks and audit rows as the pages)."""
        children: list[Child] = []
        parents: list[Parent] = []
        for family in families:
            for plan in family.parents:
                planned = plan.parent
                plan.parent = create_parent(
                    organization=planned.organization,
                    first_name=planned.first_name,
                    last_name=planned.last_name,
                    email=planned.email,
                    phone=planned.phone,
                    preferred_language=planned.preferred_language,
                    interpreter_needed=planned.interpreter_needed,
                    likes_to_help_with=planned.likes_to_help_with,
                    by=None,
                )
                parents.append(plan.parent)
            for position, planned in enumerate(family.children):
                child = enrol_child(
                    group=planned.group,
                    first_name=planned.first_name,
                    last_name=planned.last_name,
                    date_of_birth=planned.date_of_birth,
                    start_date=planned.start_date,
                    mentor=planned.mentor,
                    by=None,
                )
                if planned.end_date is not None:
                    child = end_care(child=child, end_date=planned.end_date, by=None)
                family.children[position] = child
                children.append(child)
                for index, plan in enumerate(family.parents):
                    link_parent(
                        child=child,
                        parent=plan.parent,
                        relationship=plan.relationship,
                        has_parental_authority=plan.has_parental_authority,
                        is_primary_contact=index == family.primary,
                        by=None,
                    )
        return children, parents

    def report(self, result: SeedResult) -> None:
        write = self.stdout.write
        write(self.style.SUCCESS("Demo data seeded."))
        for label, number in result.counts.items():
            write(f"  {label:<14} {number}")
        for name, number in result.conversations.items():
            write(f"  {'conversations':<14} {number} ({name})")
        write(f"Demo users (password '{settings.OUDERPORTAAL_DEMO_PASSWORD}'):")
        for seeded in result.staff:
            member = seeded.member
            where = ", ".join(location.name for location in seeded.locations)
            if seeded.groups:
                where += " (" + ", ".join(group.name for group in seeded.groups) + ")"
            write(
                f"  {member.user.username:<8} {member.display_name:<22} {member.role:<8} "
                f"{member.organization.name}: {where}"
            )
        for username, description in PORTAL_DEMO_USERS.items():
            write(f"  {username:<12} {description}")
