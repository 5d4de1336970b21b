"""Fixtures of the review tests on top of the shared people in tests/conftest.py."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from gesprekken.models import Conversation
from inzicht.models import DayTipTotal, DayTotal
from organisatie.models import Role
from tests.conftest import _DB_FIXTURES
from tests.factories import make_staff

from .helpers import AMSTERDAM

# A Wednesday; the dashboards and the dossier compute their periods from "today".
FROZEN_NOW = datetime.datetime(2025, 6, 11, 12, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def frozen_now(monkeypatch):
    """Freeze django.utils.timezone.now (and so localdate/localtime) at FROZEN_NOW.

    Request this fixture first (or through usefixtures) so children created by the shared
    fixtures get their dates from the frozen clock too.
    """
    monkeypatch.setattr(timezone, "now", lambda: FROZEN_NOW.astimezone(datetime.UTC))
    return FROZEN_NOW


@pytest.fixture
def other_admin(other_org, other_location):
    """An admin of the other organisation (Het Anker): a manager-level user outside ours."""
    return make_staff(
        "other_admin", other_org, Role.ADMIN, [other_location], first_name="Otto", last_name="Anker"
    )


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (full-text search with the Dutch configuration)")


@pytest.fixture(autouse=True)
def _no_totals_left_by_a_flush(request):
    """A transactional test elsewhere ends with a flush, which on SQLite deletes the tables
    row by row in no fixed order: deleting the conversations after the totals lets their
    triggers write negative totals that no conversation accounts for. Remove them."""
    if request.node.get_closest_marker("django_db") is None and not (
        _DB_FIXTURES & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("_django_db_helper")
    if connection.vendor == "sqlite" and not Conversation.objects.exists():
        DayTotal.objects.all().delete()
        DayTipTotal.objects.all().delete()
