"""Helpers of the staff tests."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from organisatie.models import Role, StaffMember


def many_staff(organization, locations, count: int, *, prefix: str = "mw") -> list[StaffMember]:
    """``count`` pm'ers in bulk: a third with no password yet, every tenth deactivated."""
    users = get_user_model()
    password = make_password("x")
    created = users.objects.bulk_create(
        users(
            username=f"{prefix}{n}@example.nl",
            email=f"{prefix}{n}@example.nl",
            first_name=f"Medewerker{n:04d}",
            last_name=f"Achternaam{n:04d}",
            password="!" if n % 3 == 0 else password,
            is_active=n % 10 != 1,
        )
        for n in range(count)
    )
    members = StaffMember.objects.bulk_create(
        StaffMember(user=user, organization=organization, role=Role.PM) for user in created
    )
    StaffMember.locations.through.objects.bulk_create(
        StaffMember.locations.through(staffmember=member, location=locations[n % len(locations)])
        for n, member in enumerate(members)
    )
    return members
