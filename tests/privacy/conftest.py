"""Fixtures of the privacy tests on top of the shared people in tests/conftest.py."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A Monday in June; the retention dates below are counted back from it.
FROZEN_NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=AMSTERDAM)
TODAY = FROZEN_NOW.date()


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch):
    """Freeze django.utils.timezone.now (and so localdate) before any fixture makes data."""
    monkeypatch.setattr(timezone, "now", lambda: FROZEN_NOW.astimezone(datetime.UTC))
    return FROZEN_NOW
