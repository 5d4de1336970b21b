"""Who may change what, inside the scope that visible_to() already enforces."""

from organisatie.access import scope_for

from .models import Conversation


def can_edit(user, conversation: Conversation) -> bool:
    """The author, and managers and admins of the conversation's location."""
    scope = scope_for(user)
    if not scope.covers_location(conversation.location_id):
        return False
    return conversation.author_id == scope.staff_member_id or scope.is_manager


def can_delete(user, conversation: Conversation) -> bool:
    scope = scope_for(user)
    return scope.is_manager and scope.covers_location(conversation.location_id)
