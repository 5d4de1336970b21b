"""Parents in the administration: the list (search, paging), adding a parent (from a
child's page: linked to that child at once), a parent's administration page (contact
details, language, interpreter, what they like to help with) and their links to children
(relationship, parental authority, primary contact): add, change, remove.

Managers see the parents of their locations' children, and of a parent only the links to
those children; admins the whole organisation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import Action
from audit.services import record
from kinderen.models import Child
from organisatie.access import require_manager
from organisatie.models import Organization
from ouderportaal.fields import parse_id
from ouderportaal.service_errors import add_service_errors
from ouders.models import ChildParent, Parent

from ..forms.parents import ChildPickForm, LinkForm, NameSearchForm, NewParentLinkForm, ParentForm
from ..services import parents as services
from .name_search import PARAM, keep_term, kept_term, list_query

PAGE_SIZE = 50
PICK_LIMIT = 25


class _Refused(Exception):
    """A service refused; its errors are on the forms already."""


@require_http_methods(["GET", "POST"])
def admin_parent_list(request: HttpRequest) -> HttpResponse:
    """Search by name (posted: names stay out of the URL) and page through; fast at 35,000
    parents (one page of rows, their visible children in one more query)."""
    scope = require_manager(request.user)
    if request.method == "POST":
        search = NameSearchForm(request.POST)
        term = search.cleaned_data["q"] if search.is_valid() else ""
        query = list_query({PARAM: keep_term(request, term) if term else ""})
        return redirect(f"{reverse('admin_parent_list')}{'?' if query else ''}{query}")
    term = kept_term(request)
    parents = Parent.objects.visible_to(request.user).prefetch_related(
        Prefetch(
            "child_links",
            queryset=ChildParent.objects.visible_to(request.user)
            .select_related("child")
            .order_by("child__first_name"),
            to_attr="visible_links",
        )
    )
    if term:
        parents = parents.search_name(term)
    parents = parents.order_by("last_name", "first_name", "pk")
    page = Paginator(parents, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "administratie/parents_list.html",
        {
            "page": page,
            "search": NameSearchForm(initial={"q": term}),
            "term": term,
            "scope": scope,
            "query": list_query({PARAM: request.GET.get(PARAM, "") if term else ""}),
        },
    )


@require_http_methods(["GET", "POST"])
def admin_parent_create(request: HttpRequest) -> HttpResponse:
    """A new parent; from a child's page (``?voor_kind=<id>``) linked to that child at once.

    A manager adds parents from a child's page only: a parent without a child at their
    locations would vanish from their view the moment it was saved.
    """
    scope = require_manager(request.user)
    child = None
    child_id = parse_id(request.POST.get("voor_kind") or request.GET.get("voor_kind"))
    if child_id is not None:
        child = get_object_or_404(
            Child.objects.visible_to(request.user).select_related("group"), pk=child_id
        )
    context: dict = {"child": child, "scope": scope}
    if child is None and not scope.is_admin:
        return render(request, "administratie/parents_create.html", context)
    organization = Organization.objects.get(pk=scope.organization_id)
    data = request.POST if request.method == "POST" else None
    form = ParentForm(data, instance=Parent(organization=organization))
    link_form = NewParentLinkForm(data) if child else None
    if data is not None and form.is_valid() and (link_form is None or link_form.is_valid()):
        try:
            with transaction.atomic():
                parent = _create(request, form, link_form, child, organization)
        except _Refused:
            pass
        else:
            messages.success(request, _("The parent has been added."))
            if child is not None and not scope.is_admin:
                return redirect("admin_child_edit", pk=child.pk)
            return redirect("admin_parent_edit", pk=parent.pk)
    context.update(form=form, link_form=link_form)
    return render(request, "administratie/parents_create.html", context)


def _create(request, form, link_form, child, organization) -> Parent:
    try:
        parent = services.create_parent(
            organization=organization, by=request.user, request=request, **form.cleaned_data
        )
    except ValidationError as error:
        add_service_errors(form, error)
        raise _Refused from None
    if child is not None:
        try:
            services.link_parent(
                child=child,
                parent=parent,
                by=request.user,
                request=request,
                **link_form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(link_form, error)
            raise _Refused from None
    return parent


@require_http_methods(["GET", "POST"])
def admin_parent_edit(request: HttpRequest, pk: int) -> HttpResponse:
    parent = get_object_or_404(Parent.objects.visible_to(request.user), pk=pk)
    require_manager(request.user)
    title = parent.full_name
    form = ParentForm(request.POST or None, instance=parent)
    if request.method == "POST" and form.is_valid():
        try:
            changed = {name: form.cleaned_data[name] for name in form.changed_data}
            services.update_parent(parent=parent, by=request.user, request=request, **changed)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The parent's data have been saved."))
            return redirect("admin_parent_edit", pk=parent.pk)
    else:
        record(request=request, action=Action.VIEW, object_type="parent", object_id=parent.pk)
    links = (
        ChildParent.objects.visible_to(request.user)
        .filter(parent=parent)
        .select_related("child__group", "child__location")
        .order_by("child__first_name")
    )
    return render(
        request,
        "administratie/parents_edit.html",
        {"form": form, "parent": parent, "title": title, "links": links},
    )


@require_http_methods(["GET", "POST"])
def admin_parent_link_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a parent to one more child: find the child by name, pick it, say how they are
    related. Two steps in one form; the name is posted, never in the URL."""
    parent = get_object_or_404(Parent.objects.visible_to(request.user), pk=pk)
    require_manager(request.user)
    search = NameSearchForm(request.POST or None)
    term = search.cleaned_data["q"] if search.is_valid() else ""
    found: list[Child] = []
    if term:
        found = list(
            Child.objects.visible_to(request.user)
            .search_name(term)
            .exclude(parent_links__parent=parent)
            .select_related("group", "location")
            .order_by("first_name", "last_name")[:PICK_LIMIT]
        )
    picking = request.method == "POST" and request.POST.get("stap") == "koppel"
    pick = ChildPickForm(request.POST if picking else None, children=found)
    link_form = LinkForm(request.POST if picking else None)
    if picking and pick.is_valid() and link_form.is_valid():
        child = next(c for c in found if c.pk == pick.cleaned_data["child"])
        try:
            services.link_parent(
                child=child,
                parent=parent,
                by=request.user,
                request=request,
                **link_form.cleaned_data,
            )
        except ValidationError as error:
            if "child" in getattr(error, "error_dict", {}):
                add_service_errors(pick, error)
            else:
                add_service_errors(link_form, error)
        else:
            messages.success(request, _("The parent has been linked to the child."))
            return redirect("admin_parent_edit", pk=parent.pk)
    return render(
        request,
        "administratie/parents_link_add.html",
        {
            "parent": parent,
            "search": search,
            "term": term,
            "found": found,
            "pick": pick,
            "link_form": link_form,
            "limit": PICK_LIMIT,
        },
    )


@require_http_methods(["GET", "POST"])
def admin_parent_link_edit(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(
        ChildParent.objects.visible_to(request.user).select_related("child__group", "parent"), pk=pk
    )
    require_manager(request.user)
    form = LinkForm(request.POST or None, instance=link)
    if request.method == "POST" and form.is_valid():
        try:
            changed = {name: form.cleaned_data[name] for name in form.changed_data}
            services.update_link(link=link, by=request.user, request=request, **changed)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The link has been saved."))
            return redirect("admin_parent_edit", pk=link.parent_id)
    return render(request, "administratie/parents_link_edit.html", {"form": form, "link": link})


@require_POST
def admin_parent_link_remove(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(
        ChildParent.objects.visible_to(request.user).select_related("child", "parent"), pk=pk
    )
    require_manager(request.user)
    services.unlink_parent(child=link.child, parent=link.parent, by=request.user, request=request)
    messages.success(request, _("The link has been removed; the parent's data are kept."))
    # Without a child here, a manager no longer sees the parent: back to the child then.
    if Parent.objects.visible_to(request.user).filter(pk=link.parent_id).exists():
        return redirect("admin_parent_edit", pk=link.parent_id)
    return redirect("admin_child_edit", pk=link.child_id)
