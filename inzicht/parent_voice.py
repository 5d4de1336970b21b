"""The parents' voice beside the staff's: "felt heard" per team (location) and month.

For the talks shared with parents (``ConversationShare``): the parents' average answer to
"did you feel heard?" (1-5, shown as a percentage of the scale), the staff's own score of
the same talks, the number of answers, and the share of shared talks that parents answered.

A cell's felt-heard figure is shown only when it rests on at least
``PARENT_VOICE_MIN_ANSWERS`` answers from at least ``PARENT_VOICE_MIN_PARENTS`` parents:
with fewer, a manager who knows who talked to whom could read one parent's answer from it.
Two more guards against subtraction: the period is always whole months, and a month over
all locations is withheld when taking the locations shown from it would leave the answers
of hidden ones. No parent's answer, name or comment ever reaches the page.

Months are the talk's own local (Amsterdam) month: ``Conversation.day`` is the stored local
day. Three grouped queries whatever the number of talks: the shared talks per cell, the
answers per cell, and (when several locations are shown) the different parents per month
over all of them, since they do not add up across locations.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext

from gesprekken.scoring import round_half_up

from .dashboard import Period

# Anonymity: a felt-heard figure only from this many answers of this many different parents
# (the page states the rule with these numbers).
PARENT_VOICE_MIN_ANSWERS = 5
PARENT_VOICE_MIN_PARENTS = 3
# The page's default: the current month and the five before it.
PARENT_VOICE_MONTHS = 6
# "Felt heard" runs from 1 (not at all) to 5 (completely).
_FELT_HEARD_MIN, _FELT_HEARD_MAX = 1, 5


def whole_months(period: Period) -> Period:
    """The period widened to whole calendar months: the figures of part of a month could
    be subtracted from those of the whole month to isolate a few parents' answers."""
    last = period.end.replace(day=28) + datetime.timedelta(days=4)
    return Period(period.start.replace(day=1), last - datetime.timedelta(days=last.day))


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
    scored: int = 0  # felt-heard answers to a talk with a complete staff score
    score_tenths: int = 0  # the sum of those talks' scores (once per answer), in tenths
    answers: int = 0  # felt-heard answers
    parents: int = 0  # different parents behind them
    heard_sum: int = 0  # the sum of the answers (1-5 each)
    # A month over all locations that would give away a hidden location's answers.
    withheld: bool = False

    @property
    def enough(self) -> bool:
        return (
            not self.withheld
            and self.answers >= PARENT_VOICE_MIN_ANSWERS
            and self.parents >= PARENT_VOICE_MIN_PARENTS
        )

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
        """The staff's own average score (%) of the same talks, paired with the answers."""
        if not self.scored:
            return None
        return round_half_up(self.score_tenths, 10 * self.scored)

    @property
    def answered_share(self) -> int | None:
        if not self.shares:
            return None
        return round_half_up(100 * self.answered, self.shares)

    def add(self, other: Cell) -> None:
        """Add another location's cell of the month (all but the different parents)."""
        self.shares += other.shares
        self.answered += other.answered
        self.scored += other.scored
        self.score_tenths += other.score_tenths
        self.answers += other.answers
        self.heard_sum += other.heard_sum


# A talk is shared after it was logged, and never logged more than a quarter of an hour
# ahead (gesprekken/forms/common.py), so neither its share nor an answer is older than the
# talk. Asking for that as well lets the database start from the shares and answers of the
# period (their own indexes) instead of every conversation of the period.
_SHARED_AFTER_TALK_MARGIN = datetime.timedelta(days=1)


