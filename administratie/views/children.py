"""Children in the administration: the list (search, filters, paging), enrolling a child,
and a child's administration page (names, birth date, group, mentor, start and end of
care). Managers see the children of their locations, admins those of the organisation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.services import record_view_child
from kinderen.models import Child
from organisatie.access import require_manager
from ouderportaal.service_errors import add_service_errors
from ouders.models import ChildParent

from ..forms.children import (
    STATUS_ALL,
    STATUS_ENDED,
    ChildEditForm,
    ChildFilterForm,
    ChildForm,
)
from ..forms.parents import NameSearchForm
from ..services import children as services
from .name_search import PARAM, keep_term, kept_term, list_query

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def admin_child_list(request: HttpRequest) -> HttpResponse:
    """Search by name (posted: names stay out of the URL), filter by location, group and
    care, page through; fast at 20,000 children (indexed filters, one page of rows)."""
    scope = require_manager(request.user)
    if request.method == "POST":
        search = NameSearchForm(request.POST)
        term = search.cleaned_data["q"] if search.is_valid() else ""
        filters = ChildFilterForm(request.POST, user=request.user)
        params = filters.cleaned_data if filters.is_valid() else {}
        query = list_query(
            {
                "locatie": getattr(params.get("locatie"), "pk", ""),
                "groep": getattr(params.get("groep"), "pk", ""),
                "status": params.get("status", ""),
                PARAM: keep_term(request, term) if term else "",
            }
        )
        return redirect(f"{reverse('admin_child_list')}{'?' if query else ''}{query}")

    term = kept_term(request)
    filters = ChildFilterForm(request.GET, user=request.user)
    params = filters.cleaned_data if filters.is_valid() else {}
    children = Child.objects.visible_to(request.user).select_related(
        "group", "location", "mentor__user"
    )
    if params.get("locatie"):
        children = children.filter(location=params["locatie"])
    if params.get("groep"):
        children = children.filter(group=params["groep"])
    today = timezone.localdate()
    status = params.get("status") or ""
    if status == STATUS_ENDED:
        children = children.filter(end_date__lt=today)
    elif status != STATUS_ALL:
        children = children.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    if term:
        children = children.search_name(term)
    children = children.order_by("last_name", "first_name", "pk")
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = list_query(
        {
            "locatie": request.GET.get("locatie", "") if params.get("locatie") else "",
            "groep": request.GET.get("groep", "") if params.get("groep") else "",
            "status": status,
            PARAM: request.GET.get(PARAM, "") if term else "",
        }
    )
    return render(
        request,
        "administratie/children_list.html",
        {
            "page": page,
            "filters": filters,
            "search": NameSearchForm(initial={"q": term}),
            "term": term,
            "scope": scope,
            "query": query,
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def admin_child_create(request: HttpRequest) -> HttpResponse:
    require_manager(request.user)
    form = ChildForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.enrol_child(by=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The child has been enrolled. Add a mentor and parents."))
            return redirect("admin_child_edit", pk=child.pk)
    return render(request, "administratie/children_create.html", {"form": form})


@require_http_methods(["GET", "POST"])
def admin_child_edit(request: HttpRequest, pk: int) -> HttpResponse:
    child = get_object_or_404(
        Child.objects.visible_to(request.user).select_related(
            "group__location", "location", "mentor__user"
        ),
        pk=pk,
    )
    require_manager(request.user)
    title = child.full_name
    initial = {
        name: getattr(child, name)
        for name in ("first_name", "last_name", "date_of_birth", "start_date", "end_date")
    }
    initial.update(group=child.group_id, mentor=child.mentor_id)
    form = ChildEditForm(request.POST or None, user=request.user, child=child, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = {name: form.cleaned_data[name] for name in form.changed_data}
            services.update_child(child=child, by=request.user, request=request, **changed)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The child's data have been saved."))
            if child.mentor_cleared:
                messages.warning(
                    request,
                    _(
                        "The mentor does not work at the new location and has been removed: "
                        "choose a mentor of the new location."
                    ),
                )
            return redirect("admin_child_edit", pk=child.pk)
        # A refused change may have been applied to the object in memory: show it as stored.
        child.refresh_from_db()
    else:
        record_view_child(request, child)
    links = ChildParent.objects.filter(child=child).select_related("parent")
    return render(
        request,
        "administratie/children_edit.html",
        {"form": form, "child": child, "title": title, "links": links},
    )
