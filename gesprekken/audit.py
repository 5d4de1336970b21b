"""The audit trail's entry for a conversation page or change."""

from django.http import HttpRequest

from audit.services import record

from .models import Conversation


def audit_conversation(
    request: HttpRequest,
    action: str,
    conversation: Conversation,
    *,
    object_type: str = "conversation",
    object_id: int | None = None,
) -> None:
    record(
        request=request,
        action=action,
        object_type=object_type,
        object_id=object_id or conversation.pk,
        child_id=conversation.child_id,
        location_id=conversation.location_id,
    )
