"""Fixtures for the conversation tests, on top of the shared people in tests/conftest.py."""

from __future__ import annotations

import pytest

from gesprekken.models import Tip

from .helpers import days_ago, log_conversation


@pytest.fixture
def tips(db) -> dict[int, Tip]:
    """The standard checklist as seeded by migration 0002, by tip number."""
    return {tip.number: tip for tip in Tip.objects.standard()}


@pytest.fixture
def conversation_a(pm_a, child_a, parent_a):
    """A ten-minute talk about child_a, logged by pm_a, with one open agreement."""
    return log_conversation(
        pm_a,
        child_a,
        parents=[parent_a],
        occurred_at=days_ago(2),
        duration_minutes=15,
        summary="Oorspronkelijke samenvatting",
        levels={1: 3, 5: 2},
        follow_ups=[{"description": "Slaapritme thuis bijhouden"}],
    )


@pytest.fixture
def conversation_b(pm_b, child_b, parent_b):
    """A talk at location B: never visible to the people of location A."""
    return log_conversation(
        pm_b,
        child_b,
        parents=[parent_b],
        occurred_at=days_ago(1),
        summary="Gesprek op de Klaproos over de overgang naar school",
        levels={1: 2},
        follow_ups=[{"description": "Overdracht naar school voorbereiden"}],
    )
