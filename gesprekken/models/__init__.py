from .conversation import Conversation
from .feedback import Feedback
from .followup import FollowUp
from .preparation import Preparation
from .tips import Checklist, Tip, TipScore

__all__ = [
    "Checklist",
    "Conversation",
    "Feedback",
    "FollowUp",
    "Preparation",
    "Tip",
    "TipScore",
]
