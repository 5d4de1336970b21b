"""Fixtures of the security tests, on top of the shared people in tests/conftest.py.

Every object a URL can point at exists at location A (Zonnebloem): ``child_a``, ``parent_a``,
``conversation_a`` (pm_a's ten-minute talk about child_a, with one open agreement),
``preparation_a`` (pm_a's notes), ``consent_a`` (given by parent_a for child_a).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from axes import attempts as axes_attempts
from axes.handlers import proxy as axes_proxy
from django.apps import apps
from django.test import Client
from django.utils import timezone

from gesprekken.models import Conversation, FollowUp, Preparation
from organisatie.models import Role
from privacy.models import Consent
from tests.conftest import verify_two_factor
from tests.factories import make_staff
from tests.gesprekken.helpers import days_ago, log_conversation

# The apps whose rows are the product's data: a rejected submission must not change them.
DATA_APPS = ("organisatie", "kinderen", "ouders", "gesprekken", "privacy")

SUMMARY_A = "Emma slaapt onrustig sinds de verhuizing naar Overvecht"


@pytest.fixture
def other_admin(other_org, other_location):
    """An admin of the other organisation: manager-level rights, but never over ours."""
    return make_staff(
        "other_admin", other_org, Role.ADMIN, [other_location], first_name="Otto", last_name="Anker"
    )


@pytest.fixture
def conversation_a(pm_a, child_a, parent_a) -> Conversation:
    return log_conversation(
        pm_a,
        child_a,
        parents=[parent_a],
        occurred_at=days_ago(2),
        duration_minutes=15,
        summary=SUMMARY_A,
        parent_view="Moeder ziet het thuis ook",
        levels={1: 3, 5: 2},
        follow_ups=[{"description": "Slaapritme thuis bijhouden"}],
    )


@pytest.fixture
def handover_a(pm_a, child_a, parent_a) -> Conversation:
    """pm_a's pick-up talk, saved just now (its undo window is open); the pages post drop-offs."""
    return log_conversation(
        pm_a, child_a, kind="haal", parents=[parent_a], tone="fijn", occurred_at=timezone.now()
    )


@pytest.fixture
def agreement_a(conversation_a) -> FollowUp:
    return conversation_a.follow_ups.get()


@pytest.fixture
def preparation_a(pm_a, child_a) -> Preparation:
    return Preparation.objects.create(
        child=child_a, author=pm_a.staff_member, notes="Vragen over het slapen"
    )


@pytest.fixture
def consent_a(child_a, parent_a, manager_a) -> Consent:
    return Consent.objects.create(
        child=child_a,
        given_by=parent_a,
        recipient="Basisschool De Regenboog, groep 1",
        scope="Ontwikkeling en taal",
        given_on=timezone.localdate() - datetime.timedelta(days=10),
        created_by=manager_a.staff_member,
    )


@dataclass
class World:
    """Everything at location A that a URL can name."""

    child_a: object
    parent_a: object
    conversation_a: Conversation
    agreement_a: FollowUp
    preparation_a: Preparation
    consent_a: Consent
    handover_a: Conversation


@pytest.fixture
def world(
    child_a, parent_a, conversation_a, agreement_a, preparation_a, consent_a, handover_a
) -> World:
    return World(
        child_a, parent_a, conversation_a, agreement_a, preparation_a, consent_a, handover_a
    )


@pytest.fixture
def raw_client_for(db) -> Callable[..., Client]:
    """Like ``client_for``, but a server error comes back as a 500 response, not an exception."""

    def make(user=None, *, verified: bool = True) -> Client:
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
            if verified:
                verify_two_factor(client, user)
        return client

    return make


@pytest.fixture
def client_as(request, raw_client_for) -> Callable[[str], Client]:
    """``client_as("manager_a")``: a (verified) client of the user behind a role name."""

    def make(role: str) -> Client:
        if role == "anonymous":
            return raw_client_for()
        return raw_client_for(request.getfixturevalue(role))

    return make


def data_row_counts() -> dict[str, int]:
    """Row counts of every model of the product's apps (history tables included) and users."""
    counts = {}
    models = [m for label in DATA_APPS for m in apps.get_app_config(label).get_models()]
    models.append(apps.get_model("auth", "User"))
    for model in models:
        counts[model._meta.label] = model._base_manager.count()
    return counts


@pytest.fixture
def clock(monkeypatch):
    """Move the clock forward for Django and django-axes (which imported ``now`` itself)."""
    real_now = timezone.now
    offset = [datetime.timedelta()]

    def now() -> datetime.datetime:
        return real_now() + offset[0]

    for module in (timezone, axes_proxy, axes_attempts):
        monkeypatch.setattr(module, "now", now)

    class Clock:
        def advance(self, **delta) -> None:
            offset[0] += datetime.timedelta(**delta)

    return Clock()
