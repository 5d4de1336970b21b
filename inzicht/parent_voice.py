"""The parents' voice beside the staff's: "felt heard" per team (location) and month.

For the talks shared with parents (``ConversationShare``): the parents' average answer to
"did you feel heard?" (1-5, shown as a percentage of the scale), the staff's own score of
the same talks, the number of answers, and the share of shared talks that parents answered.

A cell's felt-heard figure is shown only when it rests on at least
``PARENT_VOICE_MIN_ANSWERS`` answers from at least ``PARENT_VOICE_MIN_PARENTS`` parents:
with fewer, a manager who knows who talked to whom could read one parent's answer from it.

Months are the talk's own local (Amsterdam) month: ``Conversation.day`` is the stored local
day. Three grouped queries whatever the number of talks: the shared talks per cell, the
answers per cell, and (when several locations are shown) the answers per month over all of
them, since distinct parents do not add up across locations.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from gesprekken.models import ParentResponse
from gesprekken.scoring import round_half_up

from .dashboard import Period

# Anonymity: a felt-heard figure only from this many answers of this many different parents.
PARENT_VOICE_MIN_ANSWERS = 5
PARENT_VOICE_MIN_PARENTS = 3
# The page's default: the current month and the five before it.
PARENT_VOICE_MONTHS = 6
# "Felt heard" runs from 1 (not at all) to 5 (completely).
_FELT_HEARD_MIN, _FELT_HEARD_MAX = 1, 5


def default_period(today: datetime.date) -> Period:
    """The last PARENT_VOICE_MONTHS calendar months, the current one included."""
    month, year = today.month - (PARENT_VOICE_MONTHS - 1), today.year
    while month < 1:
        month, year = month + 12, year - 1
    return Period(datetime.date(year, month, 1), today)


@dataclass
class Cell:
    """One team (or all teams) in one month."""

    month: datetime.date
    location_id: int | None = None  # None: all locations shown
    shares: int = 0  # talks shared with parents
    answered: int = 0  # of which at least one parent answered
    scored: int = 0  # talks with a felt-heard answer and a complete staff score
    score_tenths: int = 0  # the sum of their scores, in tenths of a percent
    answers: int = 0  # felt-heard answers
    parents: int = 0  # different parents behind them
    heard_sum: int = 0  # the sum of the answers (1-5 each)

    @property
    def enough(self) -> bool:
        return self.answers >= PARENT_VOICE_MIN_ANSWERS and self.parents >= PARENT_VOICE_MIN_PARENTS

    @property
    def felt_heard_percent(self) -> int | None:
        """The average answer as a percentage of the scale: 1 -> 0 %, 3 -> 50 %, 5 -> 100 %."""
        if not self.enough:
            return None
        span = _FELT_HEARD_MAX - _FELT_HEARD_MIN
        return round_half_up(
            100 * (self.heard_sum - _FELT_HEARD_MIN * self.answers), span * self.answers
        )

    @property
    def felt_heard_average(self) -> float | None:
        """The average answer on its own scale (1-5), one decimal."""
        if not self.enough:
            return None
        return round_half_up(10 * self.heard_sum, self.answers) / 10

    @property
    def staff_score(self) -> int | None:
        """The staff's own average score (%) of the same talks, whole percent."""
        if not self.scored:
            return None
        return round_half_up(self.score_tenths, 10 * self.scored)

    @property
    def answered_share(self) -> int | None:
        if not self.shares:
            return None
        return round_half_up(100 * self.answered, self.shares)

    def add_shares(self, other: Cell) -> None:
        self.shares += other.shares
        self.answered += other.answered
        self.scored += other.scored
        self.score_tenths += other.score_tenths


def _in_period(queryset: QuerySet, period: Period, location) -> QuerySet:
    # occurred_at rather than day: the conversation's indexes are on (location, occurred_at).
    queryset = queryset.filter(
        conversation__occurred_at__gte=period.start_at,
        conversation__occurred_at__lt=period.end_before,
    )
    if location is not None:
        queryset = queryset.filter(conversation__location=location)
    return queryset


def _tenths(value) -> int:
    return int(round(value * 10)) if value is not None else 0


def parent_voice(
    shares: QuerySet, responses: QuerySet, period: Period, location=None, *, totals: bool
) -> dict:
    """The cells of the period, from ``ConversationShare.objects.visible_to(user)`` and
    ``ParentResponse.objects.visible_to(user)``.

    Returns ``{"cells": {(location_id, month): Cell}, "months": {month: Cell}}``; the
    month totals over all locations only with ``totals`` (otherwise empty).
    """
    any_answer = ParentResponse.objects.filter(conversation_id=OuterRef("conversation_id"))
    heard = Exists(any_answer.filter(felt_heard__isnull=False))
    counted_score = Q(heard, conversation__score_complete=True)
    share_rows = (
        _in_period(shares, period, location)
        .values("conversation__location_id", month=TruncMonth("conversation__day"))
        .annotate(
            n=Count("pk"),
            answered=Count("pk", filter=Q(Exists(any_answer))),
            scored=Count("pk", filter=counted_score),
            score_sum=Sum("conversation__score_percentage", filter=counted_score),
        )
        .order_by()
    )
    cells: dict[tuple[int, datetime.date], Cell] = {}
    for row in share_rows:
        key = (row["conversation__location_id"], row["month"])
        cells[key] = Cell(
            month=row["month"],
            location_id=key[0],
            shares=row["n"],
            answered=row["answered"],
            scored=row["scored"],
            score_tenths=_tenths(row["score_sum"]),
        )
    answers = _in_period(responses, period, location).filter(
        felt_heard__isnull=False, conversation__share__isnull=False
    )
    aggregates = {
        "answers": Count("pk"),
        "parents": Count("parent_id", distinct=True),
        "heard_sum": Sum("felt_heard"),
    }
    for row in (
        answers.values("conversation__location_id", month=TruncMonth("conversation__day"))
        .annotate(**aggregates)
        .order_by()
    ):
        key = (row["conversation__location_id"], row["month"])
        cell = cells.setdefault(key, Cell(month=row["month"], location_id=key[0]))
        cell.answers, cell.parents, cell.heard_sum = (
            row["answers"],
            row["parents"],
            row["heard_sum"],
        )
    months: dict[datetime.date, Cell] = {}
    if totals:
        for cell in cells.values():
            months.setdefault(cell.month, Cell(month=cell.month)).add_shares(cell)
        for row in (
            answers.values(month=TruncMonth("conversation__day")).annotate(**aggregates).order_by()
        ):
            total = months.setdefault(row["month"], Cell(month=row["month"]))
            total.answers, total.parents = row["answers"], row["parents"]
            total.heard_sum = row["heard_sum"]
    return {"cells": cells, "months": months}


def rows(voice: dict, locations: list) -> list[dict]:
    """The table's rows: all locations per month first (when there are several), then each
    location by name and month. Only months with shared talks or answers appear."""
    names = {location.pk: location.name for location in locations}
    result = [
        {"location": None, "cell": cell}
        for _month, cell in sorted(voice["months"].items(), key=lambda item: item[0])
    ]
    result += [
        {"location": names.get(location_id, ""), "cell": cell}
        for (location_id, _month), cell in sorted(
            voice["cells"].items(),
            key=lambda item: (names.get(item[0][0], ""), item[0][0], item[0][1]),
        )
    ]
    return result
