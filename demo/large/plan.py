"""The plan for a scale, the people the talks are about, and small random helpers."""

from __future__ import annotations

import bisect
import datetime
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .data import (
    AMSTERDAM,
    CHILDREN,
    CONVERSATIONS,
    GROUPS,
    LOCATIONS,
    LOCATIONS_PER_MANAGER,
)


@dataclass(frozen=True)
class Plan:
    """How many of everything for a scale factor (1 = the largest chain)."""

    scale: float

    @property
    def locations(self) -> int:
        return max(1, round(LOCATIONS * self.scale))

    @property
    def children(self) -> int:
        return max(len(GROUPS) * self.locations, round(CHILDREN * self.scale))

    @property
    def conversations(self) -> int:
        return max(10, round(CONVERSATIONS * self.scale))

    @property
    def managers(self) -> int:
        return math.ceil(self.locations / LOCATIONS_PER_MANAGER)


@dataclass
class ChildPlan:
    id: int
    location: int  # index
    start: int  # day numbers (ordinals)
    end: int  # last day of care (inclusive), or the last day of the history
    quiet_from: int  # no talks from this day on (a quiet family)
    mentor: int
    parents: list[int]
    stance: str  # the parents' usual stance
    language: str
    interpreter: bool
    rate: float = 0.0  # talks per weekday in care


@dataclass
class Staff:
    pm_ids: list[list[int]] = field(default_factory=list)  # per location
    pm_cum_weights: list[list[float]] = field(default_factory=list)
    skill: dict[int, float] = field(default_factory=dict)
    manager_of: list[int] = field(default_factory=list)  # per location: the manager's staff id


def weighted(rng: random.Random, pairs: Sequence[tuple[object, float]]) -> Callable[[], object]:
    """A fast chooser for fixed weights."""
    values = [v for v, _w in pairs]
    cum = []
    total = 0.0
    for _v, w in pairs:
        total += w
        cum.append(total)

    def choose() -> object:
        return values[bisect.bisect(cum, rng.random() * total)]

    return choose


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def aware(day: datetime.date, minute_of_day: int) -> datetime.datetime:
    return datetime.datetime(
        day.year, day.month, day.day, minute_of_day // 60, minute_of_day % 60, tzinfo=AMSTERDAM
    )


class Calendar:
    """Day numbers of the history window, with fast weekday counting and picking."""

    def __init__(self, first: datetime.date, last: datetime.date) -> None:
        self.first, self.last = first.toordinal(), last.toordinal()
        self.weekdays = [
            n
            for n in range(self.first, self.last + 1)
            if datetime.date.fromordinal(n).weekday() < 5
        ]
        self.dates = {n: datetime.date.fromordinal(n) for n in self.weekdays}

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Positions [lo, hi) in ``weekdays`` of the weekdays from start to end inclusive."""
        return bisect.bisect_left(self.weekdays, start), bisect.bisect_right(self.weekdays, end)

    def months(self) -> list[tuple[int, int]]:
        """(first, last) day numbers of each calendar month in the window."""
        result = []
        day = datetime.date.fromordinal(self.first)
        while day.toordinal() <= self.last:
            following = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
            result.append((day.toordinal(), min(following.toordinal() - 1, self.last)))
            day = following
        return result
