"""The columns of a conversation that follow from its other fields, computed in one place.

- ``location_id``: the child's location when the talk is first saved; kept afterwards
  (a talk stays where it took place when the child moves). Scoping and the manager's
  filters use this one indexed column.
- ``participation_discussed``: parent participation is among the topics (tip 4).
- ``day``: the local calendar day of ``occurred_at`` (settings.TIME_ZONE), the key of
  the daily rollups; SQLite cannot convert time zones in a query.
- ``score_percentage``, ``score_scored``, ``score_applicable``, ``score_complete``: the
  tip score of the given levels (whole percent, rounded half up) and whether it is
  complete enough to count, only when levels are given (a save without them keeps it).

``derive`` computes them from plain values; ``fill_derived`` puts them on a
Conversation (its ``save()`` and the services); the bulk seeder, which writes plain rows,
calls ``derive`` per row. ``LocalDayField`` applies the same ``local_day`` on every
insert path, ``bulk_create`` included. This module imports no models.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from .scoring import GivenLevel, ScoreResult, TipRule, score_conversation
from .vocabulary import Topic

if TYPE_CHECKING:
    from .models import Conversation

Scorer = Callable[..., ScoreResult]


def local_day(moment: datetime.datetime) -> datetime.date:
    """The calendar day in the Netherlands (settings.TIME_ZONE; a naive moment is taken
    as local time)."""
    if timezone.is_naive(moment):
        return moment.date()
    return moment.astimezone(timezone.get_default_timezone()).date()


@dataclass(slots=True)
class Derived:
    """One conversation's derived columns, with the score they came from (if scored)."""

    location_id: int | None
    participation_discussed: bool
    day: datetime.date | None
    score: ScoreResult | None = None

    def columns(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "location_id": self.location_id,
            "participation_discussed": self.participation_discussed,
            "day": self.day,
        }
        if self.score is not None:
            values["score_percentage"] = self.score.percentage
            values["score_scored"] = self.score.scored
            values["score_applicable"] = self.score.applicable
            values["score_complete"] = self.score.complete
        return values


def score_of(
    *,
    rules: Sequence[TipRule],
    kind: str,
    parent_stance: str,
    participation_discussed: bool,
    staff_seconds: int | None,
    parent_seconds: int | None,
    levels: Mapping[int, GivenLevel],
    score: Scorer = score_conversation,
) -> ScoreResult:
    """A conversation's score from its stored fields (an empty stance is "not noted")."""
    return score(
        rules=rules,
        kind=kind,
        parent_stance=parent_stance or None,
        participation_discussed=participation_discussed,
        levels=levels,
        speaking_seconds=(staff_seconds, parent_seconds),
    )


def derive(
    *,
    location_id: int | None,
    occurred_at: datetime.datetime | None,
    kind: str,
    topics: Iterable[str] | None,
    parent_stance: str,
    staff_seconds: int | None,
    parent_seconds: int | None,
    levels: Mapping[int, GivenLevel] | None = None,
    rules: Sequence[TipRule] = (),
    score: Scorer = score_conversation,
) -> Derived:
    """The derived columns of a conversation with these fields.

    ``location_id`` is the location already stored, else the child's. ``score`` lets a
    bulk writer pass a memoised ``score_conversation`` (same arguments, same result).
    """
    participation = Topic.PARTICIPATION in (topics or ())
    result = None
    if levels is not None:
        result = score_of(
            rules=rules,
            kind=kind,
            parent_stance=parent_stance,
            participation_discussed=participation,
            staff_seconds=staff_seconds,
            parent_seconds=parent_seconds,
            levels=levels,
            score=score,
        )
    return Derived(
        location_id=location_id,
        participation_discussed=participation,
        day=local_day(occurred_at) if isinstance(occurred_at, datetime.datetime) else None,
        score=result,
    )


def fill_derived(
    conversation: Conversation,
    *,
    levels: Mapping[int, GivenLevel] | None = None,
    rules: Sequence[TipRule] = (),
) -> Derived:
    """Put the derived columns on a conversation (scored too when levels are given)."""
    derived = derive(
        location_id=_location_id(conversation),
        occurred_at=conversation.occurred_at,
        kind=conversation.kind,
        topics=conversation.topics,
        parent_stance=conversation.parent_stance,
        staff_seconds=conversation.staff_seconds,
        parent_seconds=conversation.parent_seconds,
        levels=levels,
        rules=rules,
    )
    for name, value in derived.columns().items():
        setattr(conversation, name, value)
    return derived


def _location_id(conversation: Conversation) -> int | None:
    """The stored location, else the child's: from the child already loaded (as in the
    services), else with one query."""
    if conversation.location_id is not None or conversation.child_id is None:
        return conversation.location_id
    child_field = conversation._meta.get_field("child")
    if child_field.is_cached(conversation):
        return conversation.child.location_id
    return (
        child_field.related_model.objects.filter(pk=conversation.child_id)
        .values_list("location_id", flat=True)
        .get()
    )
