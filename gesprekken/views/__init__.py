from .conversation import (
    conversation_create,
    conversation_delete,
    conversation_detail,
    conversation_edit,
    follow_up_toggle,
)
from .handover import handover, handover_edit, handover_undo_view
from .pages import my_conversations, prepare, tip_list

__all__ = [
    "conversation_create",
    "conversation_delete",
    "conversation_detail",
    "conversation_edit",
    "follow_up_toggle",
    "handover",
    "handover_edit",
    "handover_undo_view",
    "my_conversations",
    "prepare",
    "tip_list",
]
