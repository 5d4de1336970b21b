"""The one access rule.

Everything a user can see is scoped by their organisation and locations:

- a pm'er sees the children, parents and conversations of the locations they work at;
- a manager those of the locations they manage;
- an admin their whole organisation;
- nobody anything of another organisation, and a user without a staff record nothing.

Every model's ``visible_to(user)`` queryset method starts from :func:`scope_for`;
views fetch records only through those methods, so a record outside the scope is
a 404 exactly like one that does not exist.

What a role may do inside its scope is decided here too (``require_manager``,
``can_edit``, ``may_give_feedback``…), so no view spells a role check of its own.

The models import this module for ``visible_to``; this module reaches the models
through the app registry, so the two do not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection

from .roles import REVIEWING_ROLES, Role

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
        return self.role == Role.ADMIN

    @property
    def is_manager(self) -> bool:
        """Managers and admins review history and coach; pm'ers do not."""
        return self.role in REVIEWING_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def covers_location(self, location_id: int | None) -> bool:
        if self.is_empty or location_id is None:
            return False
        return self.whole_organization or location_id in self.location_ids


EMPTY_SCOPE = Scope()


def _models():
    return apps.get_model("organisatie", "Location"), apps.get_model("organisatie", "StaffMember")


def scope_for(user) -> Scope:
    """Return the user's scope, computed once per user object (so once per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached

    annotated = getattr(user, SCOPE_ANNOTATION, _MISSING)
    if annotated is not _MISSING:
        scope = _scope_from_annotation(user, annotated)
        setattr(user, _CACHE_ATTR, scope)
        return scope

    location_model, staff_model = _models()
    # One query for the staff record and its locations (a row per location).
    rows = list(
        staff_model.objects.filter(user_id=user.pk)
        .order_by()
        .values_list("pk", "organization_id", "role", "locations__id", "locations__organization_id")
    )
    if not rows:
        scope = EMPTY_SCOPE
    else:
        staff_id, organization_id, role = rows[0][:3]
        if role == Role.ADMIN:
            location_ids = location_model.objects.filter(
                organization_id=organization_id
            ).values_list("pk", flat=True)
        else:
            # Only locations of the staff member's own organisation count.
            location_ids = [row[3] for row in rows if row[3] and row[4] == organization_id]
        scope = Scope(
            organization_id=organization_id,
            role=role,
            staff_member_id=staff_id,
            location_ids=frozenset(location_ids),
        )
    setattr(user, _CACHE_ATTR, scope)
    return scope


# The user loaded for a request (accounts.backends) carries its scope: the staff record
# joined and the location ids as one comma-separated column, so a page spends no query
# on who may see what.
SCOPE_ANNOTATION = "scope_location_ids"
_MISSING = object()


def user_with_scope(user_id):
    """The user with what scope_for needs, in one query; None if there is no such user.

    Raw SQL on purpose: it runs on every request, and the ORM spent longer compiling the
    equivalent annotated query than the database spent answering it.
    """
    location_model, staff_model = _models()
    users = get_user_model()
    user_table = connection.ops.quote_name(users._meta.db_table)
    staff_table = connection.ops.quote_name(staff_model._meta.db_table)
    location_table = connection.ops.quote_name(location_model._meta.db_table)
    link_table = connection.ops.quote_name(staff_model.locations.through._meta.db_table)
    if connection.vendor == "postgresql":
        ids = "STRING_AGG(({})::text, ',')".format
    else:
        ids = "GROUP_CONCAT({})".format
    sql = f"""
        SELECT u.*, s.id AS scope_staff_id, s.organization_id AS scope_organization_id,
               s.role AS scope_role,
               CASE WHEN s.role = '{Role.ADMIN}' THEN (
                   SELECT {ids("l.id")} FROM {location_table} l
                   WHERE l.organization_id = s.organization_id
               ) ELSE (
                   SELECT {ids("sl.location_id")} FROM {link_table} sl
                   JOIN {location_table} l ON l.id = sl.location_id
                   WHERE sl.staffmember_id = s.id AND l.organization_id = s.organization_id
               ) END AS {SCOPE_ANNOTATION}
        FROM {user_table} u LEFT JOIN {staff_table} s ON s.user_id = u.id
        WHERE u.id = %s
    """  # noqa: S608 - table names from the models, the id is a parameter
    return next(iter(users._default_manager.raw(sql, [user_id])), None)


def _scope_from_annotation(user, location_ids: str | None) -> Scope:
    if getattr(user, "scope_staff_id", None) is None:
        return EMPTY_SCOPE
    return Scope(
        organization_id=user.scope_organization_id,
        role=user.scope_role,
        staff_member_id=user.scope_staff_id,
        location_ids=frozenset(int(pk) for pk in (location_ids or "").split(",") if pk),
    )


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
    for attribute in (_CACHE_ATTR, SCOPE_ANNOTATION, "scope_staff_id"):
        if hasattr(user, attribute):
            delattr(user, attribute)


# --- what a role may do inside its scope ---------------------------------------------------


def require_manager(user) -> Scope:
    """The scope of a manager or admin; PermissionDenied (403) for everyone else.

    A pm'er is inside the organisation, so the page exists for them: 403, not 404.
    """
    scope = scope_for(user)
    if not scope.is_manager:
        raise PermissionDenied
    return scope


def require_admin(user) -> Scope:
    """The scope of an organisation admin; PermissionDenied (403) for everyone else."""
    scope = scope_for(user)
    if not scope.is_admin:
        raise PermissionDenied
    return scope


def may_manage_location(user, location_id: int | None) -> bool:
    """Groups of a location (create, change, close): its managers and the admins."""
    scope = scope_for(user)
    return scope.is_manager and scope.covers_location(location_id)


def require_location_manager(user, location_id: int | None) -> Scope:
    """The scope of a manager of the location or an admin; PermissionDenied otherwise."""
    if not may_manage_location(user, location_id):
        raise PermissionDenied
    return scope_for(user)


def can_edit(user, record) -> bool:
    """A record with an author (a conversation): its author, and managers of its location."""
    scope = scope_for(user)
    if not scope.covers_location(record.location_id):
        return False
    return record.author_id == scope.staff_member_id or scope.is_manager


def can_change_planned_talk(user, planned_talk) -> bool:
    """A planned talk (its questions and the parents' answers): who planned it, and
    managers of the child's location."""
    scope = scope_for(user)
    if not scope.covers_location(planned_talk.child.location_id):
        return False
    return planned_talk.planned_by_id == scope.staff_member_id or scope.is_manager


def can_delete(user, record) -> bool:
    """Deleting is for managers and admins of the record's location."""
    scope = scope_for(user)
    return scope.is_manager and scope.covers_location(record.location_id)


def may_give_feedback(user, record) -> bool:
    """Coaching feedback: a manager on a colleague's talk, never on their own."""
    scope = scope_for(user)
    return scope.is_manager and record.author_id != scope.staff_member_id


def acting_staff(user):
    """The user's staff record, built from the scope without a query.

    Every scoped page has one; callers use it as the author of what they save, for which
    only its id is written.
    """
    scope = scope_for(user)
    staff = apps.get_model("organisatie", "StaffMember")(
        pk=scope.staff_member_id,
        user=user,
        organization_id=scope.organization_id,
        role=scope.role,
    )
    staff._state.adding = False
    return staff
