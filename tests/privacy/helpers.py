"""Building complete records for the privacy tests: a conversation with everything attached."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence

from audit.models import Action
from audit.services import record
from gesprekken.models import Conversation, Preparation
from gesprekken.services import conversation_log, feedback_give, follow_up_set_done

from .conftest import AMSTERDAM


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=AMSTERDAM)


def full_conversation(
    author,
    child,
    *,
    when: datetime.datetime,
    parents: Sequence = (),
    manager=None,
    text: str = "Gesprek",
) -> Conversation:
    """A sit-down talk with tip scores, an agreement (done, so it has history), coaching
    feedback (when a manager is given) and a preparation note."""
    conversation, created = conversation_log(
        author=author.staff_member,
        child=child,
        idempotency_key=uuid.uuid4(),
        fields={
            "kind": "tienminutengesprek",
            "occurred_at": when,
            "duration_minutes": 12,
            "topics": ["slapen", "taal"],
            "topics_other": f"{text}: zwemles",
            "tone": "fijn",
            "summary": f"{text}: samenvatting over het slapen, café-stijl é",
            "parent_view": f"{text}: ouders zien het thuis anders",
            "parent_stance": "timide",
            "own_stance": "naast",
            "language": "nl",
            "interpreter": "geen",
            "escalated": False,
            "ended_early": True,
            "reflection_went_well": f"{text}: goed geluisterd",
            "reflection_next_time": f"{text}: eerder vragen stellen",
            "preparation_notes": f"{text}: voorbereid met de mentor",
            "staff_seconds": 300,
            "parent_seconds": 280,
        },
        parents=list(parents),
        levels={1: 2, 5: 3, 9: 1},
        follow_ups=[
            {
                "description": f"{text}: slaapritme bijhouden",
                "owner_parent": parents[0] if parents else None,
                "due_date": when.date() + datetime.timedelta(days=14),
            }
        ],
    )
    assert created
    follow_up_set_done(
        follow_up=conversation.follow_ups.get(), done=True, changed_by=author
    )  # writes a history row of the agreement
    if manager is not None:
        feedback_give(
            conversation=conversation,
            author=manager.staff_member,
            went_well=f"{text}: rustig gebleven",
            next_time=f"{text}: vraag door",
        )
    Preparation.objects.create(
        child=child,
        author=author.staff_member,
        notes=f"{text}: vragen voor het gesprek",
        conversation=conversation,
    )
    return conversation


def audit_child(user, child, object_type: str = "child") -> None:
    record(
        request=None,
        user=user,
        action=Action.VIEW,
        object_type=object_type,
        object_id=child.pk,
        child_id=child.pk,
        location_id=child.location_id,
    )


def audit_parent(user, parent, object_type: str = "parent") -> None:
    record(
        request=None, user=user, action=Action.VIEW, object_type=object_type, object_id=parent.pk
    )
