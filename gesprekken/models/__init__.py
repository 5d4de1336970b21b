from .conversation import Conversation
from .feedback import Feedback
from .followup import FollowUp
from .preparation import Preparation
from .rollup import DayTipTotal, DayTotal
from .tips import Checklist, Tip, TipScore

__all__ = [
    "Checklist",
    "Conversation",
    "DayTipTotal",
    "DayTotal",
    "Feedback",
    "FollowUp",
    "Preparation",
    "Tip",
    "TipScore",
]
