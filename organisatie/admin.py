"""The admin site (/beheer/) is the platform operators' tool alone.

Operators are Django superusers. Organisation admins look after their organisation in the
app (administratie/, under /organisatie/); the admin site lets no other account in, whatever
its staff flag or permissions say, so nothing here needs scoping to an organisation.
"""

from django.contrib import admin
from django.http import HttpRequest

from .models import Group, Location, Organization, StaffMember


def operators_only(request: HttpRequest) -> bool:
    """Replaces AdminSite.has_permission: an active superuser, nobody else."""
    user = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = operators_only


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "reach_alert_weeks", "retention_months"]
    search_fields = ["name"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "organization"]
    list_filter = ["organization"]
    search_fields = ["name", "city"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "location", "care_type"]
    list_filter = ["care_type", "location"]
    search_fields = ["name", "location__name"]
    list_select_related = ["location"]


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ["display_name", "role", "organization"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    filter_horizontal = ["locations", "groups"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user"]
