"""A handover's own page: moment, tone, note, who was there; nothing of a sit-down talk."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from tests.inzicht.helpers import at, nl, talk

pytestmark = pytest.mark.django_db


def _handover(user, child, **extra):
    conversation = talk(user, child, kind="breng", when=at(2025, 3, 4, 8, 5), **extra)
    return conversation


def test_handover_detail_is_compact(client_for, pm_a, child_a):
    conversation = _handover(pm_a, child_a, summary="Slecht geslapen, wat hangerig.")
    conversation.tone = "lastig"
    conversation.save(update_fields=["tone"])

    response = client_for(pm_a).get(reverse("conversation_detail", args=[conversation.pk]))

    assertTemplateUsed(response, "gesprekken/handover_detail.html")
    assertContains(response, "Slecht geslapen, wat hangerig.")
    assertContains(response, nl("difficult"))
    assertContains(response, "08:05")
    # None of the sit-down talk's parts: no checklist, stance, empty parents or score badge.
    assertNotContains(response, nl("Checklist"))
    assertNotContains(response, nl("Stance"))
    assertNotContains(response, nl("Parents present"))
    assertNotContains(response, nl("not scored"))
    assertNotContains(response, 'id="refl-h"')
    assertNotContains(response, nl("With"))


def test_handover_detail_names_the_parent_who_was_there(client_for, pm_a, child_a, parent_a):
    conversation = _handover(pm_a, child_a, parents=[parent_a])

    response = client_for(pm_a).get(reverse("conversation_detail", args=[conversation.pk]))

    assertContains(response, nl("With"))
    assertContains(response, parent_a.full_name)


def test_handover_reflection_only_when_given(client_for, pm_a, child_a):
    conversation = _handover(pm_a, child_a)
    conversation.reflection_went_well = "Rustig gebleven."
    conversation.save(update_fields=["reflection_went_well"])

    response = client_for(pm_a).get(reverse("conversation_detail", args=[conversation.pk]))

    assertContains(response, 'id="refl-h"')
    assertContains(response, "Rustig gebleven.")


def test_manager_can_give_feedback_on_a_handover(client_for, manager_a, pm_a, child_a):
    conversation = _handover(pm_a, child_a)

    response = client_for(manager_a).get(reverse("conversation_detail", args=[conversation.pk]))

    assertContains(response, reverse("feedback_create", args=[conversation.pk]))


def test_sit_down_talk_keeps_the_full_page(client_for, pm_a, child_a):
    conversation = talk(pm_a, child_a, when=at(2025, 3, 4))

    response = client_for(pm_a).get(reverse("conversation_detail", args=[conversation.pk]))

    assertTemplateUsed(response, "gesprekken/conversation_detail.html")