def _in_period(queryset: QuerySet, period: Period, location, *, since: str) -> QuerySet:
    queryset = queryset.filter(
        # occurred_at rather than day: the conversation's indexes are on occurred_at.
        conversation__occurred_at__gte=period.start_at,
        conversation__occurred_at__lt=period.end_before,
        **{f"{since}__gte": period.start_at - _SHARED_AFTER_TALK_MARGIN},
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

    The staff's score is paired with each felt-heard answer (a talk two parents answered
    counts twice), so both figures average over exactly the same answers.

    Returns ``{"cells": {(location_id, month): Cell}, "months": {month: Cell}}``; the
    month totals over all locations only with ``totals`` (otherwise empty).
    """
    cells: dict[tuple[int, datetime.date], Cell] = {}
    for row in (
        _in_period(shares, period, location, since="shared_at")
        .values("conversation__location_id", month=TruncMonth("conversation__day"))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        key = (row["conversation__location_id"], row["month"])
        cells[key] = Cell(month=row["month"], location_id=key[0], shares=row["n"])
    # Answers to talks that are (still) shared.
    answers = _in_period(responses, period, location, since="created_at").filter(
        conversation__share__isnull=False
    )
    heard = Q(felt_heard__isnull=False)
    counted_score = heard & Q(conversation__score_complete=True)
    for row in (
        answers.values("conversation__location_id", month=TruncMonth("conversation__day"))
        .annotate(
            answered=Count("conversation_id", distinct=True),
            answers=Count("pk", filter=heard),
            parents=Count("parent_id", distinct=True, filter=heard),
            heard_sum=Sum("felt_heard"),
            scored=Count("pk", filter=counted_score),
            score_sum=Sum("conversation__score_percentage", filter=counted_score),
        )
        .order_by()
    ):
        key = (row["conversation__location_id"], row["month"])
        cell = cells.setdefault(key, Cell(month=row["month"], location_id=key[0]))
        cell.answered, cell.scored = row["answered"], row["scored"]
        cell.score_tenths = _tenths(row["score_sum"])
        cell.answers, cell.parents = row["answers"], row["parents"]
        cell.heard_sum = row["heard_sum"] or 0
    months: dict[datetime.date, Cell] = {}
    if totals:
        for cell in cells.values():
            months.setdefault(cell.month, Cell(month=cell.month)).add(cell)
        # Different parents do not add up over locations (one parent, two locations).
        for row in (
            answers.filter(heard)
            .values(month=TruncMonth("conversation__day"))
            .annotate(parents=Count("parent_id", distinct=True))
            .order_by()
        ):
            months[row["month"]].parents = row["parents"]
        _withhold_differences(months, cells)
    return {"cells": cells, "months": months}


def _withhold_differences(months: dict[datetime.date, Cell], cells: dict) -> None:
    """Hide a month over all locations when subtracting the locations shown from it would
    show the answers of the hidden ones: those must themselves be at least
    PARENT_VOICE_MIN_ANSWERS answers of (at the fewest) PARENT_VOICE_MIN_PARENTS parents."""
    shown: dict[datetime.date, list[Cell]] = {}
    for cell in cells.values():
        if cell.enough:
            shown.setdefault(cell.month, []).append(cell)
    for month, total in months.items():
        hidden_answers = total.answers - sum(cell.answers for cell in shown.get(month, []))
        # Parents may answer at two locations: this many are at least behind the rest.
        hidden_parents = total.parents - sum(cell.parents for cell in shown.get(month, []))
        if hidden_answers and (
            hidden_answers < PARENT_VOICE_MIN_ANSWERS or hidden_parents < PARENT_VOICE_MIN_PARENTS
        ):
            total.withheld = True


@dataclass(frozen=True)
class Row:
    """A table row as shown: every figure already worded (a large chain has 200 locations
    x 6 months of them, too many to format one by one in the template)."""

    location: str | None  # None: all locations shown
    month: str
    felt_heard: str | None  # None: too few answers
    own_score: str
    answers: int
    answered: str


def rows(voice: dict, locations: list) -> list[Row]:
    """The table's rows: all locations per month first (when there are several), then each
    location by name and month. Only months with shared talks or answers appear."""
    names = {location.pk: location.name for location in locations}
    month_names: dict[datetime.date, str] = {}
    decimal = get_format("DECIMAL_SEPARATOR")
    heard_text = gettext("%(percent)s %% (%(average)s of 5)")
    answered_text = gettext("%(share)s %% (%(answered)s of %(shared)s)")

    def row(location: str | None, cell: Cell) -> Row:
        if cell.month not in month_names:
            month_names[cell.month] = date_format(cell.month, "F Y")
        felt_heard = None
        if cell.enough:
            average = f"{cell.felt_heard_average:.1f}".replace(".", decimal)
            felt_heard = heard_text % {"percent": cell.felt_heard_percent, "average": average}
        share = cell.answered_share
        return Row(
            location=location,
            month=month_names[cell.month],
            felt_heard=felt_heard,
            own_score="–" if cell.staff_score is None else f"{cell.staff_score} %",
            answers=cell.answers,
            answered="–"
            if share is None
            else answered_text % {"share": share, "answered": cell.answered, "shared": cell.shares},
        )

    result = [row(None, cell) for _month, cell in sorted(voice["months"].items())]
    result += [
        row(names.get(location_id, ""), cell)
        for (location_id, _month), cell in sorted(
            voice["cells"].items(),
            key=lambda item: (names.get(item[0][0], ""), item[0][0], item[0][1]),
        )
    ]
    return result
