"""What a parent may read in the portal, built on the ``for_parent`` querysets beside the
models (gesprekken/models/sharing.py). Portal views and services fetch only through these."""

from __future__ import annotations

from django.db import models

from gesprekken.models import ConversationShare, FollowUp, ParentResponse, PreTalkAnswer
from ouders.models import Parent


def shared_with(parent: Parent | None):
    """The talks shared with ``parent`` (ConversationShare rows), about a child they see."""
    return ConversationShare.objects.for_parent(parent)


def parent_agreements(parent: Parent | None):
    """Agreements assigned to ``parent`` in a talk shared with them with its agreements."""
    if parent is None:
        return FollowUp.objects.none()
    shared = shared_with(parent).filter(share_agreements=True).values("conversation_id")
    return FollowUp.objects.filter(owner_parent_id=parent.pk, conversation_id__in=shared)


def answered_by(parent: Parent, conversation_ref: str = "conversation_id") -> models.Exists:
    """Whether ``parent`` answered the talk of the row (an annotation)."""
    return models.Exists(
        ParentResponse.objects.filter(
            parent_id=parent.pk, conversation_id=models.OuterRef(conversation_ref)
        )
    )


def questions_answered_by(parent: Parent) -> models.Exists:
    """Whether ``parent`` answered the questions of the planned talk of the row."""
    return models.Exists(
        PreTalkAnswer.objects.filter(parent_id=parent.pk, planned_talk_id=models.OuterRef("pk"))
    )
