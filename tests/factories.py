"""Plain model factories for tests: keyword arguments in, saved objects out.

No factory library: each helper fills in only what the model requires and lets the
test override the rest. Dates default to a child of about two years old who has
been in care for a year, so the child counts as "in care" today.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.utils import timezone

from kinderen.models import Child
from organisatie.models import CareType, Group, Location, Organization, Role, StaffMember
from ouders.models import ChildParent, Parent, Relationship

_counter = itertools.count(1)

TEST_PASSWORD = "correct horse battery staple"


def _next() -> int:
    return next(_counter)


def make_organization(name: str | None = None, **kwargs) -> Organization:
    return Organization.objects.create(name=name or f"Organisatie {_next()}", **kwargs)


def make_location(organization: Organization, name: str | None = None, **kwargs) -> Location:
    return Location.objects.create(
        organization=organization, name=name or f"Locatie {_next()}", **kwargs
    )


def make_group(
    location: Location,
    name: str | None = None,
    care_type: str = CareType.DAYCARE,
    **kwargs,
) -> Group:
    return Group.objects.create(
        location=location, name=name or f"Groep {_next()}", care_type=care_type, **kwargs
    )


def make_user(
    username: str | None = None,
    *,
    first_name: str = "",
    last_name: str = "",
    password: str = TEST_PASSWORD,
    **kwargs,
) -> AbstractUser:
    """A login account without a staff record (so it sees nothing)."""
    return get_user_model().objects.create_user(
        username=username or f"user{_next()}",
        password=password,
        first_name=first_name,
        last_name=last_name,
        **kwargs,
    )


def make_staff(
    username: str | None,
    organization: Organization,
    role: str = Role.PM,
    locations: Iterable[Location] = (),
    groups: Iterable[Group] = (),
    *,
    first_name: str = "",
    last_name: str = "",
    password: str = TEST_PASSWORD,
    **user_kwargs,
) -> AbstractUser:
    """A user with a StaffMember; returns the User (its record is ``user.staff_member``)."""
    user = make_user(
        username, first_name=first_name, last_name=last_name, password=password, **user_kwargs
    )
    staff = StaffMember.objects.create(user=user, organization=organization, role=role)
    staff.locations.set(list(locations))
    staff.groups.set(list(groups))
    return user


def make_child(group: Group, **kwargs) -> Child:
    """A child in ``group``; ``location`` always follows the group (Child.save sets it)."""
    today = timezone.localdate()
    n = _next()
    kwargs.setdefault("first_name", f"Kind{n}")
    kwargs.setdefault("last_name", f"Achternaam{n}")
    kwargs.setdefault("date_of_birth", today - datetime.timedelta(days=2 * 365))
    kwargs.setdefault("start_date", today - datetime.timedelta(days=365))
    return Child.objects.create(group=group, **kwargs)


def make_children(group: Group, count: int, prefix: str = "Kind") -> list[Child]:
    """Many children at once (bulk insert: location is set here because save() is skipped)."""
    today = timezone.localdate()
    children = []
    for _ in range(count):
        n = _next()
        children.append(
            Child(
                first_name=f"{prefix}{n}",
                last_name=f"Achternaam{n}",
                date_of_birth=today - datetime.timedelta(days=2 * 365 + n % 300),
                start_date=today - datetime.timedelta(days=300),
                group=group,
                location_id=group.location_id,
            )
        )
    return Child.objects.bulk_create(children)


def make_parent(organization: Organization, **kwargs) -> Parent:
    n = _next()
    kwargs.setdefault("first_name", f"Ouder{n}")
    kwargs.setdefault("last_name", f"Achternaam{n}")
    return Parent.objects.create(organization=organization, **kwargs)


def make_parent_account(parent: Parent, username: str | None = None, *, language: str = "nl"):
    """A portal login for ``parent`` (what accepting an invitation leaves): the user."""
    from ouders.models import ParentAccount

    user = make_user(
        username or f"ouder{_next()}",
        first_name=parent.first_name,
        last_name=parent.last_name,
        email=parent.email or f"ouder{_next()}@example.nl",
    )
    ParentAccount.objects.create(parent=parent, user=user, language=language)
    return user


def link_parent(child: Child, parent: Parent, **kwargs) -> ChildParent:
    kwargs.setdefault("relationship", Relationship.PARENT)
    return ChildParent.objects.create(child=child, parent=parent, **kwargs)
