"""The pages about a person: finding a child or parent by name, a child's page with its
timeline of conversations, a parent's page with the talks they took part in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import Action
from audit.selectors import child_trail
from audit.services import record, record_view_child
from kinderen.forms import SearchForm
from kinderen.models import Child
from organisatie.access import scope_for
from ouders.models import ChildParent, Parent

from ..selectors import child_timeline_context, parent_conversations_context

SEARCH_LIMIT = 25


@require_GET
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child = get_object_or_404(
        Child.objects.visible_to(request.user).select_related("group", "location", "mentor__user"),
        pk=pk,
    )
    parent_links = ChildParent.objects.filter(child=child).select_related("parent")
    context = {"child": child, "parent_links": parent_links}
    context.update(child_timeline_context(request, child))
    if scope_for(request.user).is_manager:
        context["audit_trail"] = child_trail(child)
    record_view_child(request, child)
    return render(request, "kinderen/child_detail.html", context)


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


@require_GET
def parent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    parent = get_object_or_404(Parent.objects.visible_to(request.user), pk=pk)
    # Only the children this user may see: a parent can have a child at another location.
    links = (
        ChildParent.objects.filter(parent=parent, child__in=Child.objects.visible_to(request.user))
        .select_related("child__group")
        .order_by("child__first_name")
    )
    context = {"parent": parent, "child_links": links}
    context.update(parent_conversations_context(request, parent))
    record(request=request, action=Action.VIEW, object_type="parent", object_id=parent.pk)
    return render(request, "ouders/parent_detail.html", context)
