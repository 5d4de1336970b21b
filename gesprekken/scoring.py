"""The tip scoring rules: pure functions, no Django, no database.

A conversation is scored against the checklist's tips. Each tip has an
applicability rule; an applicable tip gets a level 0-3 (niet, deels, ruim,
volledig), is marked n.v.t. by the user, or stays unscored. The score is the
sum of the levels over 3 x the number of scored applicable tips, as a
percentage; completeness says how many of the applicable tips were scored.
Unscored is not zero, and n.v.t. is left out of both.

A score is *complete enough* to count (in trends, team averages, the hardest tip) when
at least max(3, ceil(applicable / 2)) applicable tips are scored (is_complete). Every
percentage the app shows is rounded half up by round_half_up, and only there.

The words (kinds, stances, levels, applicability) come from gesprekken/vocabulary.py,
which imports no models; nothing here touches the database, and only the labels
(completeness_label) need Django's translation machinery, at call time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import ngettext

from .vocabulary import HANDOVER_KINDS, Applies, Level, ParentStance

MAX_LEVEL: int = max(Level.values)
LEVELS: tuple[int, ...] = tuple(Level.values)

# A score counts when at least this many applicable tips are scored, and at least half.
MINIMUM_SCORED_TIPS = 3


def round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to a whole number, halves up (62.5 -> 63).

    Integer arithmetic only, so no float edge (Python's round() rounds halves to even).
    Every percentage the app shows goes through here: badges, detail, exports, charts.
    """
    if denominator <= 0:
        raise ValueError(f"denominator must be positive, got {denominator!r}")
    # floor((2n + d) / 2d) == floor(n/d + 1/2), also for negative numerators.
    return (2 * numerator + denominator) // (2 * denominator)


def required_scored(applicable: int) -> int:
    """How many of ``applicable`` tips must be scored for the score to count."""
    return max(MINIMUM_SCORED_TIPS, -(-applicable // 2))


def is_complete(scored: int, applicable: int) -> bool:
    """Whether a score is complete enough to count: max(3, ceil(applicable / 2)) scored."""
    return applicable > 0 and scored >= required_scored(applicable)


def completeness_label(scored: int, applicable: int) -> str:
    """Wording that cannot be read as "achieved 4 of 8": "6 van 6 tips gescoord"."""
    return ngettext(
        "%(scored)d of %(applicable)d tip scored",
        "%(scored)d of %(applicable)d tips scored",
        applicable,
    ) % {"scored": scored, "applicable": applicable}


# Tip 3, "talk about as long as the parents": the parents' share of the speaking time
# proposes a level, one-sided as the article means it: the risk is the pm'er talking too
# much, so a parent who talks more never lowers it. (minimum parent share in percent,
# level), checked top-down in whole seconds with integer arithmetic; below the last
# step "niet". The conversation form's script reads the same table (script_rules).
SPEAKING_STEPS: tuple[tuple[int, int], ...] = (
    (40, Level.FULLY.value),
    (30, Level.LARGELY.value),
    (20, Level.PARTLY.value),
)
SPEAKING_BELOW_STEPS: int = Level.NOT.value


class _NotApplicable:
    """Marker for a tip the user marked n.v.t. (distinct from unscored)."""

    _instance: _NotApplicable | None = None

    def __new__(cls) -> _NotApplicable:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE = _NotApplicable()
# What the user gave for one tip: a level 0-3, or NOT_APPLICABLE.
GivenLevel = int | _NotApplicable


@dataclass(frozen=True)
class TipRule:
    number: int
    applies: str
    # The speaking-time meter proposes this tip's level when the user leaves it open.
    speaking_time: bool = False


@dataclass(frozen=True)
class TipResult:
    number: int
    applicable: bool
    level: int | None
    marked_not_applicable: bool = False
    proposed: bool = False

    @property
    def scored(self) -> bool:
        return self.applicable and self.level is not None


@dataclass(frozen=True)
class ScoreResult:
    tips: tuple[TipResult, ...]
    # Whole percent, rounded half up (round_half_up); None when nothing was scored.
    percentage: int | None
    scored: int
    applicable: int

    @property
    def complete(self) -> bool:
        return is_complete(self.scored, self.applicable)

    @property
    def required(self) -> int:
        return required_scored(self.applicable)

    @property
    def completeness(self) -> float | None:
        if self.applicable == 0:
            return None
        return self.scored / self.applicable


def is_applicable(
    applies: str, *, kind: str, parent_stance: str | None, participation_discussed: bool
) -> bool:
    match applies:
        case Applies.ALWAYS:
            return True
        case Applies.HANDOVER:
            return kind in HANDOVER_KINDS
        case Applies.SIT_DOWN:
            return kind not in HANDOVER_KINDS
        case Applies.PARTICIPATION:
            return participation_discussed
        case Applies.TIMID_PARENT:
            return parent_stance == ParentStance.TIMID
        case Applies.DOMINANT_PARENT:
            return parent_stance == ParentStance.DOMINANT
    raise ValueError(f"unknown applicability rule {applies!r}")


def propose_speaking_level(staff_seconds: int | None, parent_seconds: int | None) -> int | None:
    """Tip 3's proposed level from the measured seconds, or None when nothing was measured.

    parent / (staff + parent) >= step %  <=>  100 * parent >= step * (staff + parent).
    """
    if staff_seconds is None or parent_seconds is None:
        return None
    total = staff_seconds + parent_seconds
    if total <= 0:
        return None
    for minimum_percent, level in SPEAKING_STEPS:
        if 100 * parent_seconds >= minimum_percent * total:
            return level
    return SPEAKING_BELOW_STEPS


def score_conversation(
    *,
    rules: Sequence[TipRule],
    kind: str,
    parent_stance: str | None,
    participation_discussed: bool,
    levels: Mapping[int, GivenLevel],
    speaking_seconds: tuple[int | None, int | None] = (None, None),
) -> ScoreResult:
    """Score one conversation.

    ``levels`` maps a tip number to 0-3 or NOT_APPLICABLE; a missing tip is unscored.
    Measured speaking seconds (staff, parent) propose the level of the speaking-time
    tip when the user left it unscored; the result marks that level as proposed.
    """
    results: list[TipResult] = []
    total = 0
    scored = 0
    applicable_count = 0
    for rule in sorted(rules, key=lambda r: r.number):
        applicable = is_applicable(
            rule.applies,
            kind=kind,
            parent_stance=parent_stance,
            participation_discussed=participation_discussed,
        )
        given = levels.get(rule.number)
        if not applicable:
            results.append(TipResult(rule.number, applicable=False, level=None))
            continue
        if given is NOT_APPLICABLE:
            results.append(
                TipResult(rule.number, applicable=False, level=None, marked_not_applicable=True)
            )
            continue
        applicable_count += 1
        proposed = False
        if given is None and rule.speaking_time:
            given = propose_speaking_level(*speaking_seconds)
            proposed = given is not None
        if given is not None:
            if given not in LEVELS:
                raise ValueError(f"tip {rule.number}: level must be 0-3, got {given!r}")
            total += given
            scored += 1
        results.append(TipResult(rule.number, applicable=True, level=given, proposed=proposed))
    percentage = round_half_up(100 * total, MAX_LEVEL * scored) if scored else None
    return ScoreResult(
        tips=tuple(results), percentage=percentage, scored=scored, applicable=applicable_count
    )
