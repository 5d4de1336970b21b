"""Writes that touch several models: logging, editing and deleting conversations."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from kinderen.models import Child
from organisatie.models import StaffMember
from ouders.models import Parent

from .models import Conversation, Feedback, FollowUp, Preparation, Tip, TipScore
from .scoring import (
    HANDOVER_KINDS,
    NOT_APPLICABLE,
    Level,
    parent_share,
    score_conversation,
)


class ConversationConflict(Exception):
    """Someone else saved the conversation since this user opened it."""

    def __init__(self, current: Conversation) -> None:
        super().__init__("conversation changed since it was opened")
        self.current = current


class DuplicateKeyOfAnotherAuthor(Exception):
    pass


def standard_tips() -> list[Tip]:
    return list(Tip.objects.standard())


def conversation_score(conversation: Conversation, levels: Mapping[int, Level], tips: list[Tip]):
    return score_conversation(
        rules=[tip.rule for tip in tips],
        kind=conversation.kind,
        parent_stance=conversation.parent_stance or None,
        participation_discussed=conversation.participation_discussed,
        levels=levels,
        parent_speaking_share=parent_share(conversation.staff_seconds, conversation.parent_seconds),
    )


def stored_levels(conversation: Conversation) -> dict[int, Level]:
    """The levels as the user gave them (a proposed tip-3 level is not stored)."""
    return {
        score.tip.number: NOT_APPLICABLE if score.level is None else score.level
        for score in conversation.tip_scores.all()
    }


def _apply_score(
    conversation: Conversation, levels: Mapping[int, Level], tips: list[Tip]
) -> list[TipScore]:
    """Put the score on the row and return the tip-score rows to store after saving it.

    Only the levels of applicable tips and explicit n.v.t. marks are kept.
    """
    conversation.participation_discussed = "ouderparticipatie" in (conversation.topics or [])
    result = conversation_score(conversation, levels, tips)
    kept = {t.number for t in result.tips if t.applicable or t.marked_not_applicable}
    by_number = {tip.number: tip for tip in tips}
    conversation.score_percentage = result.percentage
    conversation.score_scored = result.scored
    conversation.score_applicable = result.applicable
    return [
        TipScore(tip=by_number[number], level=None if level is NOT_APPLICABLE else level)
        for number, level in levels.items()
        if number in kept and number in by_number
    ]


def _store_tip_scores(conversation: Conversation, scores: list[TipScore]) -> None:
    conversation.tip_scores.all().delete()
    for score in scores:
        score.conversation = conversation
    bulk_create_with_history(scores, TipScore)


def _save_follow_ups(conversation: Conversation, follow_ups: Iterable[dict[str, Any]]) -> None:
    bulk_create_with_history(
        [FollowUp(conversation=conversation, **data) for data in follow_ups], FollowUp
    )


def conversation_log(
    *,
    author: StaffMember,
    child: Child,
    idempotency_key: uuid.UUID,
    fields: Mapping[str, Any],
    parents: Iterable[Parent] = (),
    co_staff: Iterable[StaffMember] = (),
    levels: Mapping[int, Level] | None = None,
    follow_ups: Iterable[dict[str, Any]] = (),
    formset=None,
    preparation: Preparation | None = None,
) -> tuple[Conversation, bool]:
    """Log a conversation once. Returns (conversation, created).

    The same idempotency key (a double tap, the back button, a resubmit on flaky
    Wi-Fi) returns the conversation saved the first time; the unique constraint
    on the key decides between parallel requests.
    """
    existing = Conversation.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_author(existing, author), False
    repeat = _repeated_handover(author=author, child=child, fields=fields)
    if repeat is not None:
        return repeat, False
    tips = standard_tips()
    try:
        with transaction.atomic():
            conversation = Conversation(
                author=author,
                child=child,
                location_id=child.location_id,
                idempotency_key=idempotency_key,
                **fields,
            )
            scores = _apply_score(conversation, levels or {}, tips)
            conversation.save()
            conversation.parents.set(parents)
            conversation.co_staff.set(co_staff)
            _store_tip_scores(conversation, scores)
            _save_follow_ups(conversation, follow_ups)
            if formset is not None:
                formset.instance = conversation
                formset.save()
            if preparation is not None:
                preparation.conversation = conversation
                preparation.save(update_fields=["conversation"])
    except IntegrityError:
        existing = Conversation.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return _same_author(existing, author), False
    return conversation, True


HANDOVER_REPEAT_WINDOW = datetime.timedelta(minutes=5)


def _repeated_handover(
    *, author: StaffMember, child: Child, fields: Mapping[str, Any]
) -> Conversation | None:
    """The same handover saved moments ago from a reloaded form (the back button brings a
    fresh form with a new key): the same author, child, kind, tone and note."""
    kind = fields.get("kind")
    if kind not in HANDOVER_KINDS or "occurred_at" in fields:
        return None
    return (
        Conversation.objects.filter(
            author=author,
            child=child,
            kind=kind,
            tone=fields.get("tone", ""),
            summary=fields.get("summary", ""),
            created_at__gte=timezone.now() - HANDOVER_REPEAT_WINDOW,
        )
        .order_by("-created_at")
        .first()
    )


def _same_author(conversation: Conversation, author: StaffMember) -> Conversation:
    if conversation.author_id != author.pk:
        raise DuplicateKeyOfAnotherAuthor
    return conversation


@transaction.atomic
def conversation_update(
    *,
    conversation: Conversation,
    expected_version: int,
    fields: Mapping[str, Any],
    parents: Iterable[Parent],
    co_staff: Iterable[StaffMember],
    levels: Mapping[int, Level],
    formset=None,
    changed_by,
) -> Conversation:
    """Save an edit only if nobody saved in between (the version check is in the UPDATE)."""
    claimed = Conversation.objects.filter(pk=conversation.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if claimed == 0:
        current = Conversation.objects.get(pk=conversation.pk)
        raise ConversationConflict(current)
    for name, value in fields.items():
        setattr(conversation, name, value)
    conversation.version = expected_version + 1
    scores = _apply_score(conversation, levels, standard_tips())
    conversation._history_user = changed_by
    conversation.save()
    conversation.parents.set(parents)
    conversation.co_staff.set(co_staff)
    _store_tip_scores(conversation, scores)
    if formset is not None:
        formset.instance = conversation
        formset.save()
    return conversation


@transaction.atomic
def conversation_delete(*, conversation: Conversation, reason: str, deleted_by) -> None:
    conversation._change_reason = reason
    conversation._history_user = deleted_by
    conversation.delete()


@transaction.atomic
def follow_up_set_done(*, follow_up: FollowUp, done: bool, changed_by) -> FollowUp:
    follow_up.done_at = timezone.now() if done else None
    follow_up._history_user = changed_by
    follow_up.save(update_fields=["done_at"])
    return follow_up


@transaction.atomic
def feedback_give(
    *,
    conversation: Conversation,
    author: StaffMember,
    went_well: str,
    next_time: str,
    tip: Tip | None = None,
) -> Feedback:
    return Feedback.objects.create(
        conversation=conversation, author=author, went_well=went_well, next_time=next_time, tip=tip
    )


def feedback_mark_read(*, conversation: Conversation) -> int:
    """The author has seen the feedback on their conversation."""
    return Feedback.objects.filter(conversation=conversation, read_at__isnull=True).update(
        read_at=timezone.now()
    )
