"""Locations and their groups: admins create, change and close locations; managers and
admins create and change the groups of the locations they look after."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from organisatie.access import require_admin, require_location_manager, require_manager
from organisatie.models import Group, Location, Organization
from ouderportaal.service_errors import add_service_errors

from ..forms.places import (
    GroupForm,
    LocationForm,
    LocationSearchForm,
    NewGroupForm,
    NewLocationForm,
)
from ..services import places
from .name_search import list_query

PAGE_SIZE = 25


def _changed(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data}


@require_GET
def location_list(request: HttpRequest) -> HttpResponse:
    """The locations in the user's scope with their groups and how many children each has
    in care: open ones first."""
    scope = require_manager(request.user)
    form = LocationSearchForm(request.GET or None)
    term = form.cleaned_data["q"] if form.is_valid() else ""
    today = timezone.localdate()
    in_care = Q(children__start_date__lte=today) & (
        Q(children__end_date__isnull=True) | Q(children__end_date__gte=today)
    )
    groups = Group.objects.annotate(in_care=Count("children", filter=in_care)).order_by(
        "-is_active", "name"
    )
    locations = (
        Location.objects.visible_to(request.user)
        .order_by("-is_active", "name")
        .prefetch_related(Prefetch("groups", queryset=groups))
    )
    if term:
        locations = locations.filter(Q(name__icontains=term) | Q(city__icontains=term))
    page = Paginator(locations, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "administratie/places_list.html",
        {
            "page": page,
            "form": form,
            "scope": scope,
            "query": list_query({"q": term}),
        },
    )


@require_http_methods(["GET", "POST"])
def location_create(request: HttpRequest) -> HttpResponse:
    scope = require_admin(request.user)
    organization = Organization.objects.get(pk=scope.organization_id)
    form = NewLocationForm(request.POST or None, instance=Location(organization=organization))
    if request.method == "POST" and form.is_valid():
        try:
            location = places.create_location(
                organization=organization, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The location has been added."))
            return redirect("location_edit", pk=location.pk)
    return render(request, "administratie/places_location_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def location_edit(request: HttpRequest, pk: int) -> HttpResponse:
    location = get_object_or_404(Location.objects.visible_to(request.user), pk=pk)
    require_admin(request.user)
    title = location.name  # the form changes the instance while it validates
    form = LocationForm(request.POST or None, instance=location)
    if request.method == "POST" and form.is_valid():
        try:
            places.update_location(
                location=location, by=request.user, request=request, **_changed(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The location has been saved."))
            return redirect("location_list")
    groups = location.groups.order_by("-is_active", "name")
    return render(
        request,
        "administratie/places_location_form.html",
        {"form": form, "location": location, "title": title, "groups": groups},
    )


@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest, location_pk: int) -> HttpResponse:
    location = get_object_or_404(Location.objects.visible_to(request.user), pk=location_pk)
    require_location_manager(request.user, location.pk)
    form = NewGroupForm(request.POST or None, instance=Group(location=location))
    if request.method == "POST" and form.is_valid():
        try:
            places.create_group(
                location=location, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The group has been added."))
            return redirect("location_list")
    return render(
        request, "administratie/places_group_form.html", {"form": form, "location": location}
    )


@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(
        Group.objects.visible_to(request.user).select_related("location"), pk=pk
    )
    require_location_manager(request.user, group.location_id)
    title = group.name
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            places.update_group(group=group, by=request.user, request=request, **_changed(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The group has been saved."))
            return redirect("location_list")
    return render(
        request,
        "administratie/places_group_form.html",
        {"form": form, "location": group.location, "group": group, "title": title},
    )
