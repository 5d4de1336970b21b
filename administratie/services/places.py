"""Locations and groups: creating, changing and closing them.

Keyword-only, atomic and audited. The rules are the models' (``Location.clean``,
``Group.clean``, their constraints): a location or group with children still in care
cannot be closed, a group's lowest age is not above its highest, names are unique within
their organisation or location. A closed location or group keeps its history and is no
longer offered for new children (``Location.objects.active()``, ``Group.objects.active()``).
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from audit.models import Action
from audit.services import record
from organisatie.models import Group, Location, Organization

from .validation import check, guarded

LOCATION_FIELDS = frozenset({"name", "city", "is_active"})
GROUP_FIELDS = frozenset({"name", "care_type", "min_age_months", "max_age_months", "is_active"})

LOCATION_NAME_TAKEN = _("Your organisation already has a location with this name.")
GROUP_NAME_TAKEN = _("This location already has a group with this name.")


def _save_location(location: Location) -> Location:
    check(location, moves={"unique_together": ("name", LOCATION_NAME_TAKEN)})
    return guarded(lambda: location.save() or location, field="name", message=LOCATION_NAME_TAKEN)


def _save_group(group: Group) -> Group:
    check(group, moves={"unique_together": ("name", GROUP_NAME_TAKEN)})
    return guarded(lambda: group.save() or group, field="name", message=GROUP_NAME_TAKEN)


def _apply(instance, changes: dict, allowed: frozenset[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(instance, name, value)


@transaction.atomic
def create_location(
    *,
    organization: Organization,
    name: str,
    city: str = "",
    by,
    request: HttpRequest | None = None,
) -> Location:
    location = _save_location(Location(organization=organization, name=name, city=city))
    record(
        request=request,
        user=by,
        action=Action.CREATE,
        object_type="location",
        object_id=location.pk,
        location_id=location.pk,
    )
    return location


@transaction.atomic
def update_location(
    *, location: Location, by, request: HttpRequest | None = None, **changes
) -> Location:
    """Change ``name``, ``city`` or ``is_active`` (closing or reopening the location)."""
    if not changes:  # nothing to save, nothing to audit
        return location
    _apply(location, changes, LOCATION_FIELDS)
    _save_location(location)
    record(
        request=request,
        user=by,
        action=Action.UPDATE,
        object_type="location",
        object_id=location.pk,
        location_id=location.pk,
    )
    return location


@transaction.atomic
def create_group(
    *,
    location: Location,
    name: str,
    care_type: str,
    min_age_months: int | None = None,
    max_age_months: int | None = None,
    by,
    request: HttpRequest | None = None,
) -> Group:
    group = _save_group(
        Group(
            location=location,
            name=name,
            care_type=care_type,
            min_age_months=min_age_months,
            max_age_months=max_age_months,
        )
    )
    record(
        request=request,
        user=by,
        action=Action.CREATE,
        object_type="group",
        object_id=group.pk,
        location_id=group.location_id,
    )
    return group


@transaction.atomic
def update_group(*, group: Group, by, request: HttpRequest | None = None, **changes) -> Group:
    """Change the name, care type, age range or ``is_active``; a group stays at its location
    (its children's location follows the group, so moving one is moving them: not here)."""
    if not changes:  # nothing to save, nothing to audit
        return group
    _apply(group, changes, GROUP_FIELDS)
    _save_group(group)
    record(
        request=request,
        user=by,
        action=Action.UPDATE,
        object_type="group",
        object_id=group.pk,
        location_id=group.location_id,
    )
    return group
