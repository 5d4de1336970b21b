from .conversation import Conversation
from .feedback import Feedback
from .followup import FollowUp
from .preparation import Preparation
from .sharing import (
    ConversationShare,
    FeltHeard,
    ParentResponse,
    PlannedTalk,
    PreTalkAnswer,
)
from .tips import Checklist, Tip, TipScore

__all__ = [
    "Checklist",
    "Conversation",
    "ConversationShare",
    "FeltHeard",
    "Feedback",
    "FollowUp",
    "ParentResponse",
    "PlannedTalk",
    "PreTalkAnswer",
    "Preparation",
    "Tip",
    "TipScore",
]
