"""The bulk seeder (seed_large) writes raw rows: their derived columns must be what the
services would have stored (gesprekken/derived.py is used for both)."""

from __future__ import annotations

import datetime
import random

import pytest
from django.contrib.auth.hashers import make_password

from demo.large import LargeSeeder, Plan
from gesprekken.derived import local_day
from gesprekken.models import Conversation
from gesprekken.services import conversation_score, standard_tips, stored_levels, with_levels
from gesprekken.vocabulary import Topic
from organisatie.models import Organization

pytestmark = pytest.mark.django_db


def test_seeded_conversations_have_the_derived_columns_of_the_service():
    # The seeder without the command's VACUUM, which PostgreSQL refuses inside a test's
    # transaction.
    seeder = LargeSeeder(
        plan=Plan(0.0005),
        rng=random.Random(1),
        today=datetime.date(2026, 5, 4),
        log=lambda _line: None,
    )
    seeder.run(Organization.objects.create(name="Groot"), password_hash=make_password("x"))
    tips = standard_tips()
    talks = with_levels(Conversation.objects.select_related("child"))

    assert len(talks) >= 400
    scored = 0
    for talk in talks:
        assert talk.location_id == talk.child.location_id, talk.pk
        assert talk.participation_discussed == (Topic.PARTICIPATION in talk.topics), talk.pk
        assert talk.day == local_day(talk.occurred_at), talk.pk
        result = conversation_score(talk, stored_levels(talk), tips)
        percentage = None if talk.score_percentage is None else float(talk.score_percentage)
        assert (percentage, talk.score_scored, talk.score_applicable) == (
            result.percentage,
            result.scored,
            result.applicable,
        ), talk.pk
        scored += talk.score_scored > 0
    assert scored > 50
