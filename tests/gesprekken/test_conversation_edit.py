"""Editing (author and managers), conflicts, deleting with a reason, ticking off agreements.

Every change is kept as history; a concurrent edit is detected by the version column
and the later save gets a conflict page with the user's own text, nothing overwritten.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from audit.models import Action, AuditEvent
from gesprekken.models import Conversation, FollowUp, TipScore
from gesprekken.scoring import NOT_APPLICABLE
from gesprekken.services import stored_levels

from .helpers import nl, sit_down_data

pytestmark = pytest.mark.django_db


def _edit_url(conversation) -> str:
    return reverse("conversation_edit", args=[conversation.pk])


def _delete_url(conversation) -> str:
    return reverse("conversation_delete", args=[conversation.pk])


def edit_data(conversation: Conversation, *, version=None, **overrides) -> dict:
    """The form as it comes back from the edit page, with ``overrides`` typed in."""
    follow_ups = list(conversation.follow_ups.all())
    levels = {
        number: "nvt" if level is NOT_APPLICABLE else level
        for number, level in stored_levels(conversation).items()
    }
    values = {
        "kind": conversation.kind,
        "occurred_at": conversation.occurred_at,
        "duration": conversation.duration_minutes or "",
        "parents": list(conversation.parents.all()),
        "summary": conversation.summary,
        "levels": levels,
        "agreements": [
            {
                "id": f.pk,
                "description": f.description,
                "owner": "",
                "due_date": f.due_date.isoformat() if f.due_date else "",
            }
            for f in follow_ups
        ],
        "initial_agreements": len(follow_ups),
        "version": conversation.version if version is None else version,
    }
    values.update(overrides)
    return sit_down_data(**values)


def version_on_page(response) -> int:
    match = re.search(r'name="version" value="(\d+)"', response.content.decode())
    assert match, "the edit form carries the version it was opened at"
    return int(match.group(1))


# --- editing ------------------------------------------------------------------------


def test_author_edits(client_for, pm_a, conversation_a):
    client = client_for(pm_a)
    page = client.get(_edit_url(conversation_a))
    assert page.status_code == 200
    assertContains(page, "Oorspronkelijke samenvatting")
    assert version_on_page(page) == 1

    response = client.post(
        _edit_url(conversation_a),
        edit_data(conversation_a, summary="Aangevulde samenvatting", levels={1: 2, 5: "nvt"}),
    )

    assertRedirects(response, reverse("conversation_detail", args=[conversation_a.pk]))
    conversation_a.refresh_from_db()
    assert conversation_a.summary == "Aangevulde samenvatting"
    assert conversation_a.version == 2
    assert conversation_a.history.count() == 2
    latest = conversation_a.history.first()
    assert (latest.history_type, latest.summary, latest.history_user) == (
        "~",
        "Aangevulde samenvatting",
        pm_a,
    )
    assert conversation_a.history.last().summary == "Oorspronkelijke samenvatting"
    # The score follows the new levels: 2 of 3 on the one scored tip, 5 applicable.
    assert dict(conversation_a.tip_scores.values_list("tip__number", "level")) == {1: 2, 5: None}
    assert conversation_a.score_percentage == 67  # whole percent, half up
    assert (conversation_a.score_scored, conversation_a.score_applicable) == (1, 5)
    assert not conversation_a.score_complete  # one tip of five: incompletely scored
    # The agreement came back with the form and is still there.
    assert conversation_a.follow_ups.count() == 1
    detail = client.get(response.url)
    assertContains(detail, "Aangevulde samenvatting")
    assertContains(detail, nl("changed"))  # the history list on the page


def test_agreements_can_be_added_and_removed_when_editing(client_for, pm_a, conversation_a):
    data = edit_data(conversation_a)
    data["afspraken-0-DELETE"] = "on"
    data.update(
        {
            "afspraken-TOTAL_FORMS": "2",
            "afspraken-1-description": "Nieuw: logopedie bespreken",
            "afspraken-1-owner": "",
            "afspraken-1-due_date": "",
        }
    )

    assert client_for(pm_a).post(_edit_url(conversation_a), data).status_code == 302

    assert list(conversation_a.follow_ups.values_list("description", flat=True)) == [
        "Nieuw: logopedie bespreken"
    ]


def test_edit_twice_in_a_row_works(client_for, pm_a, conversation_a):
    client = client_for(pm_a)
    client.post(_edit_url(conversation_a), edit_data(conversation_a, summary="Eerste"))
    conversation_a.refresh_from_db()
    client.post(_edit_url(conversation_a), edit_data(conversation_a, summary="Tweede"))

    conversation_a.refresh_from_db()
    assert (conversation_a.summary, conversation_a.version) == ("Tweede", 3)
    assert conversation_a.history.count() == 3


@pytest.mark.parametrize("user", ["manager_a", "admin_user"])
def test_manager_and_admin_edit(client_for, request, conversation_a, user):
    editor = request.getfixturevalue(user)
    client = client_for(editor)
    assert client.get(_edit_url(conversation_a)).status_code == 200

    response = client.post(
        _edit_url(conversation_a), edit_data(conversation_a, summary="Aangevuld door leiding")
    )

    assert response.status_code == 302
    conversation_a.refresh_from_db()
    assert conversation_a.summary == "Aangevuld door leiding"
    assert conversation_a.author == conversation_a.history.last().author  # author unchanged
    assert conversation_a.history.first().history_user == editor


def test_colleague_at_the_same_location_may_not_edit(client_for, pm_a2, conversation_a):
    client = client_for(pm_a2)

    assert client.get(_edit_url(conversation_a)).status_code == 403
    response = client.post(_edit_url(conversation_a), edit_data(conversation_a, summary="Nee"))

    assert response.status_code == 403
    conversation_a.refresh_from_db()
    assert (conversation_a.summary, conversation_a.version) == ("Oorspronkelijke samenvatting", 1)
    assert conversation_a.history.count() == 1
    # The detail page offers no edit link either.
    detail = client_for(pm_a2).get(reverse("conversation_detail", args=[conversation_a.pk]))
    assert detail.status_code == 200
    assert _edit_url(conversation_a) not in detail.content.decode()


@pytest.mark.parametrize("user", ["pm_b", "outsider", "no_staff_user"])
def test_edit_outside_scope_is_404(client_for, request, conversation_a, user):
    client = client_for(request.getfixturevalue(user))

    assert client.get(_edit_url(conversation_a)).status_code == 404
    response = client.post(_edit_url(conversation_a), edit_data(conversation_a, summary="Nee"))

    assert response.status_code == 404
    conversation_a.refresh_from_db()
    assert conversation_a.summary == "Oorspronkelijke samenvatting"


def test_edit_requires_login(client, conversation_a):
    url = _edit_url(conversation_a)
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


def test_edit_missing_conversation_is_404(client_for, pm_a, conversation_a):
    missing = reverse("conversation_edit", args=[conversation_a.pk + 1000])
    assert client_for(pm_a).get(missing).status_code == 404


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_edit_rejects_other_methods(client_for, pm_a, conversation_a, method):
    assert getattr(client_for(pm_a), method)(_edit_url(conversation_a)).status_code == 405
    assert Conversation.objects.filter(pk=conversation_a.pk).exists()


def test_invalid_edit_changes_nothing(client_for, pm_a, conversation_a):
    response = client_for(pm_a).post(
        _edit_url(conversation_a),
        edit_data(conversation_a, summary="Nieuwe tekst", occurred_at="2026-03-29T02:30"),
    )

    assert response.status_code == 200
    assertContains(response, "Nieuwe tekst")
    conversation_a.refresh_from_db()
    assert (conversation_a.summary, conversation_a.version) == ("Oorspronkelijke samenvatting", 1)


# --- the conflict -------------------------------------------------------------------


def test_second_save_gets_a_conflict_page_and_overwrites_nothing(
    client_for, pm_a, manager_a, conversation_a
):
    author = client_for(pm_a)
    manager = client_for(manager_a)
    version_author = version_on_page(author.get(_edit_url(conversation_a)))
    version_manager = version_on_page(manager.get(_edit_url(conversation_a)))
    assert version_author == version_manager == 1

    first = author.post(
        _edit_url(conversation_a),
        edit_data(conversation_a, version=version_author, summary="Tekst van de auteur"),
    )
    second = manager.post(
        _edit_url(conversation_a),
        edit_data(
            conversation_a,
            version=version_manager,
            summary="Tekst van de leidinggevende",
            parent_view="Moeder wil vaker bellen",
            levels={1: 0},
        ),
    )

    assert first.status_code == 302
    assert second.status_code == 409
    assertContains(second, "Tekst van de leidinggevende", status_code=409)
    assertContains(second, "Moeder wil vaker bellen", status_code=409)
    assertContains(
        second, nl("Someone else saved this conversation in the meantime"), status_code=409
    )
    conversation_a.refresh_from_db()
    assert conversation_a.summary == "Tekst van de auteur"
    assert conversation_a.parent_view == ""
    assert conversation_a.version == 2
    assert conversation_a.history.count() == 2
    assert dict(conversation_a.tip_scores.values_list("tip__number", "level")) == {1: 3, 5: 2}


def test_form_opened_before_a_save_conflicts_even_for_the_same_user(
    client_for, pm_a, conversation_a
):
    """Two tabs of the same user: the older one must not overwrite the newer save."""
    client = client_for(pm_a)
    stale = edit_data(conversation_a, summary="Uit het oude tabblad")
    client.post(_edit_url(conversation_a), edit_data(conversation_a, summary="Nieuw tabblad"))

    response = client.post(_edit_url(conversation_a), stale)

    assert response.status_code == 409
    conversation_a.refresh_from_db()
    assert conversation_a.summary == "Nieuw tabblad"


# --- deleting -----------------------------------------------------------------------


@pytest.mark.parametrize("user", ["pm_a", "pm_a2"])
def test_pm_may_not_delete(client_for, request, conversation_a, user):
    client = client_for(request.getfixturevalue(user))

    assert client.get(_delete_url(conversation_a)).status_code == 403
    response = client.post(_delete_url(conversation_a), {"reason": "Per ongeluk aangemaakt"})

    assert response.status_code == 403
    assert Conversation.objects.filter(pk=conversation_a.pk).exists()


@pytest.mark.parametrize("user", ["pm_b", "outsider"])
def test_delete_outside_scope_is_404(client_for, request, conversation_a, user):
    client = client_for(request.getfixturevalue(user))

    assert client.get(_delete_url(conversation_a)).status_code == 404
    response = client.post(_delete_url(conversation_a), {"reason": "Per ongeluk aangemaakt"})

    assert response.status_code == 404
    assert Conversation.objects.filter(pk=conversation_a.pk).exists()


def test_delete_requires_login(client, conversation_a):
    url = _delete_url(conversation_a)
    assertRedirects(client.post(url, {"reason": "Weg ermee"}), f"{reverse('login')}?next={url}")
    assert Conversation.objects.filter(pk=conversation_a.pk).exists()


def test_delete_rejects_other_methods(client_for, manager_a, conversation_a):
    assert client_for(manager_a).delete(_delete_url(conversation_a)).status_code == 405
    assert Conversation.objects.filter(pk=conversation_a.pk).exists()


def test_manager_sees_the_delete_form(client_for, manager_a, conversation_a):
    response = client_for(manager_a).get(_delete_url(conversation_a))

    assert response.status_code == 200
    assertContains(response, 'name="reason"')
    assertContains(response, nl("Reason for deleting"))
    assertContains(response, "Emma de Vries")


@pytest.mark.parametrize("reason", ["", "   ", "kort"])
def test_delete_without_a_proper_reason_keeps_the_conversation(
    client_for, manager_a, conversation_a, reason
):
    response = client_for(manager_a).post(_delete_url(conversation_a), {"reason": reason})

    assert response.status_code == 200
    assertContains(response, 'id="id_reason_error"')
    assert Conversation.objects.filter(pk=conversation_a.pk).exists()
    assert not conversation_a.history.filter(history_type="-").exists()


@pytest.mark.parametrize("user", ["manager_a", "admin_user"])
def test_delete_with_reason_keeps_it_in_the_history(
    client_for, request, conversation_a, child_a, user
):
    deleter = request.getfixturevalue(user)
    pk = conversation_a.pk
    reason = "Dubbel ingevoerd, zie het gesprek van gisteren"

    response = client_for(deleter).post(_delete_url(conversation_a), {"reason": reason})

    assertRedirects(response, reverse("child_detail", args=[child_a.pk]))
    assert not Conversation.objects.filter(pk=pk).exists()
    assert not FollowUp.objects.filter(conversation_id=pk).exists()
    assert not TipScore.objects.filter(conversation_id=pk).exists()
    deleted = Conversation.history.get(id=pk, history_type="-")
    assert deleted.history_change_reason == reason
    assert deleted.history_user == deleter
    assert deleted.summary == "Oorspronkelijke samenvatting"
    assert client_for(deleter).get(reverse("conversation_detail", args=[pk])).status_code == 404


# --- agreements: done and reopened -------------------------------------------------------


def _toggle_url(follow_up) -> str:
    return reverse("follow_up_toggle", args=[follow_up.pk])


def test_agreement_marked_done_and_reopened(client_for, pm_a, conversation_a):
    client = client_for(pm_a)
    agreement = conversation_a.follow_ups.get()
    history_before = agreement.history.count()

    done = client.post(_toggle_url(agreement), {"done": "1"})

    assertRedirects(done, reverse("conversation_detail", args=[conversation_a.pk]))
    agreement.refresh_from_db()
    assert agreement.done_at is not None
    assertContains(client.get(done.url), nl("Reopen"))

    reopened = client.post(_toggle_url(agreement), {"done": "0"})

    assert reopened.status_code == 302
    agreement.refresh_from_db()
    assert agreement.done_at is None
    changes = list(agreement.history.order_by("history_id"))[history_before:]
    assert [(h.history_user, h.done_at is None) for h in changes] == [(pm_a, False), (pm_a, True)]


def test_agreement_done_from_the_child_page_returns_there(
    client_for, pm_a, conversation_a, child_a
):
    agreement = conversation_a.follow_ups.get()

    response = client_for(pm_a).post(_toggle_url(agreement), {"done": "1", "next_child": "1"})

    assertRedirects(response, reverse("child_detail", args=[child_a.pk]))
    agreement.refresh_from_db()
    assert agreement.done_at is not None


def test_agreement_toggle_rejects_get(client_for, pm_a, conversation_a):
    agreement = conversation_a.follow_ups.get()

    assert client_for(pm_a).get(_toggle_url(agreement), {"done": "1"}).status_code == 405
    agreement.refresh_from_db()
    assert agreement.done_at is None


@pytest.mark.parametrize("user", ["pm_b", "outsider"])
def test_agreement_toggle_outside_scope_is_404(client_for, request, conversation_a, user):
    agreement = conversation_a.follow_ups.get()

    response = client_for(request.getfixturevalue(user)).post(_toggle_url(agreement), {"done": "1"})

    assert response.status_code == 404
    agreement.refresh_from_db()
    assert agreement.done_at is None


def test_agreement_toggle_requires_login(client, conversation_a):
    agreement = conversation_a.follow_ups.get()
    response = client.post(_toggle_url(agreement), {"done": "1"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    agreement.refresh_from_db()
    assert agreement.done_at is None


def test_opening_the_edit_form_is_audited_as_a_read(client_for, pm_a, conversation_a):
    """The form shows the whole text, like the detail page: who opened it is recorded."""
    before = AuditEvent.objects.filter(action=Action.VIEW, object_type="conversation").count()

    response = client_for(pm_a).get(reverse("conversation_edit", args=[conversation_a.pk]))

    assert response.status_code == 200
    rows = AuditEvent.objects.filter(action=Action.VIEW, object_type="conversation")
    assert rows.count() == before + 1
    row = rows.latest("pk")
    assert row.object_id == conversation_a.pk and row.child_id == conversation_a.child_id
    assert row.user_id == pm_a.pk
