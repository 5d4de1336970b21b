"""The one access rule.

Everything a user can see is scoped by their organisation and locations:

- a pm'er sees the children, parents and conversations of the locations they work at;
- a manager those of the locations they manage;
- an admin their whole organisation;
- nobody anything of another organisation, and a user without a staff record nothing.

Every model's ``visible_to(user)`` queryset method starts from :func:`scope_for`;
views fetch records only through those methods, so a record outside the scope is
a 404 exactly like one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_CACHE_ATTR = "_ouderportaal_scope"


@dataclass(frozen=True)
class Scope:
    organization_id: int | None = None
    role: str | None = None
    staff_member_id: int | None = None
    location_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return self.organization_id is None

    @property
    def whole_organization(self) -> bool:
        return self.role == "admin"

    @property
    def is_manager(self) -> bool:
        """Managers and admins review history and coach; pm'ers do not."""
        return self.role in {"manager", "admin"}

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def covers_location(self, location_id: int | None) -> bool:
        if self.is_empty or location_id is None:
            return False
        return self.whole_organization or location_id in self.location_ids


EMPTY_SCOPE = Scope()


def scope_for(user) -> Scope:
    """Return the user's scope, computed once per user object (so once per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached

    from .models import Location, StaffMember  # noqa: PLC0415 - models import this module

    staff = (
        StaffMember.objects.filter(user_id=user.pk).values("pk", "organization_id", "role").first()
    )
    if staff is None:
        scope = EMPTY_SCOPE
    else:
        if staff["role"] == "admin":
            locations = Location.objects.filter(organization_id=staff["organization_id"])
        else:
            locations = Location.objects.filter(
                staff_members=staff["pk"], organization_id=staff["organization_id"]
            )
        scope = Scope(
            organization_id=staff["organization_id"],
            role=staff["role"],
            staff_member_id=staff["pk"],
            location_ids=frozenset(locations.values_list("pk", flat=True)),
        )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def scoped_by_location(queryset, user, *, location: str):
    """Filter a queryset to the user's scope through its location field path.

    ``location`` names the path to the record's location id, e.g. ``"location"`` or
    ``"conversation__location"``: the organisation for admins, the locations for others,
    nothing without a staff record.
    """
    scope = scope_for(user)
    if scope.is_empty:
        return queryset.none()
    if scope.whole_organization:
        return queryset.filter(**{f"{location}__organization_id": scope.organization_id})
    return queryset.filter(**{f"{location}_id__in": scope.location_ids})


def forget_scope(user) -> None:
    """Drop the cached scope, e.g. after changing a user's locations in a test or shell."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
