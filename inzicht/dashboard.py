"""The manager's overview: every block is one small query in the database.

The counts and averages come from daily totals and "latest talk" columns that
database triggers keep (inzicht/rollups/), so no block reads the conversations
of a whole period; lists are limited and counted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from gesprekken.models import TipScore
from gesprekken.scoring import round_half_up
from gesprekken.vocabulary import ConversationKind
from ouders.models import ChildParent

ALERT_LIMIT = 25
# "Show all" on the overview: every row of a list, within reason.
FULL_LIST_LIMIT = 1000
# Seen at the door in this window: the parents the door-only alert is about.
SIT_DOWN_WINDOW_DAYS = 183
# The overview names the hardest tip only from this many scores of it (in talks whose
# score is complete enough): on a handful of scores one bad day would decide. The page
# states the number.
HARDEST_TIP_MIN_SCORES = 20


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def start_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def end_before(self) -> datetime.datetime:
        next_day = self.end + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))


def default_period(today: datetime.date) -> Period:
    return Period(start=today - datetime.timedelta(days=91), end=today)


def in_period(conversations: QuerySet, period: Period) -> QuerySet:
    return conversations.filter(occurred_at__gte=period.start_at, occurred_at__lt=period.end_before)


@dataclass(frozen=True)
class DayKindTotal:
    day: datetime.date
    kind: str
    n: int
    scored_n: int
    complete_n: int
    score_tenths: int  # complete scores only
    escalated_n: int
    stance_n: int = 0
    beside_n: int = 0


def period_totals(day_totals: QuerySet, period: Period) -> list[DayKindTotal]:
    """The period's conversations per local day and kind, from the daily rollup.

    One query serves three blocks (per week and kind, the monthly score, the number of
    escalations); it sums at most (days x kinds) groups whatever the number of talks.
    """
    rows = (
        day_totals.filter(day__gte=period.start, day__lte=period.end)
        .values("day", "kind")
        .annotate(
            total=Sum("n"),
            scored=Sum("scored_n"),
            complete=Sum("complete_n"),
            tenths=Sum("score_tenths"),
            escalated=Sum("escalated_n"),
        )
        .order_by()
    )
    return [
        DayKindTotal(
            day=row["day"],
            kind=row["kind"],
            n=row["total"],
            scored_n=row["scored"],
            complete_n=row["complete"],
            score_tenths=row["tenths"],
            escalated_n=row["escalated"],
        )
        for row in rows
        # Rows whose talks were all deleted or moved stay at zero.
        if row["total"] or row["scored"] or row["escalated"]
    ]


def per_week_per_kind(totals: list[DayKindTotal], period: Period) -> dict:
    # Every week of the period, so a week in which nobody logged a talk shows as 0.
    first_week = period.start - datetime.timedelta(days=period.start.weekday())
    weeks: dict[datetime.date, dict[str, int]] = {
        first_week + datetime.timedelta(weeks=n): {}
        for n in range((period.end - first_week).days // 7 + 1)
    }
    for row in totals:
        if not row.n:
            continue
        counts = weeks.setdefault(row.day - datetime.timedelta(days=row.day.weekday()), {})
        counts[row.kind] = counts.get(row.kind, 0) + row.n
    kinds = [k for k in ConversationKind.values if any(k in counts for counts in weeks.values())]
    return {
        "kinds": [(k, str(ConversationKind(k).label)) for k in kinds],
        "weeks": [
            {
                "week": week,
                "counts": [counts.get(k, 0) for k in kinds],
                "total": sum(counts.values()),
            }
            for week, counts in sorted(weeks.items())
        ],
    }


def tip_averages(day_tip_totals: QuerySet, period: Period, tips: list) -> list[dict]:
    rows = (
        day_tip_totals.filter(day__gte=period.start, day__lte=period.end)
        .values("tip_id")
        .annotate(total=Sum("n"), level_sum=Sum("level_sum"))
        .order_by()
    )
    by_tip = {row["tip_id"]: row for row in rows if row["total"]}
    result = []
    for tip in tips:
        row = by_tip.get(tip.pk)
        result.append(
            {
                "tip": tip,
                "average": round(row["level_sum"] / row["total"], 2) if row else None,
                "n": row["total"] if row else 0,
            }
        )
    return result


def lowest_tip(averages: list[dict]) -> dict | None:
    """The tip with the lowest average among those with HARDEST_TIP_MIN_SCORES scores."""
    scored = [
        row for row in averages if row["average"] is not None and row["n"] >= HARDEST_TIP_MIN_SCORES
    ]
    return min(scored, key=lambda row: row["average"]) if scored else None


def staff_tip_matrix(conversations: QuerySet, period: Period, tips: list) -> list[dict]:
    rows = (
        TipScore.objects.filter(
            # Like the team figures: only talks whose score is complete enough to count.
            conversation__in=in_period(conversations, period)
            .filter(score_complete=True)
            .values("pk"),
            level__isnull=False,
        )
        .values(
            "conversation__author_id",
            "conversation__author__user__first_name",
            "conversation__author__user__last_name",
            "tip_id",
        )
        .annotate(average=Avg("level"))
        .order_by("conversation__author__user__first_name", "conversation__author_id")
    )
    staff: dict[int, dict] = {}
    for row in rows:
        entry = staff.setdefault(
            row["conversation__author_id"],
            {
                "name": f"{row['conversation__author__user__first_name']} "
                f"{row['conversation__author__user__last_name']}".strip(),
                "levels": {},
            },
        )
        entry["levels"][row["tip_id"]] = round(float(row["average"]), 1)
    return [
        {"name": entry["name"], "levels": [entry["levels"].get(tip.pk) for tip in tips]}
        for entry in staff.values()
    ]


def per_tip_rows(matrix: list[dict], tips: list) -> list[dict]:
    """The staff matrix turned: a row per tip, so the tip's name heads the row (readable at
    any width) and the staff members are the columns."""
    return [
        {"tip": tip, "levels": [entry["levels"][i] for entry in matrix]}
        for i, tip in enumerate(tips)
    ]


def score_trend(totals: list[DayKindTotal]) -> list[dict]:
    """The average score per month of the talks whose score is complete enough to count,
    in whole percent rounded half up (scoring.round_half_up), as every percentage."""
    months: dict[datetime.date, list[int]] = {}
    for row in totals:
        if row.complete_n:
            month = months.setdefault(row.day.replace(day=1), [0, 0])
            month[0] += row.complete_n
            month[1] += row.score_tenths
    return [
        {"month": month, "average": round_half_up(tenths, 10 * complete), "n": complete}
        for month, (complete, tenths) in sorted(months.items())
        if complete
    ]


def beside_shares(day_totals: QuerySet, period: Period) -> list[dict]:
    """Per location and month: the share of talks in which the pm'er noted their own
    stance as "naast" (beside: the equal partnership), of the talks with a stance noted."""
    rows = (
        day_totals.filter(day__gte=period.start, day__lte=period.end)
        .values("location_id", "location__name", "day")
        .annotate(stance=Sum("stance_n"), beside=Sum("beside_n"))
        .order_by()
    )
    cells: dict[tuple[str, int, datetime.date], list[int]] = {}
    for row in rows:
        if not row["stance"]:
            continue
        key = (row["location__name"], row["location_id"], row["day"].replace(day=1))
        cell = cells.setdefault(key, [0, 0])
        cell[0] += row["stance"]
        cell[1] += row["beside"]
    return [
        {
            "location": name,
            "month": month,
            "share": round_half_up(100 * beside, stance),
            "n": stance,
        }
        for (name, _pk, month), (stance, beside) in sorted(cells.items())
    ]


def quiet_children(
    children: QuerySet, weeks: int, today: datetime.date, limit: int = ALERT_LIMIT
) -> tuple[list, int]:
    """Children in care about whom nobody has logged a talk with their parents in `weeks` weeks."""
    cutoff = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(weeks=weeks), datetime.time.min)
    )
    # last_talk_at is the latest conversation, kept by a trigger (inzicht/rollups/).
    quiet = children.in_care(today).filter(
        Q(last_talk_at__isnull=True) | Q(last_talk_at__lt=cutoff)
    )
    total = quiet.count()
    rows = list(
        quiet.select_related("group")
        .prefetch_related("parents")
        # Never talked to is the longest silence: first on every database (PostgreSQL
        # would put NULLs last).
        .order_by(F("last_talk_at").asc(nulls_first=True), "first_name", "pk")[:limit]
    )
    return rows, total


def handover_only_parents(
    parents: QuerySet,
    children: QuerySet,
    today: datetime.date,
    months: int,
    limit: int = ALERT_LIMIT,
) -> tuple[list, int]:
    """Parents seen at the door in the last six months but not in a sit-down talk for
    `months` months (the organisation's setting) although their child has been in care that
    long, each with their children in care."""
    seen_since = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=SIT_DOWN_WINDOW_DAYS), datetime.time.min
        )
    )
    sat_since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=months * 30), datetime.time.min)
    )
    # Only parents of a child in care for the whole window: for a child who started last
    # month no sit-down talk is due yet, and counting them drowned the alert.
    due = ChildParent.objects.filter(
        parent_id=OuterRef("pk"),
        child__in=children.in_care(today).filter(start_date__lte=sat_since.date()).values("pk"),
    )
    # The parent's latest door talk and latest other talk, kept by triggers.
    selection = (
        parents.filter(last_handover_at__gte=seen_since)
        .filter(Q(last_sit_down_at__isnull=True) | Q(last_sit_down_at__lt=sat_since))
        .filter(Exists(due))
    )
    total = selection.count()
    links = ChildParent.objects.filter(child__in=children.in_care(today)).select_related(
        "child__group"
    )
    rows = list(
        selection.prefetch_related(
            Prefetch("child_links", queryset=links.order_by("child__first_name"), to_attr="cared")
        ).order_by("last_name", "first_name", "pk")[:limit]
    )
    return rows, total


def overdue_agreements(
    follow_ups: QuerySet, today: datetime.date, limit: int = ALERT_LIMIT
) -> tuple[list, int]:
    overdue = follow_ups.overdue(today)
    total = overdue.count()
    rows = list(
        overdue.select_related(
            "conversation__child__group", "owner_staff__user", "owner_parent"
        ).order_by("due_date", "pk")[:limit]
    )
    return rows, total


def escalations(
    conversations: QuerySet, period: Period, total: int, limit: int = ALERT_LIMIT
) -> tuple[list, int]:
    """The newest escalated or ended-early talks; the total comes from the daily rollup."""
    selection = in_period(conversations, period).filter(Q(escalated=True) | Q(ended_early=True))
    rows = (
        list(
            selection.for_list()
            .select_related("child__group")
            .prefetch_related("parents")
            .order_by("-occurred_at")[:limit]
        )
        if total
        else []
    )
    return rows, total


def escalation_total(totals: list[DayKindTotal]) -> int:
    return sum(row.escalated_n for row in totals)


def parents_in_care(parents: QuerySet, children: QuerySet, today: datetime.date) -> QuerySet:
    links = ChildParent.objects.filter(
        parent_id=OuterRef("pk"), child__in=children.in_care(today).values("pk")
    )
    return parents.filter(Exists(links))
