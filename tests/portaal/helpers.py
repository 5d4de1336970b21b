"""Building what the parent portal shows: shared talks, agreements for a parent, planned
talks with questions (directly in the database: the staff side's services are tested in
their own files)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from gesprekken.models import ConversationShare, FollowUp, PlannedTalk


def share(
    conversation,
    parents: Iterable,
    *,
    summary_for_parents: str = "Emma speelt graag buiten.\nZe slaapt beter.",
    share_agreements: bool = True,
) -> ConversationShare:
    shared = ConversationShare.objects.create(
        conversation=conversation,
        summary_for_parents=summary_for_parents,
        share_agreements=share_agreements,
        shared_by=conversation.author,
    )
    shared.parents.set(list(parents))
    return shared


def agreement_for(conversation, parent, description: str = "Slaapritme thuis bijhouden"):
    return FollowUp.objects.create(
        conversation=conversation, description=description, owner_parent=parent
    )


def plan(
    child, parents: Iterable, *, days_ahead: int = 7, kind: str = "tienminutengesprek"
) -> PlannedTalk:
    planned = PlannedTalk.objects.create(
        child=child,
        kind=kind,
        planned_for=timezone.localdate() + datetime.timedelta(days=days_ahead),
        planned_by=child.mentor,
    )
    planned.parents.set(list(parents))
    return planned


# --- for the URL matrix (tests/security/test_url_matrix.py): built once per world ---------


def portal_share_for(world) -> ConversationShare:
    """conversation_a shared with parent_a, agreements included."""
    found = getattr(world, "_portal_share", None)
    if found is None:
        found = share(world.conversation_a, [world.parent_a])
        world._portal_share = found
    return found


def portal_agreement_for(world) -> FollowUp:
    """An agreement of parent_a in the shared conversation_a."""
    found = getattr(world, "_portal_agreement", None)
    if found is None:
        portal_share_for(world)
        found = agreement_for(world.conversation_a, world.parent_a)
        world._portal_agreement = found
    return found


def planned_talk_for(world) -> PlannedTalk:
    """A ten-minute talk about child_a next week, with questions for parent_a."""
    found = getattr(world, "_planned_talk", None)
    if found is None:
        found = plan(world.child_a, [world.parent_a])
        world._planned_talk = found
    return found
