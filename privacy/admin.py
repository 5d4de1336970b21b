from django.contrib import admin
from django.http import HttpRequest

from .models import Consent, ErasureRecord


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
