"""Month arithmetic of the retention period: pure functions, no database."""

import datetime

import pytest

from privacy.services import add_months, retention_threshold

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year: clamped to the 29th
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2024, 3, 31), 24, D(2026, 3, 31)),
        (D(2024, 8, 31), 1, D(2024, 9, 30)),
        (D(2024, 12, 15), 1, D(2025, 1, 15)),
        (D(2024, 11, 30), 14, D(2026, 1, 30)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 1, 15), -25, D(2023, 12, 15)),
        (D(2024, 5, 15), 0, D(2024, 5, 15)),
    ],
)
def test_add_months_clamps_the_day(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("months", [1, 12, 23, 24, 25, 36, 120])
def test_threshold_matches_the_definition_for_every_day_of_four_years(months):
    """end_date + months < today  <=>  end_date < threshold, checked exhaustively."""
    today = D(2026, 1, 1)
    while today < D(2030, 1, 1):
        threshold = retention_threshold(today, months)
        assert add_months(threshold - datetime.timedelta(days=1), months) < today
        assert add_months(threshold, months) >= today
        today += datetime.timedelta(days=1)


def test_threshold_on_the_31st_after_a_short_month():
    # 28 February + 1 month = 28 March, which is before 31 March: already expired.
    assert retention_threshold(D(2026, 3, 31), 1) == D(2026, 3, 1)
    assert retention_threshold(D(2026, 3, 15), 1) == D(2026, 2, 15)
