"""What staff see of the parents' side: the share and the parents' answers on the talk,
marks on the child's timeline, the answers before a planned talk on the preparation page,
and what a parent likes to help with (tip 4)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from gesprekken.models import PlannedTalk
from ouders.models import ParentAccount, Relationship
from tests.factories import link_parent, make_parent, make_parent_account
from tests.gesprekken.helpers import days_ago, log_conversation
from tests.gesprekken.test_query_counts import CHILD_PAGE_MAX_QUERIES, DETAIL_MAX_QUERIES

from .staff_helpers import make_answer, make_response, make_share

pytestmark = pytest.mark.django_db

OWN_VIEW = "Ik vond het fijn dat jullie vroegen hoe het thuis gaat."


@pytest.fixture
def father(org, child_a):
    parent = make_parent(org, first_name="Bram", last_name="de Vries")
    link_parent(child_a, parent, relationship=Relationship.FATHER)
    return parent


@pytest.fixture
def talk(pm_a, child_a, parent_a, father):
    return log_conversation(
        pm_a,
        child_a,
        parents=[parent_a, father],
        occurred_at=days_ago(3),
        summary="Interne samenvatting over het slapen",
        levels={1: 3, 5: 2},
    )


def detail(client, conversation):
    return client.get(reverse("conversation_detail", args=[conversation.pk]))


def count_queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


# --- the conversation page --------------------------------------------------------------


def test_detail_shows_the_share_and_the_parents_view(client_for, pm_a, talk, parent_a, father):
    make_share(talk, [parent_a])
    make_response(talk, parent_a, own_view=OWN_VIEW, felt_heard=4, comment="Alleen wat kort.")

    response = detail(client_for(pm_a), talk)

    assertContains(response, "Gedeeld met ouders")
    assertContains(response, "Met Anouk de Vries · met de afspraken")
    assertContains(response, reverse("conversation_share", args=[talk.pk]))
    assertContains(response, reverse("conversation_unshare", args=[talk.pk]))
    assertContains(response, "Kijk van de ouder")
    assertContains(response, "fijn dat jullie vroegen hoe het thuis gaat.")
    assertContains(response, "Voelde zich gehoord: grotendeels (4 van 5)")
    assertContains(response, "Alleen wat kort.")
    # The staff's own summary is still there, beside the parent's view.
    assertContains(response, "Interne samenvatting over het slapen")


def test_detail_of_a_talk_not_shared(client_for, pm_a, talk):
    response = detail(client_for(pm_a), talk)

    assertContains(response, "Niet gedeeld met de ouders.")
    assertContains(response, reverse("conversation_share", args=[talk.pk]))
    assertNotContains(response, "Kijk van de ouder")


def test_a_colleague_sees_the_share_but_no_buttons(client_for, pm_a2, talk, parent_a):
    make_share(talk, [parent_a])
    make_response(talk, parent_a, felt_heard=2)

    response = detail(client_for(pm_a2), talk)

    assertContains(response, "Gedeeld met ouders")
    assertContains(response, "Voelde zich gehoord: een beetje (2 van 5)")
    assertNotContains(response, reverse("conversation_share", args=[talk.pk]))
    assertNotContains(response, reverse("conversation_unshare", args=[talk.pk]))


def test_the_parents_view_stays_after_sharing_stopped(client_for, pm_a, talk, parent_a):
    make_response(talk, parent_a, own_view=OWN_VIEW)  # the share itself was deleted

    response = detail(client_for(pm_a), talk)

    assertContains(response, "Niet gedeeld met de ouders.")
    assertContains(response, "Kijk van de ouder")


def test_a_shared_handover_shows_the_card(client_for, pm_a, child_a, parent_a):
    handover = log_conversation(
        pm_a, child_a, kind="breng", parents=[parent_a], tone="fijn", occurred_at=timezone.now()
    )
    make_share(handover, [parent_a], agreements=False)
    make_response(handover, parent_a, felt_heard=5)

    response = detail(client_for(pm_a), handover)

    assertContains(response, "Met Anouk de Vries · zonder de afspraken")
    assertContains(response, "Voelde zich gehoord: helemaal (5 van 5)")


def test_detail_with_a_share_and_answers_query_count(
    client_for, manager_a, pm_a, child_a, parent_a, father, org
):
    """guards against N+1: the share costs no query, the answers one, however many."""
    few_talk = log_conversation(pm_a, child_a, parents=[parent_a], levels={1: 3})
    make_share(few_talk, [parent_a])
    make_response(few_talk, parent_a, own_view="Kort")
    parents = [parent_a, father]
    for n in range(6):
        parent = make_parent(org, first_name=f"Ouder{n}", last_name="Test")
        link_parent(child_a, parent, relationship=Relationship.PARENT)
        make_parent_account(parent, f"ouder.test{n}")
        parents.append(parent)
    many_talk = log_conversation(pm_a, child_a, parents=parents, levels={1: 3})
    make_share(many_talk, parents)
    for parent in parents:
        make_response(many_talk, parent, own_view=f"Kijk van {parent.first_name}", felt_heard=3)
    client = client_for(manager_a)
    detail(client, few_talk)

    few = count_queries(client, reverse("conversation_detail", args=[few_talk.pk]))
    many = count_queries(client, reverse("conversation_detail", args=[many_talk.pk]))

    assert few == many <= DETAIL_MAX_QUERIES + 1
    assertContains(detail(client, many_talk), "Voelde zich gehoord", count=len(parents))


# --- the child's timeline ---------------------------------------------------------------


def test_timeline_marks_shared_talks_and_answers(client_for, pm_a, child_a, parent_a):
    plain = log_conversation(pm_a, child_a, parents=[parent_a], occurred_at=days_ago(5))
    shared = log_conversation(pm_a, child_a, parents=[parent_a], occurred_at=days_ago(4))
    answered = log_conversation(pm_a, child_a, parents=[parent_a], occurred_at=days_ago(3))
    make_share(shared, [parent_a])
    make_share(answered, [parent_a])
    make_response(answered, parent_a, felt_heard=5)

    content = client_for(pm_a).get(reverse("child_detail", args=[child_a.pk])).content.decode()

    rows = {
        conversation.pk: content.split(f'href="/gesprekken/{conversation.pk}/"')[1].split("</li>")[
            0
        ]
        for conversation in (plain, shared, answered)
    }
    assert "portal-mark" not in rows[plain.pk]
    assert ">gedeeld<" in rows[shared.pk] and "ouder reageerde" not in rows[shared.pk]
    assert ">gedeeld<" in rows[answered.pk] and "ouder reageerde" in rows[answered.pk]


def test_parent_page_marks_shared_talks(client_for, pm_a, child_a, parent_a):
    shared = log_conversation(pm_a, child_a, parents=[parent_a])
    make_share(shared, [parent_a])

    response = client_for(pm_a).get(reverse("parent_detail", args=[parent_a.pk]))

    assertContains(response, ">gedeeld<", count=1)


def _shared_talks(pm_a, child_a, parents, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        conversation = log_conversation(
            pm_a, child_a, parents=parents, occurred_at=days_ago(1 + n % 60, hour=8 + n % 9)
        )
        make_share(conversation, parents)
        if n % 2:
            make_response(conversation, parents[n % len(parents)], felt_heard=1 + n % 5)


def test_child_timeline_with_many_shared_talks(
    client_for, pm_a, child_a, parent_a, father, django_assert_max_num_queries
):
    """guards against N+1"""
    client = client_for(pm_a)
    url = reverse("child_detail", args=[child_a.pk])
    _shared_talks(pm_a, child_a, [parent_a, father], 5)
    client.get(url)
    few = count_queries(client, url)

    _shared_talks(pm_a, child_a, [parent_a, father], 55, start=5)
    many = count_queries(client, url)
    second_page = count_queries(client, url, pagina=2)

    assert few == many == second_page
    with django_assert_max_num_queries(CHILD_PAGE_MAX_QUERIES):
        response = client.get(url)
    assert response.content.decode().count(">gedeeld<") == 25


# --- the preparation page ---------------------------------------------------------------


def _plan(child, parents, *, days: int = 7, kind: str = "tienminutengesprek") -> PlannedTalk:
    talk = PlannedTalk.objects.create(
        child=child, kind=kind, planned_for=timezone.localdate() + datetime.timedelta(days=days)
    )
    talk.parents.set(parents)
    return talk


def test_prepare_shows_the_answers_before_a_planned_talk(
    client_for, pm_a, child_a, parent_a, father
):
    planned = _plan(child_a, [parent_a, father])
    make_answer(
        planned,
        parent_a,
        wish_to_discuss="Hoe ze eet op de groep",
        seen_at_home="Ze wil thuis alles zelf doen",
        going_well="Ze praat veel meer",
    )
    _plan(child_a, [parent_a], days=-1)  # in the past: not shown

    response = client_for(pm_a).get(reverse("prepare", args=[child_a.pk]))

    assertContains(response, "Geplande gesprekken en de antwoorden van de ouders")
    assertContains(response, "Hoe ze eet op de groep")
    assertContains(response, "Ze wil thuis alles zelf doen")
    assertContains(response, "Ze praat veel meer")
    assertContains(response, "nog niet beantwoord", count=1)  # the father
    assertContains(response, reverse("talk_plan", args=[child_a.pk]))
    assertContains(response, reverse("talk_plan_cancel", args=[planned.pk]))
    assertContains(response, 'class="planned-talk', count=1)


def test_prepare_without_a_planned_talk_offers_to_plan(client_for, pm_a, child_a):
    response = client_for(pm_a).get(reverse("prepare", args=[child_a.pk]))

    assertContains(response, "Geen gesprek gepland.")
    assertContains(response, "Gesprek plannen")


def test_prepare_query_count_does_not_grow_with_planned_talks(
    client_for, pm_a, child_a, parent_a, father
):
    """guards against N+1"""
    client = client_for(pm_a)
    url = reverse("prepare", args=[child_a.pk])
    make_answer(_plan(child_a, [parent_a]), parent_a, wish_to_discuss="Eten")
    client.get(url)
    few = count_queries(client, url)

    for n in range(15):
        planned = _plan(child_a, [parent_a, father], days=n + 1)
        make_answer(planned, parent_a, wish_to_discuss=f"Vraag {n}")
        if n % 2:
            make_answer(planned, father, going_well=f"Goed {n}")
    many = count_queries(client, url)

    assert few == many


# --- what a parent likes to help with (tip 4) -------------------------------------------


def test_parent_page_shows_when_a_parent_can_help(client_for, pm_a, parent_a, parent_user):
    parent_a.likes_to_help_with = "Voorlezen en koken"
    parent_a.save()
    ParentAccount.objects.filter(parent=parent_a).update(availability="Vrijdagmiddag")

    response = client_for(pm_a).get(reverse("parent_detail", args=[parent_a.pk]))

    assertContains(response, "Voorlezen en koken")
    assertContains(response, "Kan helpen")
    assertContains(response, "Vrijdagmiddag")


def test_parent_page_without_an_account(client_for, pm_a, parent_a):
    response = client_for(pm_a).get(reverse("parent_detail", args=[parent_a.pk]))

    assert response.status_code == 200
    assertNotContains(response, "Kan helpen")


def test_conversation_form_hints_what_the_parents_like_to_help_with(
    client_for, pm_a, child_a, parent_a, father, parent_user
):
    parent_a.likes_to_help_with = "Moestuin"
    parent_a.save()
    ParentAccount.objects.filter(parent=parent_a).update(availability="Woensdagochtend")

    response = client_for(pm_a).get(reverse("conversation_create", args=[child_a.pk]))

    assertContains(response, "Waar de ouders graag bij helpen (tip 4)")
    assertContains(response, "Moestuin")
    assertContains(response, "Woensdagochtend")
    assertNotContains(response, "Bram de Vries:")  # nothing to say about the father
