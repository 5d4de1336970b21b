from django.db.models import QuerySet

from .models import AuditEvent

TRAIL_LENGTH = 20


def child_trail(child) -> QuerySet:
    """Who viewed or changed this child's records, newest first (for managers)."""
    return (
        AuditEvent.objects.filter(child_id=child.pk)
        .select_related("user")
        .only(
            "at", "action", "object_type", "user__first_name", "user__last_name", "user__username"
        )
        .order_by("-at", "-pk")[:TRAIL_LENGTH]
    )
