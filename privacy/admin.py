from django.contrib import admin
from django.http import Http404, HttpRequest

from organisatie.access import scope_for
from organisatie.admin import ScopedAdminMixin

from .models import Consent, ErasureRecord


@admin.register(Consent)
class ConsentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["recipient", "child", "given_by", "given_on", "withdrawn_on"]
    list_filter = ["given_on", "withdrawn_on"]
    list_select_related = ["child", "given_by"]
    raw_id_fields = ["child", "given_by", "created_by"]
    date_hierarchy = "given_on"


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin):
    """Read-only: the log of what was erased, by whom and why."""

    list_display = ["at", "kind", "organization", "by_user"]
    list_filter = ["kind"]
    date_hierarchy = "at"

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        scope = scope_for(request.user)
        if not scope.is_admin:
            return queryset.none()
        return queryset.filter(organization_id=scope.organization_id)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
