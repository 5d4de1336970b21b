"""The bulk seeder (seed_large) writes raw rows: their derived columns must be what the
services would have stored (gesprekken/derived.py is used for both)."""

from __future__ import annotations

import datetime
import random

import pytest
from django.contrib.auth.hashers import make_password

from demo.large import BENCH_PARENT, LargeSeeder, Plan
from gesprekken.derived import local_day
from gesprekken.models import (
    Conversation,
    ConversationShare,
    FollowUp,
    ParentResponse,
    PlannedTalk,
)
from gesprekken.services import conversation_score, standard_tips, stored_levels, with_levels
from gesprekken.vocabulary import Topic
from organisatie.models import Organization
from ouders.models import ChildParent, ParentAccount

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


def test_seeded_parent_portal_has_the_bench_parent_and_shared_talks():
    """seed_large gives the benchmark a parent with a portal login, ~100 talks shared with
    them, and shares and answers over the organisation for the manager's parents' voice."""
    seeder = LargeSeeder(
        plan=Plan(0.0005),
        rng=random.Random(1),
        today=datetime.date(2026, 5, 4),
        log=lambda _line: None,
    )
    counts = seeder.run(Organization.objects.create(name="Groot"), password_hash=make_password("x"))

    account = ParentAccount.objects.select_related("parent", "user").get()
    parent = account.parent
    assert account.user.username == BENCH_PARENT
    assert account.user.check_password("x")
    assert ChildParent.objects.for_portal(parent).exists()
    shared = ConversationShare.objects.for_parent(parent)
    assert 20 <= shared.count() <= 100
    assert ParentResponse.objects.for_parent(parent).filter(conversation__share__in=shared).exists()
    assert FollowUp.objects.filter(owner_parent=parent, done_at__isnull=True).exists()
    assert PlannedTalk.objects.for_parent(parent).upcoming(datetime.date(2026, 5, 4)).exists()

    # Over the organisation: shared with parents who took part, answered by those parents.
    assert ConversationShare.objects.exclude(pk__in=shared).exists()
    assert counts["shared_conversations"] == ConversationShare.objects.count()
    assert ParentResponse.objects.exclude(parent=parent).exists()
    for share in ConversationShare.objects.prefetch_related("parents", "conversation__parents"):
        assert set(share.parents.all()) <= set(share.conversation.parents.all()), share.pk
    for response in ParentResponse.objects.select_related("conversation__share"):
        assert response.conversation.share.parents.filter(pk=response.parent_id).exists()
        assert response.created_at >= response.conversation.share.shared_at
