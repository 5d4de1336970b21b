"""Writes that touch several models: logging, editing and deleting conversations."""

from __future__ import annotations

import datetime
import time
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, CharField, F, Q, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from kinderen.models import Child
from organisatie.models import StaffMember
from ouders.models import Parent

from .derived import fill_derived, score_of
from .models import Conversation, Feedback, FollowUp, PlannedTalk, Preparation, Tip, TipScore
from .scoring import NOT_APPLICABLE, GivenLevel, ScoreResult
from .vocabulary import HANDOVER_KINDS


class ConversationConflict(Exception):
    """Someone else saved the conversation since this user opened it."""

    def __init__(self, current: Conversation) -> None:
        super().__init__("conversation changed since it was opened")
        self.current = current


class DuplicateKeyOfAnotherAuthor(Exception):
    pass


# The ten tips are reference data (a data migration; changed in the admin at most): each
# worker keeps them for a minute instead of querying them on every page. A change
# through the ORM clears this worker's copy at once (signals in apps.py); other workers
# pick it up within TIPS_CACHE_SECONDS.
TIPS_CACHE_SECONDS = 60
_tips_cache: tuple[float, list[Tip]] | None = None


def standard_tips() -> list[Tip]:
    global _tips_cache  # noqa: PLW0603 - a per-process cache of reference data
    now = time.monotonic()
    if _tips_cache is None or _tips_cache[0] <= now:
        _tips_cache = (now + TIPS_CACHE_SECONDS, list(Tip.objects.standard()))
    return list(_tips_cache[1])


def forget_standard_tips(**_kwargs) -> None:
    global _tips_cache  # noqa: PLW0603
    _tips_cache = None


def conversation_score(
    conversation: Conversation, levels: Mapping[int, GivenLevel], tips: list[Tip]
) -> ScoreResult:
    """The score of a stored conversation, tip by tip (its detail page)."""
    return score_of(
        rules=[tip.rule for tip in tips],
        kind=conversation.kind,
        parent_stance=conversation.parent_stance,
        participation_discussed=conversation.participation_discussed,
        staff_seconds=conversation.staff_seconds,
        parent_seconds=conversation.parent_seconds,
        levels=levels,
    )


def stored_levels(conversation: Conversation) -> dict[int, GivenLevel]:
    """The levels as the user gave them. A stored proposal of the meter is left out: the
    scoring proposes it again from the stored seconds (same seconds, same level)."""
    packed = getattr(conversation, LEVELS_ANNOTATION, _NOT_LOADED)
    if packed is not _NOT_LOADED:
        return _unpack_levels(packed)
    return {
        score.tip.number: NOT_APPLICABLE if score.level is None else score.level
        for score in conversation.tip_scores.all()
        if not score.proposed
    }


LEVELS_ANNOTATION = "packed_levels"
_NOT_LOADED = object()


def with_levels(conversations):
    """Conversations with their tip levels packed into one column ("number:level,...",
    "-" for n.v.t.): the detail page reads them without a query of its own."""
    score_table = TipScore._meta.db_table
    tip_table = Tip._meta.db_table
    outer = Conversation._meta.db_table
    item = (
        "t.number || ':' || COALESCE(CAST(s.level AS TEXT), '-')"
        " || CASE WHEN s.proposed THEN 'p' ELSE '' END"
    )
    aggregate = (
        f"STRING_AGG({item}, ',')" if connection.vendor == "postgresql" else f"GROUP_CONCAT({item})"
    )
    sql = (
        f"SELECT {aggregate} FROM {score_table} s JOIN {tip_table} t ON t.id = s.tip_id "  # noqa: S608
        f'WHERE s.conversation_id = "{outer}"."id"'
    )
    return conversations.annotate(**{LEVELS_ANNOTATION: RawSQL(sql, [], output_field=CharField())})  # noqa: S611


def _unpack_levels(packed: str | None) -> dict[int, GivenLevel]:
    levels: dict[int, GivenLevel] = {}
    for item in (packed or "").split(","):
        if item:
            number, level = item.split(":")
            if level.endswith("p"):
                continue  # the meter's proposal: proposed again from the seconds
            levels[int(number)] = NOT_APPLICABLE if level == "-" else int(level)
    return levels


def _apply_score(
    conversation: Conversation, levels: Mapping[int, GivenLevel], tips: list[Tip]
) -> list[TipScore]:
    """Fill the row's derived columns, the score included, and return the tip-score rows
    to store after saving it.

    Only the levels of applicable tips, explicit n.v.t. marks and the meter's proposal
    (marked as proposed) are kept.
    """
    result = fill_derived(conversation, levels=levels, rules=[tip.rule for tip in tips]).score
    by_number = {tip.number: tip for tip in tips}
    rows = []
    for tip_result in result.tips:
        tip = by_number.get(tip_result.number)
        if tip is None:
            continue
        if tip_result.marked_not_applicable:
            rows.append(TipScore(tip=tip, level=None))
        elif tip_result.scored:
            rows.append(TipScore(tip=tip, level=tip_result.level, proposed=tip_result.proposed))
    return rows


