"""Fixtures of the portal tests, on top of the shared people in tests/conftest.py."""

from __future__ import annotations

import pytest

from tests.gesprekken.helpers import days_ago, log_conversation

from .helpers import agreement_for, share

SHARED_SUMMARY = "Emma bouwt graag torens.\nThuis speelt ze veel met blokken."


@pytest.fixture
def talk_a(pm_a, child_a, parent_a):
    """pm_a's ten-minute talk about child_a with parent_a (not shared yet)."""
    return log_conversation(
        pm_a,
        child_a,
        parents=[parent_a],
        occurred_at=days_ago(3),
        duration_minutes=15,
        summary="Interne notitie over Emma",
        follow_ups=[{"description": "Foto's van het bouwen sturen"}],
    )


@pytest.fixture
def shared_a(talk_a, parent_a):
    """talk_a shared with parent_a, agreements included."""
    return share(talk_a, [parent_a], summary_for_parents=SHARED_SUMMARY)


@pytest.fixture
def agreement_of_parent(shared_a, parent_a):
    return agreement_for(shared_a.conversation, parent_a, "Knuffel meenemen op maandag")


@pytest.fixture
def parent_client(client_for, parent_user):
    return client_for(parent_user)
