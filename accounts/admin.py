"""User accounts in the admin site: everything for the platform's operators, the own
organisation's accounts for an organisation admin, and never a field that grants more than
their role: no superuser, staff status, groups or permissions."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.http import Http404, HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisatie.admin import ScopedAdminMixin, SuperuserOnlyAdminMixin

from .models import AccessLink, KnownDevice

admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(ScopedAdminMixin, UserAdmin):
    # No filter on staff status, superuser or groups: not the organisation admin's business.
    list_filter = ["is_active"]

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        allowed = []
        for name, options in fieldsets:
            fields = [f for f in options["fields"] if f not in self.operator_only_fields]
            if fields:
                allowed.append((name, {**options, "fields": fields}))
        return allowed

    def user_change_password(self, request: HttpRequest, id, form_url=""):
        # Outside the scope is a 404 before any permission check, as everywhere.
        if not request.user.is_superuser and self.get_object(request, unquote(id)) is None:
            raise Http404
        return super().user_change_password(request, id, form_url)

    operator_only_fields = ("is_staff", "is_superuser", "groups", "user_permissions")

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        if not request.user.is_superuser and obj is not None:
            kwargs["fields"] = [
                f for name, options in self.get_fieldsets(request, obj) for f in options["fields"]
            ]
        return super().get_form(request, obj, change=change, **kwargs)


# The operators' own tools: permission groups, authenticators, login throttling records.
for model in (Group, TOTPDevice, StaticDevice, AccessAttempt, AccessFailureLog, AccessLog):
    if admin.site.is_registered(model):
        model_admin = type(admin.site.get_model_admin(model))
        admin.site.unregister(model)
        admin.site.register(
            model, type(model_admin.__name__, (SuperuserOnlyAdminMixin, model_admin), {})
        )


@admin.register(KnownDevice)
class KnownDeviceAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "created_at", "last_login_at", "locked_until"]
    readonly_fields = ["key_hash"]


@admin.register(AccessLink)
class AccessLinkAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: links are made and used through the app; the nonce is never shown."""

    list_display = ["user", "purpose", "created_at", "expires_at", "used_at", "created_by"]
    list_filter = ["purpose"]
    fields = ["user", "purpose", "language", "created_at", "expires_at", "used_at", "created_by"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