def _store_tip_scores(
    conversation: Conversation, scores: list[TipScore], *, replace: bool = True
) -> None:
    """Store the tip scores; ``replace=False`` for a conversation just created (no old
    rows to delete, and no query for them)."""
    if replace:
        conversation.tip_scores.all().delete()
    if not scores:
        return
    for score in scores:
        score.conversation = conversation
    bulk_create_with_history(scores, TipScore)


def _save_follow_ups(conversation: Conversation, follow_ups: Iterable[dict[str, Any]]) -> None:
    bulk_create_with_history(
        [FollowUp(conversation=conversation, **data) for data in follow_ups], FollowUp
    )


# A talk logged this many days either side of a planned talk's date is that talk.
PLANNED_TALK_DAYS = 7


def _close_planned_talk(conversation: Conversation) -> None:
    """A sit-down talk logged near the date of a planned talk of the same child and kind is
    that talk: its questions close for the parents (``PlannedTalk.held``)."""
    if conversation.is_handover:
        return
    window = datetime.timedelta(days=PLANNED_TALK_DAYS)
    planned = (
        PlannedTalk.objects.filter(
            child_id=conversation.child_id,
            kind=conversation.kind,
            held__isnull=True,
            planned_for__range=(conversation.day - window, conversation.day + window),
        )
        .order_by("planned_for", "pk")
        .first()
    )
    if planned is not None:
        planned.held = conversation
        planned.save(update_fields=["held"])


def conversation_log(
    *,
    author: StaffMember,
    child: Child,
    idempotency_key: uuid.UUID,
    fields: Mapping[str, Any],
    parents: Iterable[Parent] = (),
    co_staff: Iterable[StaffMember] = (),
    levels: Mapping[int, GivenLevel] | None = None,
    follow_ups: Iterable[dict[str, Any]] = (),
    formset=None,
    preparation: Preparation | None = None,
    earlier_checked: bool = False,
) -> tuple[Conversation, bool]:
    """Log a conversation once. Returns (conversation, created).

    The same idempotency key (a double tap, the back button, a resubmit on flaky
    Wi-Fi) returns the conversation saved the first time; the unique constraint
    on the key decides between parallel requests. ``earlier_checked``: the caller
    has looked for an earlier submission itself (the door, gesprekken/door.py).
    """
    if not earlier_checked:
        earlier = _earlier_submission(
            idempotency_key=idempotency_key, author=author, child=child, fields=fields
        )
        if earlier is not None:
            return earlier, False
    tips = standard_tips()
    try:
        with transaction.atomic():
            conversation = Conversation(
                author=author,
                child=child,
                idempotency_key=idempotency_key,
                **fields,
            )
            scores = _apply_score(conversation, levels or {}, tips)
            conversation.save()
            _link_new(conversation, "parents", parents)
            _link_new(conversation, "co_staff", co_staff)
            _store_tip_scores(conversation, scores, replace=False)
            if follow_ups:
                _save_follow_ups(conversation, follow_ups)
            if formset is not None:
                formset.instance = conversation
                formset.save()
            if preparation is not None:
                preparation.conversation = conversation
                preparation.save(update_fields=["conversation"])
            _close_planned_talk(conversation)
    except IntegrityError:
        existing = Conversation.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return _same_author(existing, author), False
    return conversation, True


def _link_new(conversation: Conversation, name: str, targets: Iterable) -> None:
    """Fill a many-to-many of a conversation just created: one INSERT, where set() would
    first read the (empty) list of existing links."""
    targets = list(targets)
    if not targets:
        return
    field = Conversation._meta.get_field(name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    through.objects.bulk_create(
        [through(**{f"{source}_id": conversation.pk, f"{target}_id": t.pk}) for t in targets]
    )


HANDOVER_REPEAT_WINDOW = datetime.timedelta(minutes=5)


def _earlier_submission(
    *, idempotency_key: uuid.UUID, author: StaffMember, child: Child, fields: Mapping[str, Any]
) -> Conversation | None:
    """The conversation this form already saved, looked up in one query: the same
    idempotency key (a double tap, a resubmit on flaky Wi-Fi), or, for a handover, the
    same one saved moments ago from a reloaded form (the back button brings a fresh form
    with a new key): the same author, child, kind, tone and note."""
    same = Q(idempotency_key=idempotency_key)
    kind = fields.get("kind")
    if kind in HANDOVER_KINDS and "occurred_at" not in fields:
        same |= Q(
            author=author,
            child=child,
            kind=kind,
            tone=fields.get("tone", ""),
            summary=fields.get("summary", ""),
            created_at__gte=timezone.now() - HANDOVER_REPEAT_WINDOW,
        )
    # The one with this key first, whatever else matches.
    key_first = Case(When(idempotency_key=idempotency_key, then=0), default=1)
    found = Conversation.objects.filter(same).order_by(key_first, "-created_at").first()
    if found is not None and str(found.idempotency_key) == str(idempotency_key):
        return _same_author(found, author)
    return found


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
    levels: Mapping[int, GivenLevel],
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
        conversation=conversation,
        author=author,
        recipient_id=conversation.author_id,
        went_well=went_well,
        next_time=next_time,
        tip=tip,
    )


def feedback_mark_read(*, conversation: Conversation) -> int:
    """The author has seen the feedback on their conversation."""
    return Feedback.objects.filter(conversation=conversation, read_at__isnull=True).update(
        read_at=timezone.now()
    )
