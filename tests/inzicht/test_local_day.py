"""The local day of a moment is the same in Python, SQLite and PostgreSQL for every date
the forms accept (ouderportaal/fields.py: the years MIN_YEAR to MAX_YEAR).

The model fills ``Conversation.day`` in Python and a trigger refuses a row whose day the
database computes otherwise, so any disagreement is a refused save. SQLite calls the
model's own function; PostgreSQL converts with its time-zone database. The test runs
on both (``make test``, ``make test-postgres``).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.urls import reverse

from gesprekken.models import Conversation
from inzicht import rollups
from ouderportaal.fields import MAX_YEAR, MIN_YEAR
from tests.gesprekken.helpers import sit_down_data

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = datetime.UTC
SECOND = datetime.timedelta(seconds=1)


def local_days() -> Iterator[datetime.date]:
    day = datetime.date(MIN_YEAR, 1, 1)
    while day.year <= MAX_YEAR:
        yield day
        day += datetime.timedelta(days=1)


def around_midnight() -> list[datetime.datetime]:
    """Every day of the accepted years just after and before local midnight (UTC)."""
    times = [datetime.time(0, 0), datetime.time(0, 30), datetime.time(23, 30)]
    times.append(datetime.time(23, 59, 59))
    return [
        datetime.datetime.combine(day, time, tzinfo=AMSTERDAM).astimezone(UTC)
        for day in local_days()
        for time in times
    ]


def clock_changes() -> list[datetime.datetime]:
    """Each moment Amsterdam's clock changed in the accepted years (to the second)."""
    changes = []
    start = datetime.datetime(MIN_YEAR, 1, 1, tzinfo=UTC)
    end = datetime.datetime(MAX_YEAR + 1, 1, 1, tzinfo=UTC)
    moment = start
    while moment < end:
        following = moment + datetime.timedelta(days=1)
        if moment.astimezone(AMSTERDAM).utcoffset() != following.astimezone(AMSTERDAM).utcoffset():
            low, high = moment, following  # the offset of low is the old one, high's new
            while high - low > SECOND:
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                same = (
                    middle.astimezone(AMSTERDAM).utcoffset()
                    == low.astimezone(AMSTERDAM).utcoffset()
                )
                low, high = (middle, high) if same else (low, middle)
            changes.append(high)
        moment = following
    return changes


def around_clock_changes() -> list[datetime.datetime]:
    """Both changes of every year: a second, a minute and an hour either side."""
    offsets = [datetime.timedelta(seconds=s) for s in (-3600, -60, -1, 0, 1, 60, 3600)]
    return [change + offset for change in clock_changes() for offset in offsets]


def database_local_days(moments: list[datetime.datetime]) -> list[str]:
    """The database's local day of each moment, in one statement (the triggers' SQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            expression = rollups.local_day_sql("t.x", "postgresql")
            cursor.execute(
                f"SELECT {expression} FROM unnest(%s::timestamptz[]) WITH ORDINALITY AS t(x, n) "  # noqa: S608
                "ORDER BY t.n",
                [moments],
            )
        else:
            expression = rollups.local_day_sql("j.value", "sqlite")
            stored = [connection.ops.adapt_datetimefield_value(moment) for moment in moments]
            cursor.execute(
                f"SELECT {expression} FROM json_each(%s) j ORDER BY j.key",  # noqa: S608
                [json.dumps(stored)],
            )
        return [str(day) for (day,) in cursor.fetchall()]


def test_the_clock_changes_are_found():
    changes = clock_changes()
    assert datetime.datetime(1990, 9, 30, 1, 0, tzinfo=UTC) in changes  # summer time ended
    assert datetime.datetime(2025, 3, 30, 1, 0, tzinfo=UTC) in changes
    assert datetime.datetime(2100, 10, 31, 1, 0, tzinfo=UTC) in changes
    assert len(changes) > 2 * (MAX_YEAR - 1977)  # both changes every year since 1977


@pytest.mark.parametrize(
    "moments", [around_midnight, around_clock_changes], ids=["midnights", "clock_changes"]
)
def test_the_database_agrees_with_zoneinfo_on_every_accepted_date(moments):
    moments = moments()
    expected = [moment.astimezone(AMSTERDAM).date().isoformat() for moment in moments]

    found = database_local_days(moments)

    wrong = [(m, e, f) for m, e, f in zip(moments, expected, found, strict=True) if e != f]
    assert not wrong, f"{len(wrong)} moments differ, e.g. {wrong[:5]}"


def test_the_day_guard_accepts_the_first_and_last_moments_and_the_clock_changes(pm_a, child_a):
    """Through the trigger itself: a conversation at the edges and at each clock change."""
    moments = [
        datetime.datetime(MIN_YEAR, 1, 1, 0, 0, tzinfo=AMSTERDAM),
        datetime.datetime(MAX_YEAR, 12, 31, 23, 59, 59, tzinfo=AMSTERDAM),
        *(change + offset for change in clock_changes() for offset in (-SECOND, 0 * SECOND)),
    ]
    Conversation.objects.bulk_create(
        Conversation(
            author=pm_a.staff_member,
            child=child_a,
            location_id=child_a.location_id,
            kind="breng",
            occurred_at=moment,
        )
        for moment in moments
    )

    assert Conversation.objects.count() == len(moments)
    assert rollups.differences() == {}


def test_a_talk_in_1990_after_summer_time_ended_saves(client_for, pm_a, child_a):
    """1990's summer time ended on 30 September: 23:30 on 1 October is 22:30 UTC, still
    the 1st (the EU rule SQLite once used said the 2nd, and the save failed with a 503)."""
    child_a.date_of_birth = datetime.date(1989, 1, 1)
    child_a.start_date = datetime.date(1989, 6, 1)
    child_a.save()

    response = client_for(pm_a).post(
        reverse("conversation_create", args=[child_a.pk]),
        sit_down_data(occurred_at="1990-10-01T23:30"),
    )

    assert response.status_code == 302
    talk = Conversation.objects.get()
    assert talk.occurred_at == datetime.datetime(1990, 10, 1, 22, 30, tzinfo=UTC)
    assert talk.day == datetime.date(1990, 10, 1)
    assert rollups.differences() == {}
