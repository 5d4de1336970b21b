"""The completeness rule, the one rounding and the completeness wording."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from gesprekken.scoring import completeness_label, is_complete, round_half_up


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (625, 10, 63),  # 62.5: half up, not half to even (62)
        (624, 10, 62),
        (626, 10, 63),
        (125, 10, 13),
        (5, 10, 1),
        (4, 10, 0),
        (0, 7, 0),
        (200, 3, 67),  # 66.67
        (100, 3, 33),  # 33.33
        (1300, 18, 72),  # 72.2
        (100, 1, 100),
    ],
)
def test_round_half_up(numerator: int, denominator: int, expected: int) -> None:
    assert round_half_up(numerator, denominator) == expected


def test_round_half_up_refuses_a_zero_denominator() -> None:
    with pytest.raises(ValueError, match="denominator"):
        round_half_up(1, 0)


@given(st.integers(min_value=-(10**6), max_value=10**6), st.integers(min_value=1, max_value=10**4))
def test_round_half_up_is_floor_of_value_plus_half(numerator: int, denominator: int) -> None:
    assert round_half_up(numerator, denominator) == math.floor(
        Fraction(numerator, denominator) + Fraction(1, 2)
    )


@pytest.mark.parametrize(
    ("scored", "applicable", "expected"),
    [
        # Minimum three, whatever the number of applicable tips.
        (2, 3, False),
        (3, 3, True),
        (2, 4, False),
        (3, 4, True),
        (2, 5, False),
        (3, 5, True),
        (3, 6, True),  # ceil(6/2) = 3
        (3, 7, False),  # ceil(7/2) = 4
        (4, 7, True),
        (3, 8, False),
        (4, 8, True),
        (4, 9, False),  # ceil(9/2) = 5
        (5, 9, True),
        (4, 10, False),
        (5, 10, True),
        # Fewer applicable tips than the minimum never count; nothing applicable neither.
        (2, 2, False),
        (0, 0, False),
        (1, 7, False),
        (7, 7, True),
    ],
)
def test_is_complete(scored: int, applicable: int, expected: bool) -> None:
    assert is_complete(scored, applicable) is expected


@given(st.integers(min_value=0, max_value=10), st.integers(min_value=0, max_value=10))
def test_is_complete_is_the_stated_rule(scored: int, applicable: int) -> None:
    expected = applicable > 0 and scored >= max(3, math.ceil(applicable / 2))
    assert is_complete(scored, applicable) is expected


def test_completeness_label_reads_as_tips_scored() -> None:
    with translation.override("nl"):
        assert completeness_label(6, 6) == "6 van 6 tips gescoord"
        assert completeness_label(4, 8) == "4 van 8 tips gescoord"
    with translation.override("en"):
        assert completeness_label(1, 7) == "1 of 7 tips scored"
