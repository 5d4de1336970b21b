"""Constant query counts on the conversation pages, however many talks a child or parent has."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gesprekken.models import Feedback
from gesprekken.scoring import NOT_APPLICABLE

from .helpers import days_ago, log_conversation

pytestmark = pytest.mark.django_db

# Today's counts plus a little headroom; the equality tests are what matter.
CHILD_PAGE_MAX_QUERIES = 10  # the benchmark's target for a key page
DETAIL_MAX_QUERIES = 10
MY_CONVERSATIONS_MAX_QUERIES = 12
PARENT_PAGE_MAX_QUERIES = 13


def _count_queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def _log_talks(count: int, *, users, child, parents, start: int = 0) -> list:
    """Talks with tip scores, two parents and two agreements each, spread over the users."""
    today = timezone.localdate()
    return [
        log_conversation(
            users[n % len(users)],
            child,
            parents=parents,
            occurred_at=days_ago(1 + (start + n) % 80, hour=8 + n % 10),
            topics=["slapen", "ouderparticipatie"],
            parent_stance="timide",
            levels={1: 3, 3: n % 4, 4: 1, 5: 2, 7: 0, 9: NOT_APPLICABLE},
            follow_ups=[
                {"description": f"Afspraak {start + n}a", "due_date": today},
                {
                    "description": f"Afspraak {start + n}b",
                    "due_date": today - datetime.timedelta(days=1),
                },
            ],
        )
        for n in range(count)
    ]


@pytest.fixture
def second_parent(org, child_a):
    from ouders.models import Relationship
    from tests.factories import link_parent, make_parent

    parent = make_parent(org, first_name="Bram", last_name="de Vries")
    link_parent(child_a, parent, relationship=Relationship.FATHER)
    return parent


@pytest.fixture
def talk_setup(pm_a, pm_a2, child_a, parent_a, second_parent):
    def add(count: int, start: int = 0) -> list:
        return _log_talks(
            count,
            users=[pm_a, pm_a2],
            child=child_a,
            parents=[parent_a, second_parent],
            start=start,
        )

    return add


# --- child page ---------------------------------------------------------------------


def test_child_timeline_with_many_talks(
    client_for, pm_a, child_a, talk_setup, django_assert_max_num_queries
):
    """guards against N+1"""
    talk_setup(60)
    client = client_for(pm_a)
    client.get(reverse("child_detail", args=[child_a.pk]))

    with django_assert_max_num_queries(CHILD_PAGE_MAX_QUERIES):
        response = client.get(reverse("child_detail", args=[child_a.pk]))

    assert response.content.decode().count('class="timeline-link"') == 25


def test_child_timeline_query_count_does_not_grow(client_for, pm_a, child_a, talk_setup):
    """guards against N+1"""
    client = client_for(pm_a)
    url = reverse("child_detail", args=[child_a.pk])
    talk_setup(5)
    client.get(url)
    few = _count_queries(client, url)

    talk_setup(55, start=5)
    many = _count_queries(client, url)
    second_page = _count_queries(client, url, pagina=2)

    assert few == many == second_page


# --- conversation detail ---------------------------------------------------------------


def _rich_conversation(pm_a, pm_a2, manager_a, child_a, parents, *, agreements: int, edits: int):
    conversation = log_conversation(
        pm_a,
        child_a,
        parents=parents,
        topics=["ouderparticipatie"],
        parent_stance="dominant",
        levels={n: n % 4 for n in range(1, 11)},
        staff_seconds=300,
        parent_seconds=280,
        follow_ups=[
            {"description": f"Afspraak {n}", "owner_staff": pm_a2.staff_member}
            for n in range(agreements)
        ],
    )
    conversation.co_staff.set([pm_a2.staff_member, manager_a.staff_member][: 1 + agreements % 2])
    for n in range(edits):
        conversation.summary = f"Versie {n}"
        conversation._history_user = pm_a
        conversation.save()
    for n in range(agreements // 2):
        Feedback.objects.create(
            conversation=conversation,
            author=manager_a.staff_member,
            went_well=f"Goed gedaan {n}",
            tip_id=conversation.tip_scores.first().tip_id,
        )
    return conversation


def test_conversation_detail_with_much_on_it(
    client_for,
    pm_a,
    pm_a2,
    manager_a,
    child_a,
    parent_a,
    second_parent,
    django_assert_max_num_queries,
):
    """guards against N+1"""
    conversation = _rich_conversation(
        pm_a, pm_a2, manager_a, child_a, [parent_a, second_parent], agreements=12, edits=25
    )
    url = reverse("conversation_detail", args=[conversation.pk])
    client = client_for(manager_a)
    client.get(url)

    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        response = client.get(url)

    assert response.content.decode().count("Afspraak ") == 12


@pytest.mark.parametrize("user", ["pm_a", "manager_a"])
def test_conversation_detail_query_count_does_not_grow(
    client_for, request, pm_a, pm_a2, manager_a, child_a, parent_a, second_parent, user
):
    """guards against N+1"""
    small = _rich_conversation(pm_a, pm_a2, manager_a, child_a, [parent_a], agreements=1, edits=0)
    big = _rich_conversation(
        pm_a, pm_a2, manager_a, child_a, [parent_a, second_parent], agreements=12, edits=25
    )
    client = client_for(request.getfixturevalue(user))
    client.get(reverse("conversation_detail", args=[small.pk]))

    few = _count_queries(client, reverse("conversation_detail", args=[small.pk]))
    many = _count_queries(client, reverse("conversation_detail", args=[big.pk]))

    assert few == many


# --- my conversations ----------------------------------------------------------------


def test_my_conversations_with_many_talks(
    client_for, pm_a, talk_setup, django_assert_max_num_queries
):
    """guards against N+1"""
    talk_setup(60)
    client = client_for(pm_a)
    client.get(reverse("my_conversations"))

    with django_assert_max_num_queries(MY_CONVERSATIONS_MAX_QUERIES):
        response = client.get(reverse("my_conversations"))

    assert response.content.decode().count('class="timeline-link"') == 25


def test_my_conversations_query_count_does_not_grow(client_for, pm_a, manager_a, talk_setup):
    """guards against N+1"""
    client = client_for(pm_a)
    url = reverse("my_conversations")
    talks = talk_setup(5)
    Feedback.objects.create(
        conversation=talks[0], author=manager_a.staff_member, went_well="Mooi gevraagd"
    )
    client.get(url)
    few = _count_queries(client, url)

    more = talk_setup(55, start=5)
    for talk in more[::2][:8]:
        Feedback.objects.create(
            conversation=talk, author=manager_a.staff_member, went_well="Goed geluisterd"
        )
    many = _count_queries(client, url)

    assert few == many


# --- parent page ---------------------------------------------------------------------


def test_parent_page_with_many_talks(
    client_for, pm_a, parent_a, talk_setup, django_assert_max_num_queries
):
    """guards against N+1"""
    talk_setup(60)
    client = client_for(pm_a)
    url = reverse("parent_detail", args=[parent_a.pk])
    client.get(url)

    with django_assert_max_num_queries(PARENT_PAGE_MAX_QUERIES):
        response = client.get(url)

    assert response.content.decode().count('class="timeline-link"') == 25


def test_parent_page_query_count_does_not_grow(client_for, pm_a, parent_a, talk_setup):
    """guards against N+1"""
    client = client_for(pm_a)
    url = reverse("parent_detail", args=[parent_a.pk])
    talk_setup(5)
    client.get(url)
    few = _count_queries(client, url)

    talk_setup(55, start=5)
    many = _count_queries(client, url)

    assert few == many
