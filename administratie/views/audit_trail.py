"""The organisation's audit trail: admins read their whole organisation's, managers that of
their own locations; pm'ers are refused (403). The privacy officer exports it as a CSV."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import Action
from audit.services import record
from kinderen.models import Child
from organisatie.access import require_manager
from ouderportaal.fields import parse_id
from ouders.models import Parent

from ..audit_trail import export_trail, trail_page
from ..filters import AuditTrailFilter, trail_visible_to
from ..forms.audit_trail import PersonSearchForm

AFTER_PARAM = "na"
PERSON_LIMIT = 25
PERSON_SESSION_KEY = "audit_trail_person"


def _filter(request: HttpRequest) -> AuditTrailFilter:
    return AuditTrailFilter(request.GET, queryset=trail_visible_to(request.user), request=request)


@require_GET
def audit_trail(request: HttpRequest) -> HttpResponse:
    scope = require_manager(request.user)
    filterset = _filter(request)
    after = parse_id(request.GET.get(AFTER_PARAM))
    page = trail_page(request.user, filterset.qs, after=after)
    # The valid filters apply even when another one is not (a mistyped date).
    cleaned = filterset.form.cleaned_data
    focus_child = focus_parent = None
    if child_id := cleaned.get("kind"):
        focus_child = Child.objects.visible_to(request.user).filter(pk=child_id).first()
    if parent_id := cleaned.get("ouder"):
        focus_parent = Parent.objects.visible_to(request.user).filter(pk=parent_id).first()
    if page.first:
        # Once per search, not per page paged through: reading the trail leaves a trace
        # without burying the trail under its own readings.
        record(
            request=request,
            action=Action.VIEW,
            object_type="audit_trail",
            child_id=focus_child.pk if focus_child else None,
            location_id=focus_child.location_id if focus_child else None,
        )
    params = request.GET.copy()
    params.pop(AFTER_PARAM, None)
    return render(
        request,
        "administratie/audit_trail.html",
        {
            "scope": scope,
            "filter": filterset,
            "page": page,
            "query": params.urlencode(),
            "focus_child": focus_child,
            "focus_parent": focus_parent,
            "after_param": AFTER_PARAM,
            "person_form": PersonSearchForm(),
        },
    )


def _trail_url(**params) -> str:
    return f"{reverse('audit_trail')}?{urlencode(params)}"


@require_http_methods(["GET", "POST"])
def audit_trail_person(request: HttpRequest) -> HttpResponse:
    """Find a child or parent by name to follow them in the log.

    The name is posted and the matches kept in the session (POST-redirect-GET), so it never
    ends up in a URL; one match goes straight to their log.
    """
    require_manager(request.user)
    if request.method == "POST":
        form = PersonSearchForm(request.POST)
        if form.is_valid():
            term = form.cleaned_data["q"]
            children = list(
                Child.objects.visible_to(request.user)
                .search_name(term)
                .order_by("first_name", "last_name", "pk")
                .values_list("pk", flat=True)[:PERSON_LIMIT]
            )
            parents = list(
                Parent.objects.visible_to(request.user)
                .search_name(term)
                .order_by("first_name", "last_name", "pk")
                .values_list("pk", flat=True)[:PERSON_LIMIT]
            )
            record(request=request, action=Action.VIEW, object_type="search")
            if len(children) + len(parents) == 1:
                if children:
                    return redirect(_trail_url(kind=children[0]))
                return redirect(_trail_url(ouder=parents[0]))
            request.session[PERSON_SESSION_KEY] = {
                "term": term,
                "children": children,
                "parents": parents,
            }
            return redirect("audit_trail_person")
        return render(request, "administratie/audit_trail_person.html", {"form": form})
    kept = request.session.get(PERSON_SESSION_KEY)
    if kept is None:
        return render(
            request, "administratie/audit_trail_person.html", {"form": PersonSearchForm()}
        )
    # Looked up again within the scope: what was visible when the search ran may not be now.
    children = (
        Child.objects.visible_to(request.user)
        .filter(pk__in=kept["children"])
        .select_related("group")
        .order_by("first_name", "last_name", "pk")
    )
    parents = (
        Parent.objects.visible_to(request.user)
        .filter(pk__in=kept["parents"])
        .order_by("first_name", "last_name", "pk")
    )
    return render(
        request,
        "administratie/audit_trail_person.html",
        {
            "form": PersonSearchForm(initial={"q": kept["term"]}),
            "children": children,
            "parents": parents,
            "searched": True,
            "limit": PERSON_LIMIT,
        },
    )


@require_GET
def audit_trail_export(request: HttpRequest) -> HttpResponse:
    """The filtered trail as a CSV for the privacy officer: the same scope and filters."""
    require_manager(request.user)
    return export_trail(request=request, events=_filter(request).qs)
