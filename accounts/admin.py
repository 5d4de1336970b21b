"""Accounts in the admin site, the platform operators' tool (see organisatie/admin.py):
Django's own user admin, and the devices that skip the login throttle."""

from django.contrib import admin

from .models import KnownDevice


@admin.register(KnownDevice)
class KnownDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "last_login_at", "locked_until"]
    readonly_fields = ["key_hash"]
