from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from organisatie.access import scope_for
from organisatie.models import Group, Location
from ouderportaal.fields import parse_id

from .models import Child


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The user's groups with their children: the starting point of a handover talk."""
    scope = scope_for(request.user)
    locations = list(Location.objects.visible_to(request.user).only("pk", "name"))
    location = _chosen_location(request, locations)
    groups: list[Group] = []
    if location is not None:
        children = Child.objects.in_care().only(
            "pk", "first_name", "last_name", "date_of_birth", "group_id"
        )
        groups = list(
            Group.objects.filter(location=location)
            .prefetch_related(Prefetch("children", queryset=children, to_attr="children_in_care"))
            .order_by("name")
        )
        own = set()
        if scope.staff_member_id:
            own = set(
                Group.objects.filter(
                    staff_members=scope.staff_member_id, location=location
                ).values_list("pk", flat=True)
            )
        for group in groups:
            group.is_own = group.pk in own
        groups.sort(key=lambda g: (not g.is_own, g.name))
    return render(
        request,
        "kinderen/home.html",
        {
            "locations": locations,
            "location": location,
            "groups": groups,
            # The user's own groups open; the rest of the location folded below them, and
            # unfolded by the filter field when a match is there.
            "own_groups": [g for g in groups if g.is_own],
            "other_groups": [g for g in groups if not g.is_own],
        },
    )


def _chosen_location(request: HttpRequest, locations: list[Location]) -> Location | None:
    if not locations:
        return None
    wanted = parse_id(request.GET.get("locatie"))
    for location in locations:
        if location.pk == wanted:
            return location
    return locations[0]
