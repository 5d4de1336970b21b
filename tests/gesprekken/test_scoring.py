"""The tip scoring rules: a pure function, tested without a database.

The rules below are the standard checklist as migration 0002 seeds it; one database
test checks that the migration and this table agree.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gesprekken.scoring import (
    NOT_APPLICABLE,
    TipRule,
    is_applicable,
    propose_speaking_level,
    score_conversation,
)
from gesprekken.vocabulary import Applies

RULES = [
    TipRule(1, Applies.ALWAYS),
    TipRule(2, Applies.HANDOVER),
    TipRule(3, Applies.SIT_DOWN, speaking_time=True),
    TipRule(4, Applies.PARTICIPATION),
    TipRule(5, Applies.ALWAYS),
    TipRule(6, Applies.ALWAYS),
    TipRule(7, Applies.TIMID_PARENT),
    TipRule(8, Applies.DOMINANT_PARENT),
    TipRule(9, Applies.ALWAYS),
    TipRule(10, Applies.ALWAYS),
]
ALL_TIPS = frozenset(range(1, 11))

# Which tips apply by kind alone (no stance, participation not discussed).
TIPS_BY_KIND = {
    "breng": {1, 2, 5, 6, 9, 10},
    "haal": {1, 2, 5, 6, 9, 10},
    "tienminutengesprek": {1, 3, 5, 6, 9, 10},
    "intake": {1, 3, 5, 6, 9, 10},
    "evaluatie": {1, 3, 5, 6, 9, 10},
    "zorggesprek": {1, 3, 5, 6, 9, 10},
    "telefonisch": {1, 3, 5, 6, 9, 10},
    "overig": {1, 3, 5, 6, 9, 10},
}
# What the logged parent stance adds.
TIPS_BY_STANCE = {"timide": {7}, "dominant": {8}, "gelijkwaardig": set(), None: set()}
# What discussing parent participation adds.
TIPS_BY_PARTICIPATION = {True: {4}, False: set()}

KINDS = sorted(TIPS_BY_KIND)
STANCES = ["timide", "dominant", "gelijkwaardig", None]


def score(
    levels=None, *, kind="tienminutengesprek", stance=None, participation=False, seconds=None
):
    return score_conversation(
        rules=RULES,
        kind=kind,
        parent_stance=stance,
        participation_discussed=participation,
        levels=levels or {},
        speaking_seconds=seconds or (None, None),
    )


def applicable_tips(result) -> set[int]:
    return {tip.number for tip in result.tips if tip.applicable}


# --- applicability ------------------------------------------------------------------


@pytest.mark.parametrize("participation", [False, True])
@pytest.mark.parametrize("stance", STANCES)
@pytest.mark.parametrize("kind", KINDS)
def test_applicable_tips_per_kind_stance_and_participation(kind, stance, participation):
    expected = TIPS_BY_KIND[kind] | TIPS_BY_STANCE[stance] | TIPS_BY_PARTICIPATION[participation]

    result = score(kind=kind, stance=stance, participation=participation)

    assert applicable_tips(result) == expected
    assert result.applicable == len(expected)
    assert [tip.number for tip in result.tips] == list(range(1, 11))
    for tip in result.tips:
        assert tip.level is None
        assert not tip.marked_not_applicable


@pytest.mark.parametrize(
    ("applies", "kind", "stance", "participation", "expected"),
    [
        (Applies.ALWAYS, "breng", None, False, True),
        (Applies.ALWAYS, "zorggesprek", "dominant", True, True),
        (Applies.HANDOVER, "breng", None, False, True),
        (Applies.HANDOVER, "haal", None, False, True),
        (Applies.HANDOVER, "tienminutengesprek", None, False, False),
        (Applies.HANDOVER, "telefonisch", None, False, False),
        (Applies.SIT_DOWN, "breng", None, False, False),
        (Applies.SIT_DOWN, "haal", None, False, False),
        (Applies.SIT_DOWN, "tienminutengesprek", None, False, True),
        (Applies.SIT_DOWN, "telefonisch", None, False, True),
        (Applies.SIT_DOWN, "intake", None, False, True),
        (Applies.SIT_DOWN, "overig", None, False, True),
        (Applies.PARTICIPATION, "tienminutengesprek", None, True, True),
        (Applies.PARTICIPATION, "breng", None, True, True),
        (Applies.PARTICIPATION, "tienminutengesprek", None, False, False),
        (Applies.TIMID_PARENT, "evaluatie", "timide", False, True),
        (Applies.TIMID_PARENT, "evaluatie", "dominant", False, False),
        (Applies.TIMID_PARENT, "evaluatie", "gelijkwaardig", False, False),
        (Applies.TIMID_PARENT, "evaluatie", None, False, False),
        (Applies.DOMINANT_PARENT, "haal", "dominant", False, True),
        (Applies.DOMINANT_PARENT, "haal", "timide", False, False),
        (Applies.DOMINANT_PARENT, "haal", "gelijkwaardig", False, False),
        (Applies.DOMINANT_PARENT, "haal", None, False, False),
    ],
)
def test_is_applicable(applies, kind, stance, participation, expected):
    assert (
        is_applicable(
            applies, kind=kind, parent_stance=stance, participation_discussed=participation
        )
        is expected
    )


def test_unknown_rule_is_an_error():
    with pytest.raises(ValueError, match="unknown applicability rule"):
        is_applicable("sometimes", kind="breng", parent_stance=None, participation_discussed=False)


# --- levels, n.v.t., unscored ---------------------------------------------------------


def test_three_scored_tips_by_hand():
    # (3 + 2 + 1) / (3 x 3) = 6/9 = 66.7 %
    result = score({1: 3, 5: 2, 6: 1})

    assert result.percentage == 67
    assert result.scored == 3
    assert result.applicable == 6
    assert result.completeness == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("levels", "percentage", "scored"),
    [
        ({1: 3, 5: 3, 6: 3, 9: 3, 10: 3, 3: 3}, 100, 6),
        ({1: 0}, 0, 1),
        ({1: 0, 5: 0, 6: 0}, 0, 3),
        ({1: 1, 5: 2}, 50, 2),  # 3 / 6
        ({1: 2}, 67, 1),  # 2 / 3
        ({1: 1}, 33, 1),  # 1 / 3
        ({1: 3, 3: 2, 5: 2, 6: 1, 9: 0, 10: 3}, 61, 6),  # 11 / 18
    ],
)
def test_percentage_examples(levels, percentage, scored):
    result = score(levels)
    assert result.percentage == percentage
    assert result.scored == scored


def test_a_half_percent_rounds_up():
    # 15 / 24 = 62.5 %: 63 (Python's round() would say 62).
    levels = {1: 3, 3: 2, 5: 1, 6: 1, 9: 2, 10: 3, 7: 3, 4: 0}
    result = score(levels, stance="timide", participation=True)
    assert (result.percentage, result.scored) == (63, 8)


def test_unscored_is_not_zero():
    one_tip = score({1: 3})
    assert one_tip.percentage == 100
    assert one_tip.scored == 1
    assert one_tip.applicable == 6
    assert one_tip.completeness == pytest.approx(1 / 6)

    with_a_zero = score({1: 3, 5: 0})
    assert with_a_zero.percentage == 50


def test_nothing_scored_has_no_percentage():
    result = score({})
    assert result.percentage is None
    assert result.scored == 0
    assert result.applicable == 6
    assert result.completeness == 0


def test_not_applicable_is_left_out_of_score_and_completeness():
    plain = score({1: 3, 5: 1})
    marked = score({1: 3, 5: 1, 6: NOT_APPLICABLE, 9: NOT_APPLICABLE})

    assert marked.percentage == plain.percentage == 67
    assert marked.scored == 2
    assert marked.applicable == plain.applicable - 2 == 4
    assert marked.completeness == pytest.approx(0.5)
    tip6 = marked.tips[5]
    assert (tip6.number, tip6.applicable, tip6.marked_not_applicable, tip6.level) == (
        6,
        False,
        True,
        None,
    )


def test_everything_marked_not_applicable():
    result = score(dict.fromkeys(TIPS_BY_KIND["tienminutengesprek"], NOT_APPLICABLE))
    assert result.percentage is None
    assert result.scored == 0
    assert result.applicable == 0
    assert result.completeness is None


@pytest.mark.parametrize(
    ("kind", "stance", "participation", "ignored_tip"),
    [
        ("breng", None, False, 3),  # the speaking time is not for the door
        ("tienminutengesprek", None, False, 2),  # the handover tip is not for a sit-down talk
        ("tienminutengesprek", None, False, 4),  # participation not discussed
        ("tienminutengesprek", "gelijkwaardig", False, 7),
        ("tienminutengesprek", "timide", False, 8),
        ("tienminutengesprek", "dominant", False, 7),
    ],
)
def test_level_of_a_tip_that_does_not_apply_is_ignored(kind, stance, participation, ignored_tip):
    base = {1: 3, 5: 2}
    without = score(base, kind=kind, stance=stance, participation=participation)
    with_level = score(
        {**base, ignored_tip: 0}, kind=kind, stance=stance, participation=participation
    )

    assert with_level.percentage == without.percentage == 83
    assert with_level.scored == without.scored == 2
    assert with_level.applicable == without.applicable
    outcome = with_level.tips[ignored_tip - 1]
    assert (outcome.applicable, outcome.level) == (False, None)


def test_not_applicable_mark_on_a_tip_that_does_not_apply_is_ignored():
    result = score({2: NOT_APPLICABLE, 1: 3}, kind="tienminutengesprek")
    assert not result.tips[1].marked_not_applicable
    assert result.applicable == 6


@pytest.mark.parametrize("level", [4, -1, 99, "2", 1.5])
def test_level_out_of_range_raises(level):
    with pytest.raises(ValueError, match="level must be 0-3"):
        score({1: level})


def test_tips_for_timid_dominant_and_participation_are_scored_when_they_apply():
    result = score({4: 2, 7: 3, 1: 1}, kind="evaluatie", stance="timide", participation=True)
    # (2 + 3 + 1) / 9
    assert result.percentage == 67
    assert result.applicable == 8
    dominant = score({8: 0, 1: 3}, kind="haal", stance="dominant")
    assert dominant.percentage == 50
    assert dominant.applicable == 7


# --- the speaking-time meter ----------------------------------------------------------


@pytest.mark.parametrize(
    ("staff", "parent", "level"),
    [
        # One-sided, in whole seconds: both edges of every step.
        (60, 40, 3),  # 40 %: volledig
        (6001, 3999, 2),  # 39.99 %: ruim
        (70, 30, 2),  # 30 %: ruim
        (7001, 2999, 1),  # 29.99 %: deels
        (80, 20, 1),  # 20 %: deels
        (8001, 1999, 0),  # 19.99 %: niet
        (100, 0, 0),
        (50, 50, 3),
        # A parent talking more never lowers tip 3 (tip 8's business, not tip 3's).
        (20, 80, 3),  # a timid parent given 80 % of the time
        (10, 90, 3),  # a dominant parent at 90 %
        (0, 30, 3),
        # Nothing measured.
        (0, 0, None),
        (None, 60, None),
        (60, None, None),
        (None, None, None),
    ],
)
def test_speaking_level_proposal(staff, parent, level):
    assert propose_speaking_level(staff, parent) == level


@given(st.integers(min_value=0, max_value=36000), st.integers(min_value=0, max_value=36000))
def test_speaking_level_is_the_stated_table(staff, parent):
    assume(staff + parent > 0)
    percent = Fraction(100 * parent, staff + parent)
    expected = 3 if percent >= 40 else 2 if percent >= 30 else 1 if percent >= 20 else 0
    assert propose_speaking_level(staff, parent) == expected


def test_meter_proposes_the_speaking_tip_when_left_open():
    result = score({1: 1}, seconds=(360, 420))  # 6 vs 7 minutes: 54 %

    tip3 = result.tips[2]
    assert (tip3.level, tip3.proposed) == (3, True)
    assert result.scored == 2
    assert result.percentage == 67  # (1 + 3) / 6


def test_explicit_level_beats_the_meter():
    result = score({3: 0, 1: 3}, seconds=(60, 60))

    tip3 = result.tips[2]
    assert (tip3.level, tip3.proposed) == (0, False)
    assert result.percentage == 50


def test_not_applicable_beats_the_meter():
    result = score({3: NOT_APPLICABLE, 1: 3}, seconds=(60, 60))
    tip3 = result.tips[2]
    assert tip3.marked_not_applicable
    assert not tip3.proposed
    assert result.percentage == 100
    assert result.scored == 1


def test_meter_proposes_nothing_at_the_door_or_without_measurement():
    at_the_door = score({1: 3}, kind="breng", seconds=(60, 60))
    assert at_the_door.tips[2].level is None
    assert at_the_door.scored == 1

    not_measured = score({1: 3}, seconds=None)
    assert not_measured.tips[2].level is None
    assert not not_measured.tips[2].proposed
    assert not_measured.scored == 1


# --- properties -------------------------------------------------------------------------

level_values = st.one_of(st.sampled_from([0, 1, 2, 3]), st.just(NOT_APPLICABLE))
levels_strategy = st.dictionaries(st.integers(min_value=1, max_value=10), level_values)
scenarios = st.fixed_dictionaries(
    {
        "levels": levels_strategy,
        "kind": st.sampled_from(KINDS),
        "stance": st.sampled_from(STANCES),
        "participation": st.booleans(),
        "seconds": st.one_of(st.none(), st.tuples(st.integers(0, 3600), st.integers(0, 3600))),
    }
)


@given(scenarios)
def test_percentage_is_between_0_and_100_or_none_when_nothing_scored(scenario):
    result = score(**scenario)

    if result.scored == 0:
        assert result.percentage is None
    else:
        assert 0 <= result.percentage <= 100
    assert 0 <= result.scored <= result.applicable <= 10
    if result.applicable:
        assert 0 <= result.completeness <= 1


@given(scenarios, st.data())
def test_marking_an_unscored_tip_not_applicable_never_changes_the_percentage(scenario, data):
    before = score(**scenario)
    unscored = sorted(tip.number for tip in before.tips if not tip.scored)
    assume(unscored)
    number = data.draw(st.sampled_from(unscored))

    after = score(**{**scenario, "levels": {**scenario["levels"], number: NOT_APPLICABLE}})

    assert after.percentage == before.percentage
    assert after.scored == before.scored


@given(scenarios, st.data())
def test_raising_one_level_never_lowers_the_percentage(scenario, data):
    raisable = sorted(
        number
        for number, level in scenario["levels"].items()
        if level is not NOT_APPLICABLE and level < 3
    )
    assume(raisable)
    number = data.draw(st.sampled_from(raisable))
    before = score(**scenario)

    raised = {**scenario["levels"], number: scenario["levels"][number] + 1}
    after = score(**{**scenario, "levels": raised})

    assert after.scored == before.scored
    if before.percentage is None:  # the raised tip does not apply here
        assert after.percentage is None
    else:
        assert after.percentage >= before.percentage


# --- the seeded checklist matches this table ------------------------------------------------


@pytest.mark.django_db
def test_migration_seeds_the_ten_tips_with_these_rules():
    from gesprekken.models import Checklist, Tip

    standard = Checklist.standard()
    tips = list(Tip.objects.standard())

    assert standard.tips.count() == 10
    assert [tip.rule for tip in tips] == [
        TipRule(rule.number, str(rule.applies), rule.speaking_time) for rule in RULES
    ]
    assert [tip.number for tip in tips if tip.speaking_time] == [3]
    assert all(tip.title_nl and tip.title_en and tip.guidance_nl for tip in tips)
    assert "Harriet Marseille" in standard.source


def test_kinds_table_covers_every_conversation_kind():
    from gesprekken.vocabulary import ConversationKind

    assert set(TIPS_BY_KIND) == set(ConversationKind.values)
