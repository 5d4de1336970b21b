"""The pages about a person: finding a child or parent by name, a child's page with its
timeline of conversations, a parent's page with the talks they took part in."""

import secrets
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
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
    The post redirects to a page that shows the results (POST-redirect-GET), so the back
    button from a result comes back to them without a "resubmit the form?" question. The
    results wait in the session under a random key; the URL carries only that key.
    """
    if request.method == "POST":
        form = SearchForm(request.POST)
        if form.is_valid():
            term = form.cleaned_data["q"]
            children = Child.objects.visible_to(request.user).search_name(term)
            parents = Parent.objects.visible_to(request.user).search_name(term)
            key = _keep_results(
                request,
                term,
                list(children.values_list("pk", flat=True)[:SEARCH_LIMIT]),
                list(parents.values_list("pk", flat=True)[:SEARCH_LIMIT]),
            )
            record(request=request, action=Action.VIEW, object_type="search")
            return redirect(f"{reverse('search')}?{urlencode({RESULT_PARAM: key})}")
        return _render_search(request, form)
    kept = request.session.get(SESSION_KEY, {}).get(request.GET.get(RESULT_PARAM, ""))
    if kept is None:
        return _render_search(request, SearchForm())
    # The ids are looked up again within the user's scope: what was visible when the search
    # ran may not be any more.
    children = list(
        Child.objects.visible_to(request.user)
        .filter(pk__in=kept["children"])
        .select_related("group")
    )
    parents = list(Parent.objects.visible_to(request.user).filter(pk__in=kept["parents"]))
    return _render_search(
        request, SearchForm(initial={"q": kept["term"]}), children, parents, searched=True
    )


SESSION_KEY = "search_results"
RESULT_PARAM = "resultaat"
KEPT_SEARCHES = 5


def _keep_results(request: HttpRequest, term: str, children: list[int], parents: list[int]) -> str:
    """Store a search's results in the session; the last few stay, so going back twice
    still finds them. Returns the random key the result page's URL carries."""
    kept = request.session.get(SESSION_KEY, {})
    key = secrets.token_urlsafe(8)
    kept[key] = {"term": term, "children": children, "parents": parents}
    # Dicts keep insertion order: drop the oldest.
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT_SEARCHES:])
    return key


def _render_search(
    request: HttpRequest,
    form: SearchForm,
    children: list[Child] | None = None,
    parents: list[Parent] | None = None,
    *,
    searched: bool = False,
) -> HttpResponse:
    return render(
        request,
        "kinderen/search.html",
        {
            "form": form,
            "children": children or [],
            "parents": parents or [],
            "searched": searched,
            "limit": SEARCH_LIMIT,
        },
    )


@require_GET
def parent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The portal account (if any) carries when the parent can help (tip 4).
    parent = get_object_or_404(
        Parent.objects.visible_to(request.user).select_related("account"), pk=pk
    )
    # Only the children this user may see: a parent can have a child at another location.
    links = (
        ChildParent.objects.filter(parent=parent, child__in=Child.objects.visible_to(request.user))
        .select_related("child__group")
        .order_by("child__first_name")
    )
    context = {
        "parent": parent,
        "child_links": links,
        "portal_account": getattr(parent, "account", None),
    }
    context.update(parent_conversations_context(request, parent))
    record(request=request, action=Action.VIEW, object_type="parent", object_id=parent.pk)
    return render(request, "ouders/parent_detail.html", context)
