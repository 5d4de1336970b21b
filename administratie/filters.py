"""Filters of the administration's lists; every choice list is scoped to the user.

People (a child, a parent) are filtered by id, from a link on their page, never by name:
no personal data in a URL.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from audit.models import Action, AuditEvent
from organisatie.access import scope_for
from organisatie.models import Location, StaffMember
from ouderportaal.fields import parse_id
from ouderportaal.filters import (
    IdFilter,
    PeriodMethods,
    SafeModelChoiceFilter,
    StaffChoiceFilter,
    period_filters,
)
from ouders.models import Parent
from privacy.services import PARENT_OBJECT_TYPES

# Above this many locations the staff list waits for a chosen location: a chain's admin
# would otherwise get all 1,600 staff members as options on every page (as in the history).
MANY_LOCATIONS = 5


# --- the audit trail ------------------------------------------------------------------------


def trail_visible_to(user) -> QuerySet:
    """The audit rows this user may read, newest first.

    Admins: their organisation's. Managers: the rows of their locations, and the rows about
    a parent they can see (a parent's page has no location, so those rows have none either).
    """
    scope = scope_for(user)
    events = AuditEvent.objects.visible_to(user)
    if scope.is_manager and not scope.whole_organization:
        parents = Parent.objects.visible_to(user).values("pk")
        events = AuditEvent.objects.filter(organization_id=scope.organization_id).filter(
            Q(location_id__in=scope.location_ids)
            | Q(object_type__in=PARENT_OBJECT_TYPES, object_id__in=parents)
        )
    return events.order_by("-at", "-pk")


def _trail_locations(request) -> QuerySet:
    if request is None:
        return Location.objects.none()
    return Location.objects.visible_to(request.user).order_by("name")


def staff_needs_location_first(request) -> bool:
    return (
        parse_id(request.GET.get("locatie")) is None
        and len(scope_for(request.user).location_ids) > MANY_LOCATIONS
    )


def _trail_staff(request) -> QuerySet:
    """Staff in scope, admins included (they act in the trail too); in a large chain only
    those of the chosen location (plus the current choice, so a link keeps working)."""
    if request is None:
        return StaffMember.objects.none()
    staff = (
        StaffMember.objects.visible_to(request.user)
        .select_related("user")
        .only("pk", "user__first_name", "user__last_name", "user__username")
        .order_by("user__first_name", "user__last_name", "pk")
    )
    selected = parse_id(request.GET.get("medewerker"))
    current = Q(pk=selected) if selected is not None else Q(pk__in=[])
    location_id = parse_id(request.GET.get("locatie"))
    if location_id is not None:
        return staff.filter(Q(locations=location_id) | current).distinct()
    if staff_needs_location_first(request):
        return staff.filter(current)
    return staff


class AuditTrailFilter(PeriodMethods, django_filters.FilterSet):
    kind = IdFilter(label=_("Child (number)"), field_name="child_id")
    ouder = IdFilter(label=_("Parent (number)"), method="filter_parent")
    medewerker = StaffChoiceFilter(
        label=_("Done by"),
        queryset=_trail_staff,
        method="filter_staff",
        empty_label=_("All staff members"),
    )
    actie = django_filters.ChoiceFilter(
        label=_("Action"),
        field_name="action",
        choices=Action.choices,
        empty_label=_("All actions"),
    )
    locatie = SafeModelChoiceFilter(
        label=_("Location"),
        queryset=_trail_locations,
        method="filter_location",
        empty_label=_("All locations"),
    )
    van, tot = period_filters()

    class Meta:
        fields: list[str] = []

    def __init__(self, *args, request=None, **kwargs) -> None:
        super().__init__(*args, request=request, **kwargs)
        if request is not None and staff_needs_location_first(request):
            self.form.fields["medewerker"].help_text = _("Choose a location first.")

    def filter_parent(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(object_type__in=PARENT_OBJECT_TYPES, object_id=value)

    def filter_staff(self, queryset: QuerySet, name: str, value: StaffMember) -> QuerySet:
        return queryset.filter(user_id=value.user_id)

    def filter_location(self, queryset: QuerySet, name: str, value: Location) -> QuerySet:
        return queryset.filter(location_id=value.pk)
