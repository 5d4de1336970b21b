from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import Action
from audit.services import record, record_view_child
from organisatie.access import scope_for
from organisatie.models import Group, Location
from ouders.models import ChildParent, Parent

from .forms import SearchForm
from .models import Child

SEARCH_LIMIT = 25


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
        {"locations": locations, "location": location, "groups": groups},
    )


def _chosen_location(request: HttpRequest, locations: list[Location]) -> Location | None:
    if not locations:
        return None
    wanted = request.GET.get("locatie")
    if wanted and wanted.isdigit():
        for location in locations:
            if location.pk == int(wanted):
                return location
    return locations[0]


@require_GET
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child = get_object_or_404(
        Child.objects.visible_to(request.user).select_related("group", "location", "mentor__user"),
        pk=pk,
    )
    parent_links = ChildParent.objects.filter(child=child).select_related("parent")
    context = {"child": child, "parent_links": parent_links}
    context.update(child_detail_extra(request, child))
    if scope_for(request.user).is_manager:
        from audit.selectors import child_trail  # noqa: PLC0415

        context["audit_trail"] = child_trail(child)
    record_view_child(request, child)
    return render(request, "kinderen/child_detail.html", context)


def child_detail_extra(request: HttpRequest, child: Child) -> dict:
    """Extension point: the conversations app adds the timeline here."""
    from gesprekken.selectors import child_timeline_context  # noqa: PLC0415

    return child_timeline_context(request, child)


@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """Find a child or parent by name within scope.

    The form is posted, not sent as a query string, so names never end up in URLs or logs.
    """
    children: list[Child] = []
    parents: list[Parent] = []
    searched = False
    if request.method == "POST":
        form = SearchForm(request.POST)
        if form.is_valid():
            searched = True
            term = form.cleaned_data["q"]
            children = list(
                Child.objects.visible_to(request.user)
                .search_name(term)
                .select_related("group")[:SEARCH_LIMIT]
            )
            parents = list(Parent.objects.visible_to(request.user).search_name(term)[:SEARCH_LIMIT])
            record(request=request, action=Action.VIEW, object_type="search")
    else:
        form = SearchForm()
    return render(
        request,
        "kinderen/search.html",
        {
            "form": form,
            "children": children,
            "parents": parents,
            "searched": searched,
            "limit": SEARCH_LIMIT,
        },
    )
