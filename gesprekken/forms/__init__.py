"""The conversation forms, one module per page."""

from .agreements import BaseFollowUpFormSet, FollowUpForm, FollowUpFormSet
from .common import NVT, ParentChoiceField, StaffChoiceField, child_parents, location_colleagues
from .conversation import ChecklistForm, ConversationForm
from .handover import HandoverEditForm, HandoverForm
from .pages import DeleteForm, FeedbackForm, PreparationForm

__all__ = [
    "NVT",
    "BaseFollowUpFormSet",
    "ChecklistForm",
    "ConversationForm",
    "DeleteForm",
    "FeedbackForm",
    "FollowUpForm",
    "FollowUpFormSet",
    "HandoverEditForm",
    "HandoverForm",
    "ParentChoiceField",
    "PreparationForm",
    "StaffChoiceField",
    "child_parents",
    "location_colleagues",
]
