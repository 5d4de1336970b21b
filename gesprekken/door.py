"""Correcting a talk at the door: undo, the small edit form, and a quick second tap.

- Undo: the author may take back a handover for UNDO_WINDOW after saving it (the banner
  offers it); it is deleted like any conversation, kept in the history with its reason.
- A second handover by the same author for the same child and moment within
  CORRECTION_WINDOW is a correction of the first (back, then another tone): the first
  is updated, its earlier state kept in the history, not a second talk logged.
- The small edit form (kind, tone, parents, note, reflection): the author on the day of
  the talk, and managers of its location.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _

from kinderen.models import Child
from organisatie.access import can_edit, scope_for
from organisatie.models import StaffMember
from ouders.models import Parent

from .derived import local_day
from .models import Conversation
from .scoring import GivenLevel
from .services import conversation_delete, conversation_update, stored_levels
from .vocabulary import HANDOVER_KINDS

UNDO_WINDOW = datetime.timedelta(minutes=10)
CORRECTION_WINDOW = datetime.timedelta(minutes=5)


def may_undo(user, conversation: Conversation, now: datetime.datetime | None = None) -> bool:
    """Only its author, only a handover, only for UNDO_WINDOW after it was saved."""
    now = now or timezone.now()
    scope = scope_for(user)
    return (
        conversation.kind in HANDOVER_KINDS
        and conversation.author_id == scope.staff_member_id
        and scope.covers_location(conversation.location_id)
        and now - conversation.created_at <= UNDO_WINDOW
    )


def may_edit_handover(user, conversation: Conversation) -> bool:
    """The small form: the author on the day of the talk; managers of its location."""
    if conversation.kind not in HANDOVER_KINDS or not can_edit(user, conversation):
        return False
    scope = scope_for(user)
    if scope.is_manager:
        return True
    return local_day(conversation.occurred_at) == timezone.localdate()


def earlier_handover(
    *, author: StaffMember, child: Child, kind: str, idempotency_key: uuid.UUID
) -> Conversation | None:
    """In one query: the talk saved with this form's key (a double tap), else the
    handover of this author, child and moment saved within CORRECTION_WINDOW, which a
    second tap repeats or corrects."""
    # Saved and taking place within the window: the door form logs "now".
    since = timezone.now() - CORRECTION_WINDOW
    recent = Q(author=author, child=child, kind=kind, created_at__gte=since, occurred_at__gte=since)
    key_first = Case(When(idempotency_key=idempotency_key, then=0), default=1)
    return (
        Conversation.objects.filter(Q(idempotency_key=idempotency_key) | recent)
        .order_by(key_first, "-created_at", "-pk")
        .first()
    )


def same_content(
    conversation: Conversation,
    fields: Mapping[str, object],
    parents: Iterable[Parent],
    levels: Mapping[int, GivenLevel],
) -> bool:
    """Whether a resubmitted handover says what the stored one says (then it is a repeat,
    not a correction)."""
    return (
        all(getattr(conversation, name) == value for name, value in fields.items())
        and {p.pk for p in parents} == set(conversation.parents.values_list("pk", flat=True))
        and dict(levels) == stored_levels(conversation)
    )


def handover_save_edit(
    *,
    conversation: Conversation,
    fields: Mapping[str, object],
    parents: Iterable[Parent],
    levels: Mapping[int, GivenLevel],
    changed_by,
    reason: str = "",
    expected_version: int | None = None,
) -> Conversation:
    """Save a correction or an edit of a handover (history kept, version checked)."""
    conversation._change_reason = reason
    return conversation_update(
        conversation=conversation,
        expected_version=conversation.version if expected_version is None else expected_version,
        fields=fields,
        parents=parents,
        co_staff=conversation.co_staff.all(),
        levels=levels,
        changed_by=changed_by,
    )


@transaction.atomic
def handover_undo(*, conversation: Conversation, undone_by) -> None:
    conversation_delete(
        conversation=conversation, reason=_("Undone at the door"), deleted_by=undone_by
    )
