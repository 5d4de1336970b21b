"""Filters for the conversation history; every choice list is scoped to the user.

Children and parents are filtered by id (a link from their page), never by name,
so no personal data ends up in a shareable URL.
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gesprekken.models import FollowUp
from gesprekken.vocabulary import ConversationKind, Interpreter, OwnStance, ParentStance
from organisatie.access import scope_for
from organisatie.models import Group, Location, StaffMember
from organisatie.roles import Role
from ouderportaal.fields import parse_id
from ouderportaal.filters import (
    IdFilter,
    PeriodMethods,
    SafeModelChoiceFilter,
    StaffChoiceFilter,
    period_filters,
)

from .search import search_conversations


def _locations(request):
    return Location.objects.visible_to(request.user) if request else Location.objects.none()


# Above this many locations the group and staff lists wait for a chosen location: a
# chain's admin would otherwise get every group and pm'er of the organisation (over two
# thousand options at 200 locations) on every history page.
MANY_LOCATIONS = 5


def _chosen_id(request, name: str) -> int | None:
    return parse_id(request.GET.get(name))


def needs_location_first(request) -> bool:
    return (
        _chosen_id(request, "locatie") is None
        and len(scope_for(request.user).location_ids) > MANY_LOCATIONS
    )


def _narrowed(queryset: QuerySet, request, name: str, location: str) -> QuerySet:
    """The choices of the chosen location (plus the current choice, so a link keeps
    working); none but the current choice while a large chain's location is open."""
    selected = _chosen_id(request, name)
    current = Q(pk=selected) if selected is not None else Q(pk__in=[])
    location_id = _chosen_id(request, "locatie")
    if location_id is not None:
        return queryset.filter(Q(**{location: location_id}) | current).distinct()
    if needs_location_first(request):
        return queryset.filter(current)
    return queryset


def _groups(request):
    if request is None:
        return Group.objects.none()
    groups = Group.objects.visible_to(request.user).select_related("location")
    return _narrowed(groups, request, "groep", "location_id")


def _staff(request):
    if request is None:
        return StaffMember.objects.none()
    # The organisation's admin account logs no talks: not offered as a pm'er.
    staff = (
        StaffMember.objects.visible_to(request.user).exclude(role=Role.ADMIN).select_related("user")
    )
    return _narrowed(staff, request, "medewerker", "locations")


class StableOrdering(django_filters.OrderingFilter):
    """The chosen sort with empty values last on every database, then newest first,
    so paging through equal values never repeats or skips a row."""

    def filter(self, qs: QuerySet, value) -> QuerySet:
        if not value:
            return qs
        ordering = []
        for param in value:
            name = self.get_ordering_value(param)
            if name.lstrip("-") == "score_percentage":
                # A score that is not complete enough sorts after the complete ones,
                # whichever way: its percentage looks final but is not.
                ordering.append(F("score_complete").desc())
            field = F(name.lstrip("-"))
            ordering.append(
                field.desc(nulls_last=True) if name.startswith("-") else field.asc(nulls_last=True)
            )
        return qs.order_by(*ordering, "-occurred_at", "-pk")


