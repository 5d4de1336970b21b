"""The organisation's audit trail: admins read their whole organisation's, managers that of
their own locations; pm'ers are refused (403). The privacy officer exports it as a CSV."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.models import Action
from audit.services import record
from kinderen.models import Child
from organisatie.access import require_manager
from ouderportaal.fields import parse_id
from ouders.models import Parent

from ..audit_trail import export_trail, trail_page
from ..filters import AuditTrailFilter, trail_visible_to

AFTER_PARAM = "na"


def _filter(request: HttpRequest) -> AuditTrailFilter:
    return AuditTrailFilter(request.GET, queryset=trail_visible_to(request.user), request=request)


@require_GET
def audit_trail(request: HttpRequest) -> HttpResponse:
    scope = require_manager(request.user)
    filterset = _filter(request)
    after = parse_id(request.GET.get(AFTER_PARAM))
    page = trail_page(request.user, filterset.qs, after=after)
    focus_child = focus_parent = None
    if filterset.form.is_valid():
        child_id = filterset.form.cleaned_data.get("kind")
        parent_id = filterset.form.cleaned_data.get("ouder")
        if child_id:
            focus_child = Child.objects.visible_to(request.user).filter(pk=child_id).first()
        if parent_id:
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
        },
    )


@require_GET
def audit_trail_export(request: HttpRequest) -> HttpResponse:
    """The filtered trail as a CSV for the privacy officer: the same scope and filters."""
    require_manager(request.user)
    return export_trail(request=request, events=_filter(request).qs)
