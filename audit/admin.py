from django.contrib import admin
from django.http import Http404

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail can be inspected, never edited or deleted."""

    list_display = ["at", "user", "action", "object_type", "object_id", "child_id", "ip"]
    list_filter = ["action", "object_type"]
    date_hierarchy = "at"
    show_full_result_count = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.visible_to(request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404  # outside the scope, as in the app

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
