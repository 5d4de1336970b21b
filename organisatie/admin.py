"""The admin site for the platform's operators, scoped for everyone else.

Superusers (the operators) see everything. Any other staff user (an organisation admin,
see organisatie/admin_site.py) sees, picks and filters only records of their own scope,
exactly as in the app: ``visible_to(user)`` on every queryset, form field and list filter,
and a record outside the scope is a 404 like a missing one.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.db import models
from django.http import Http404, HttpRequest

from .access import users_visible_to
from .models import Group, Location, Organization, StaffMember


def _scoped(queryset: models.QuerySet, request: HttpRequest) -> models.QuerySet:
    if request.user.is_superuser:
        return queryset
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(request.user)
    if queryset.model is get_user_model():
        return users_visible_to(request.user, queryset)
    return queryset.none()


class ScopedFieldsMixin:
    """Choices in forms (foreign keys, many-to-many) only from the user's scope."""

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        kwargs["queryset"] = _scoped(db_field.related_model._default_manager.all(), request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        kwargs["queryset"] = _scoped(db_field.related_model._default_manager.all(), request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedInline(ScopedFieldsMixin, admin.TabularInline):
    """An inline whose choices are scoped; its rows follow the (scoped) parent object."""


class ScopedAdminMixin(ScopedFieldsMixin):
    """Non-superusers see, pick and filter only records within their scope."""

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return _scoped(super().get_queryset(request), request)

    def get_list_filter(self, request: HttpRequest):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        # A filter on a related model lists only the values present in the scoped rows:
        # no names of another organisation's locations.
        scoped = []
        for item in filters:
            if isinstance(item, str) and "__" not in item:
                field = self.model._meta.get_field(item)
                if field.is_relation:
                    item = (item, admin.RelatedOnlyFieldListFilter)
            scoped.append(item)
        return scoped

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Outside the scope is a 404, exactly like in the app (the admin would redirect).
        raise Http404

    def _require_in_scope(self, request: HttpRequest, object_id) -> None:
        if request.user.is_superuser:
            return
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404

    def history_view(self, request: HttpRequest, object_id, extra_context=None):
        # django-simple-history falls back to the latest historical row when the object
        # is not in get_queryset(): that would show another organisation's record.
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class SuperuserOnlyAdminMixin:
    """For the platform's operators alone: invisible to every other staff user."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return self.has_module_permission(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request) and super().has_delete_permission(request, obj)


@admin.register(Organization)
class OrganizationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "reach_alert_weeks", "retention_months"]
    search_fields = ["name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(Location)
class LocationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "city", "organization"]
    list_filter = ["organization"]
    search_fields = ["name", "city"]


@admin.register(Group)
class GroupAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "location", "care_type"]
    list_filter = ["care_type", "location"]
    search_fields = ["name", "location__name"]
    list_select_related = ["location"]


@admin.register(StaffMember)
class StaffMemberAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["display_name", "role", "organization"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    filter_horizontal = ["locations", "groups"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user"]
