"""The manager's overview: every block is one aggregate query in the database.

No block loops over conversations in Python; lists are limited and counted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Avg, Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from ouders.models import ChildParent

from .models import Conversation, ConversationKind, TipScore
from .scoring import HANDOVER_KINDS

ALERT_LIMIT = 25
SIT_DOWN_WINDOW_DAYS = 183


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


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def in_period(conversations: QuerySet, period: Period) -> QuerySet:
    return conversations.filter(occurred_at__gte=period.start_at, occurred_at__lt=period.end_before)


def per_week_per_kind(conversations: QuerySet, period: Period) -> dict:
    rows = (
        in_period(conversations, period)
        .annotate(week=TruncWeek("occurred_at", tzinfo=_tz()))
        .values("week", "kind")
        .annotate(n=Count("pk"))
        .order_by("week", "kind")
    )
    # Every week of the period, so a week in which nobody logged a talk shows as 0.
    first_week = period.start - datetime.timedelta(days=period.start.weekday())
    weeks: dict[datetime.date, dict[str, int]] = {
        first_week + datetime.timedelta(weeks=n): {}
        for n in range((period.end - first_week).days // 7 + 1)
    }
    for row in rows:
        week = row["week"].date() if isinstance(row["week"], datetime.datetime) else row["week"]
        weeks.setdefault(week, {})[row["kind"]] = row["n"]
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


def tip_averages(conversations: QuerySet, period: Period, tips: list) -> list[dict]:
    rows = (
        TipScore.objects.filter(
            conversation__in=in_period(conversations, period).values("pk"), level__isnull=False
        )
        .values("tip_id")
        .annotate(average=Avg("level"), n=Count("pk"))
    )
    by_tip = {row["tip_id"]: row for row in rows}
    result = []
    for tip in tips:
        row = by_tip.get(tip.pk)
        result.append(
            {
                "tip": tip,
                "average": round(float(row["average"]), 2) if row else None,
                "n": row["n"] if row else 0,
            }
        )
    return result


def lowest_tip(averages: list[dict]) -> dict | None:
    scored = [row for row in averages if row["average"] is not None and row["n"] >= 3]
    return min(scored, key=lambda row: row["average"]) if scored else None


def staff_tip_matrix(conversations: QuerySet, period: Period, tips: list) -> list[dict]:
    rows = (
        TipScore.objects.filter(
            conversation__in=in_period(conversations, period).values("pk"), level__isnull=False
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


def score_trend(conversations: QuerySet, period: Period) -> list[dict]:
    rows = (
        in_period(conversations, period)
        .filter(score_percentage__isnull=False)
        .annotate(month=TruncMonth("occurred_at", tzinfo=_tz()))
        .values("month")
        .annotate(average=Avg("score_percentage"), n=Count("pk"))
        .order_by("month")
    )
    return [
        {
            "month": row["month"].date()
            if isinstance(row["month"], datetime.datetime)
            else row["month"],
            "average": round(float(row["average"]), 1),
            "n": row["n"],
        }
        for row in rows
    ]


def quiet_children(children: QuerySet, weeks: int, today: datetime.date) -> tuple[list, int]:
    """Children in care about whom nobody has logged a talk with their parents in `weeks` weeks."""
    cutoff = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(weeks=weeks), datetime.time.min)
    )
    recent = Conversation.objects.filter(child_id=OuterRef("pk"), occurred_at__gte=cutoff)
    quiet = (
        children.in_care(today)
        .filter(~Exists(recent))
        .annotate(last_talk=Max("conversations__occurred_at"))
    )
    total = quiet.count()
    rows = list(
        quiet.select_related("group")
        .prefetch_related("parents")
        # Never talked to is the longest silence: first on every database (PostgreSQL
        # would put NULLs last).
        .order_by(F("last_talk").asc(nulls_first=True), "first_name")[:ALERT_LIMIT]
    )
    return rows, total


def handover_only_parents(parents: QuerySet, today: datetime.date) -> tuple[list, int]:
    """Parents seen at the door in the last six months but never in a sit-down talk."""
    since = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=SIT_DOWN_WINDOW_DAYS), datetime.time.min
        )
    )
    talks = Conversation.objects.filter(parents=OuterRef("pk"), occurred_at__gte=since)
    selection = parents.filter(Exists(talks.filter(kind__in=HANDOVER_KINDS))).filter(
        ~Exists(talks.exclude(kind__in=HANDOVER_KINDS))
    )
    total = selection.count()
    rows = list(selection.order_by("last_name", "first_name")[:ALERT_LIMIT])
    return rows, total


def overdue_agreements(follow_ups: QuerySet, today: datetime.date) -> tuple[list, int]:
    overdue = follow_ups.overdue(today)
    total = overdue.count()
    rows = list(
        overdue.select_related("conversation__child", "owner_staff__user", "owner_parent").order_by(
            "due_date", "pk"
        )[:ALERT_LIMIT]
    )
    return rows, total


def escalations(conversations: QuerySet, period: Period) -> tuple[list, int]:
    selection = in_period(conversations, period).filter(Q(escalated=True) | Q(ended_early=True))
    total = selection.count()
    rows = list(selection.for_list().order_by("-occurred_at")[:ALERT_LIMIT])
    return rows, total


def parents_in_care(parents: QuerySet, children: QuerySet, today: datetime.date) -> QuerySet:
    links = ChildParent.objects.filter(
        parent_id=OuterRef("pk"), child__in=children.in_care(today).values("pk")
    )
    return parents.filter(Exists(links))
