"""A conversation's derived columns come from one function (gesprekken/derived.py):
the same values from plain fields (the bulk seeder), from save() and from the services."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gesprekken.derived import derive, fill_derived, local_day
from gesprekken.models import Conversation
from gesprekken.services import standard_tips
from gesprekken.vocabulary import ConversationKind, ParentStance, Topic

from .helpers import log_conversation

pytestmark = pytest.mark.django_db


def test_derive_from_plain_values(tips):
    # Half past midnight in Amsterdam, still the day before in UTC.
    moment = datetime.datetime(2025, 3, 30, 0, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    derived = derive(
        location_id=7,
        occurred_at=moment.astimezone(datetime.UTC),
        kind=ConversationKind.EVALUATION,
        topics=[Topic.SLEEP, Topic.PARTICIPATION],
        parent_stance=ParentStance.TIMID,
        staff_seconds=300,
        parent_seconds=300,
        levels={1: 3, 4: 3, 7: 0},
        rules=[tip.rule for tip in standard_tips()],
    )

    assert derived.columns() == {
        "location_id": 7,
        "participation_discussed": True,
        "day": datetime.date(2025, 3, 30),
        # tips 1, 4 (participation) and 7 (timid) given, tip 3 proposed from the meter
        "score_percentage": 75,
        "score_scored": 4,
        "score_applicable": 8,
        "score_complete": True,  # 4 of 8: max(3, ceil(8 / 2))
    }
    assert [t.number for t in derived.score.tips if t.proposed] == [3]


def test_derive_without_levels_leaves_the_score_alone():
    derived = derive(
        location_id=None,
        occurred_at=None,
        kind=ConversationKind.DROP_OFF,
        topics=None,
        parent_stance="",
        staff_seconds=None,
        parent_seconds=None,
    )

    assert derived.columns() == {"location_id": None, "participation_discussed": False, "day": None}


def test_the_service_stores_what_derive_computes(pm_a, child_a, tips):
    talk = log_conversation(
        pm_a,
        child_a,
        kind=ConversationKind.TEN_MINUTE,
        topics=[Topic.PARTICIPATION],
        parent_stance=ParentStance.DOMINANT,
        staff_seconds=420,
        parent_seconds=180,
        levels={1: 2, 8: 1},
    )
    stored = Conversation.objects.get(pk=talk.pk)

    expected = derive(
        location_id=child_a.location_id,
        occurred_at=stored.occurred_at,
        kind=stored.kind,
        topics=stored.topics,
        parent_stance=stored.parent_stance,
        staff_seconds=stored.staff_seconds,
        parent_seconds=stored.parent_seconds,
        levels={1: 2, 8: 1},
        rules=[tip.rule for tip in standard_tips()],
    ).columns()
    actual = {name: getattr(stored, name) for name in expected}
    actual["score_percentage"] = float(actual["score_percentage"])
    assert actual == expected


def test_the_location_comes_from_the_loaded_child_without_a_query(pm_a, child_a):
    talk = Conversation(author=pm_a.staff_member, child=child_a, kind=ConversationKind.PHONE)

    with CaptureQueriesContext(connection) as queries:
        fill_derived(talk)

    assert len(queries) == 0
    assert talk.location_id == child_a.location_id
    assert talk.day == local_day(talk.occurred_at)


def test_save_looks_the_location_up_for_a_child_given_by_id(pm_a, child_a):
    talk = Conversation(author=pm_a.staff_member, child_id=child_a.pk, kind=ConversationKind.PHONE)
    talk.topics = [Topic.PARTICIPATION]
    talk.save()

    talk.refresh_from_db()
    assert talk.location_id == child_a.location_id
    assert talk.participation_discussed is True


def test_a_stored_location_stays_when_the_child_moves(pm_a, child_a, location_a, group_b):
    talk = log_conversation(pm_a, child_a)
    child_a.group, child_a.mentor = group_b, None
    child_a.save()

    talk.summary = "Bijgewerkt"
    talk.save()

    talk.refresh_from_db()
    assert talk.location_id == location_a.pk != child_a.location_id
