"""Accounts in the admin site, the platform operators' tool (see organisatie/admin.py):
Django's own user admin, and the devices that skip the login throttle."""

from django.contrib import admin
from django.http import HttpRequest

from .models import AccessLink, KnownDevice


@admin.register(KnownDevice)
class KnownDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "last_login_at", "locked_until"]
    readonly_fields = ["key_hash"]


@admin.register(AccessLink)
class AccessLinkAdmin(admin.ModelAdmin):
    """Read-only: links are made and used through the app; the nonce is never shown."""

    list_display = ["user", "purpose", "created_at", "expires_at", "used_at", "created_by"]
    list_filter = ["purpose"]
    fields = ["user", "purpose", "language", "created_at", "expires_at", "used_at", "created_by"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