class ConversationFilter(PeriodMethods, django_filters.FilterSet):
    period_field = "occurred_at"

    q = django_filters.CharFilter(label=_("Search in the text"), method="filter_search")
    locatie = SafeModelChoiceFilter(
        label=_("Location"),
        field_name="location",
        queryset=_locations,
        empty_label=_("All locations"),
    )
    groep = SafeModelChoiceFilter(
        label=_("Group"), field_name="child__group", queryset=_groups, empty_label=_("All groups")
    )
    medewerker = StaffChoiceFilter(
        label=_("Staff member"),
        field_name="author",
        queryset=_staff,
        empty_label=_("All staff members"),
    )
    kind = IdFilter(label=_("Child (number)"), field_name="child_id")
    ouder = IdFilter(label=_("Parent (number)"), method="filter_parent")
    soort = django_filters.ChoiceFilter(
        label=_("Kind of conversation"),
        field_name="kind",
        choices=ConversationKind.choices,
        empty_label=_("All kinds"),
    )
    van, tot = period_filters()
    score_min = django_filters.NumberFilter(
        label=_("Score at least (%)"),
        field_name="score_percentage",
        lookup_expr="gte",
        min_value=0,
        max_value=100,
    )
    score_max = django_filters.NumberFilter(
        label=_("Score at most (%)"),
        field_name="score_percentage",
        lookup_expr="lte",
        min_value=0,
        max_value=100,
    )
    volledigheid = django_filters.ChoiceFilter(
        label=_("Checklist"),
        method="filter_completeness",
        empty_label=_("Scored or not"),
        choices=[
            ("compleet", _("complete enough to count")),
            ("onvolledig", _("incompletely scored")),
            ("leeg", _("not scored")),
        ],
    )
    houding = django_filters.ChoiceFilter(
        label=_("Parent stance"),
        field_name="parent_stance",
        choices=ParentStance.choices,
        empty_label=_("Any stance"),
    )
    eigen_houding = django_filters.ChoiceFilter(
        label=_("My own stance"),
        field_name="own_stance",
        choices=OwnStance.choices,
        empty_label=_("Any stance"),
    )
    verloop = django_filters.ChoiceFilter(
        label=_("Course"),
        method="filter_course",
        empty_label=_("Any course"),
        choices=[
            ("escalatie", _("escalated or ended early")),
            ("geescaleerd", _("escalated")),
            ("beeindigd", _("ended early")),
        ],
    )
    afspraken = django_filters.ChoiceFilter(
        label=_("Agreements"),
        method="filter_agreements",
        empty_label=_("With or without agreements"),
        choices=[("open", _("with open agreements")), ("te-laat", _("with overdue agreements"))],
    )
    tolk = django_filters.ChoiceFilter(
        label=_("Interpreter"),
        method="filter_interpreter",
        empty_label=_("With or without interpreter"),
        choices=[("ja", _("any interpreter"))]
        + [(value, label) for value, label in Interpreter.choices if value != Interpreter.NONE],
    )
    sorteer = StableOrdering(
        label=_("Sort by"),
        empty_label=_("Newest first"),
        fields=(
            ("occurred_at", "datum"),
            ("score_percentage", "score"),
            ("child__first_name", "kind"),
        ),
        field_labels={
            "occurred_at": _("date"),
            "score_percentage": _("score"),
            "child__first_name": _("child"),
        },
    )

    class Meta:
        fields: list[str] = []

    def __init__(self, *args, request=None, **kwargs) -> None:
        super().__init__(*args, request=request, **kwargs)
        if request is not None and needs_location_first(request):
            for name in ("groep", "medewerker"):
                self.form.fields[name].help_text = _("Choose a location first.")

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_conversations(queryset, value)

    def filter_parent(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(parents__id=value)

    def filter_completeness(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # "Complete" is the completeness rule (scoring.is_complete), stored per talk.
        if value == "compleet":
            return queryset.filter(score_complete=True)
        if value == "onvolledig":
            return queryset.filter(score_scored__gt=0, score_complete=False)
        return queryset.filter(score_scored=0)

    def filter_course(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "geescaleerd":
            return queryset.filter(escalated=True)
        if value == "beeindigd":
            return queryset.filter(ended_early=True)
        return queryset.filter(Q(escalated=True) | Q(ended_early=True))

    def filter_agreements(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        agreements = FollowUp.objects.filter(conversation_id=OuterRef("pk")).open()
        if value == "te-laat":
            agreements = agreements.filter(due_date__lt=timezone.localdate())
        return queryset.filter(Exists(agreements))

    def filter_interpreter(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "ja":
            return queryset.exclude(interpreter=Interpreter.NONE)
        return queryset.filter(interpreter=value)

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        if not self.form.cleaned_data.get("sorteer"):
            queryset = queryset.order_by("-occurred_at", "-pk")
        return queryset
