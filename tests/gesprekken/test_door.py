"""Correcting at the door: undo, the small edit form, the banner; and private means private."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from audit.models import Action, AuditEvent
from gesprekken.door import UNDO_WINDOW
from gesprekken.models import Conversation, Feedback, Preparation

from .helpers import days_ago, log_conversation, nl, sit_down_data

pytestmark = pytest.mark.django_db


def _door(client, child, **data):
    body = {"soort": "breng", "tone": "fijn", "idempotency_key": str(uuid.uuid4()), **data}
    return client.post(reverse("handover", args=[child.pk]), body, follow=True)


def test_banner_offers_undo_and_change_to_the_author(client_for, pm_a, child_a):
    response = _door(client_for(pm_a), child_a)

    talk = Conversation.objects.get()
    assertContains(response, reverse("handover_undo", args=[talk.pk]))
    assertContains(response, reverse("handover_edit", args=[talk.pk]))
    assertContains(response, nl("Undo"))


def test_wrong_tone_undo_then_the_right_one_leaves_one_handover(client_for, pm_a, child_a):
    client = client_for(pm_a)
    _door(client, child_a, tone="lastig")
    wrong = Conversation.objects.get()

    undone = client.post(reverse("handover_undo", args=[wrong.pk]), follow=True)
    assertContains(undone, 'value="breng" checked')  # back at the door, same moment
    _door(client, child_a, tone="fijn")

    assert list(Conversation.objects.values_list("tone", flat=True)) == ["fijn"]
    # Kept in the history with its reason, and audited.
    deleted = Conversation.history.filter(id=wrong.pk, history_type="-").get()
    assert deleted.history_change_reason == nl("Undone at the door")
    assert AuditEvent.objects.filter(action=Action.DELETE, object_id=str(wrong.pk)).exists()


def test_undo_is_for_the_author_and_only_for_minutes(client_for, pm_a, pm_a2, child_a):
    talk = log_conversation(pm_a, child_a, kind="breng", occurred_at=timezone.now())
    url = reverse("handover_undo", args=[talk.pk])

    assert client_for(pm_a2).post(url).status_code == 403
    Conversation.objects.filter(pk=talk.pk).update(
        created_at=timezone.now() - UNDO_WINDOW - datetime.timedelta(seconds=1)
    )
    assert client_for(pm_a).post(url).status_code == 403
    assert Conversation.objects.filter(pk=talk.pk).exists()


def test_small_form_changes_the_tone_and_reflection(client_for, pm_a, child_a, parent_a):
    talk = log_conversation(pm_a, child_a, kind="breng", tone="fijn", occurred_at=timezone.now())
    url = reverse("handover_edit", args=[talk.pk])
    client = client_for(pm_a)
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "soort": "haal",
            "tone": "lastig",
            "parents": [parent_a.pk],
            "summary": "Toch wat huilerig",
            "tip_1": "2",
            "tip_2": "0",
            "tip_5": "nvt",
            "tip_6": "1",
            "version": talk.version,
        },
    )

    assert response.status_code == 302
    talk.refresh_from_db()
    assert (talk.kind, talk.tone, talk.summary, talk.version) == (
        "haal",
        "lastig",
        "Toch wat huilerig",
        2,
    )
    assert list(talk.parents.all()) == [parent_a]
    assert (talk.score_percentage, talk.score_scored, talk.score_applicable) == (33, 3, 5)
    assert talk.score_complete
    assert talk.history.count() == 2
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(talk.pk)).exists()


def test_small_form_is_for_the_author_on_the_day_and_for_managers(
    client_for, pm_a, pm_a2, manager_a, child_a
):
    yesterday = log_conversation(pm_a, child_a, kind="haal", occurred_at=days_ago(1))
    url = reverse("handover_edit", args=[yesterday.pk])

    assert client_for(pm_a).get(url).status_code == 403
    assert client_for(pm_a2).get(url).status_code == 403
    assert client_for(manager_a).get(url).status_code == 200
    sit_down = log_conversation(pm_a, child_a, occurred_at=timezone.now())
    assert client_for(pm_a).get(reverse("handover_edit", args=[sit_down.pk])).status_code == 404


def test_my_conversations_shows_the_tone(client_for, pm_a, child_a):
    log_conversation(pm_a, child_a, kind="breng", tone="lastig", occurred_at=timezone.now())

    response = client_for(pm_a).get(reverse("my_conversations"))

    assertContains(response, 'class="badge tone-lastig"')


def test_unscored_handover_has_no_badge_and_counts_nowhere(client_for, pm_a, child_a):
    log_conversation(pm_a, child_a, kind="breng", tone="fijn", occurred_at=timezone.now())

    response = client_for(pm_a).get(reverse("my_conversations"))

    assertNotContains(response, "score-badge")


# --- a level on a tip that does not apply (no script) -----------------------------------


def test_level_on_a_tip_that_does_not_apply_is_answered_at_the_field(client_for, pm_a, child_a):
    # Tip 7 (timid parent) with the parent stance left open.
    data = sit_down_data(levels={1: 3, 5: 2, 6: 2, 7: 3})

    response = client_for(pm_a).post(reverse("conversation_create", args=[child_a.pk]), data)

    assert response.status_code == 200
    errors = response.context["checklist"].errors["tip_7"]
    assert "Leave it open" in errors[0] or "Laat hem open" in errors[0]
    assertContains(response, errors[0].replace("'", "&#x27;"))
    assert not Conversation.objects.exists()


# --- the meter proposes, the user decides ------------------------------------------------


def test_editing_keeps_stored_seconds_and_a_hand_set_level(client_for, pm_a, child_a, tips):
    talk = log_conversation(
        pm_a, child_a, levels={1: 3, 3: 0, 5: 2}, staff_seconds=125, parent_seconds=251
    )
    client = client_for(pm_a)
    page = client.get(reverse("conversation_edit", args=[talk.pk]))
    form = page.context["form"]
    checklist = page.context["checklist"]
    data = sit_down_data(
        occurred_at=talk.occurred_at,
        summary="Alleen de samenvatting aangevuld",
        levels={1: 3, 3: 0, 5: 2},
        staff_minutes=str(form.initial["staff_minutes"]),
        parent_minutes=str(form.initial["parent_minutes"]),
        version=talk.version,
    )
    assert checklist.initial["tip_3"] == "0"

    client.post(reverse("conversation_edit", args=[talk.pk]), data)

    talk.refresh_from_db()
    assert (talk.staff_seconds, talk.parent_seconds) == (125, 251)
    assert dict(talk.tip_scores.values_list("tip__number", "level")) == {1: 3, 3: 0, 5: 2}


def test_same_form_with_and_without_the_meter_script_stores_the_same(client_for, pm_a, child_a):
    """The script only fills the minutes; the server proposes tip 3. Posted as a browser
    with the meter would (minutes filled, tip 3 left open) and as one without it."""
    client = client_for(pm_a)
    with_meter = sit_down_data(levels={1: 2, 5: 2, 6: 1}, staff_minutes="6.0", parent_minutes="2.0")
    typed = sit_down_data(levels={1: 2, 5: 2, 6: 1}, staff_minutes="6", parent_minutes="2")
    for data in (with_meter, typed):
        client.post(reverse("conversation_create", args=[child_a.pk]), data)

    first, second = Conversation.objects.order_by("pk")
    levels = [
        set(c.tip_scores.values_list("tip__number", "level", "proposed")) for c in (first, second)
    ]
    assert levels[0] == levels[1] == {(1, 2, False), (5, 2, False), (6, 1, False), (3, 1, True)}
    assert first.score_percentage == second.score_percentage == 50


# --- private means private ---------------------------------------------------------------


def test_colleague_sees_neither_preparation_notes_nor_coaching(
    client_for, pm_a, pm_a2, manager_a, child_a
):
    talk = log_conversation(pm_a, child_a)
    Feedback.objects.create(
        conversation=talk,
        author=manager_a.staff_member,
        recipient=pm_a.staff_member,
        went_well="Vertrouwelijke coaching",
    )
    preparation = Preparation.objects.create(
        child=child_a, author=pm_a.staff_member, notes="Geheime voorbereiding"
    )

    colleague = client_for(pm_a2)
    detail = colleague.get(reverse("conversation_detail", args=[talk.pk]))
    assertNotContains(detail, "Vertrouwelijke coaching")
    form = colleague.get(
        reverse("conversation_create", args=[child_a.pk]), {"voorbereiding": preparation.pk}
    )
    assertNotContains(form, "Geheime voorbereiding")
    assertContains(
        client_for(pm_a).get(reverse("conversation_detail", args=[talk.pk])),
        "Vertrouwelijke coaching",
    )
    assertContains(
        client_for(manager_a).get(reverse("conversation_detail", args=[talk.pk])),
        "Vertrouwelijke coaching",
    )


def test_preparation_notes_enter_the_record_only_when_chosen(client_for, pm_a, child_a):
    preparation = Preparation.objects.create(
        child=child_a, author=pm_a.staff_member, notes="Vragen over het slapen"
    )
    client = client_for(pm_a)
    url = reverse("conversation_create", args=[child_a.pk])
    page = client.get(url, {"voorbereiding": preparation.pk})
    assertContains(page, nl("Add my preparation notes to this conversation"))

    client.post(url, {**sit_down_data(), "voorbereiding": preparation.pk})
    kept_private = Conversation.objects.get()
    assert kept_private.preparation_notes == ""

    other = Preparation.objects.create(child=child_a, author=pm_a.staff_member, notes="Meenemen")
    client.post(url, {**sit_down_data(), "voorbereiding": other.pk, "carry_preparation": "on"})
    carried = Conversation.objects.exclude(pk=kept_private.pk).get()
    assert carried.preparation_notes == "Meenemen"
