from .conversation import (
    Conversation,
    ConversationKind,
    Interpreter,
    OwnStance,
    ParentStance,
    Tone,
    Topic,
)
from .feedback import Feedback
from .followup import FollowUp
from .preparation import Preparation
from .tips import Checklist, Tip, TipScore

__all__ = [
    "Checklist",
    "Conversation",
    "ConversationKind",
    "Feedback",
    "FollowUp",
    "Interpreter",
    "OwnStance",
    "ParentStance",
    "Preparation",
    "Tip",
    "TipScore",
    "Tone",
    "Topic",
]
