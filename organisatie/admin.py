from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from .access import scope_for
from .models import Group, Location, Organization, StaffMember


class ScopedAdminMixin:
    """Non-superusers see and pick only records within their scope, as in the app itself."""

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        related = db_field.related_model
        if not request.user.is_superuser and hasattr(related.objects, "visible_to"):
            kwargs["queryset"] = related.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        related = db_field.related_model
        if not request.user.is_superuser and hasattr(related.objects, "visible_to"):
            kwargs["queryset"] = related.objects.visible_to(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "reach_alert_weeks", "retention_months"]
    search_fields = ["name"]

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk=scope_for(request.user).organization_id)


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
