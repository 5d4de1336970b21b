"""Sharing a talk with its parents (the staff side of the portal): the service's rules,
the page (who may use it, errors at the field, the preview) and stopping."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from audit.models import Action, AuditEvent, object_type_label
from gesprekken.models import ConversationShare, ParentResponse
from ouders.models import Relationship
from portaal import notifications
from portaal.forms.staff import ShareForm
from portaal.services.sharing import share_conversation, stop_sharing
from tests.factories import link_parent, make_parent, make_parent_account
from tests.gesprekken.helpers import days_ago, log_conversation

from .staff_helpers import make_response, make_share

pytestmark = pytest.mark.django_db

INTERNAL_SUMMARY = "Interne notitie: moeder lijkt overbelast"
FOR_PARENTS = "We spraken over het slapen. Thuis en hier proberen we hetzelfde ritme."


@pytest.fixture
def notified(monkeypatch) -> list:
    """Every call of notify_parents (a no-op placeholder on this branch): (parent ids, kind)."""
    calls: list = []
    monkeypatch.setattr(
        notifications,
        "notify_parents",
        lambda parents, kind: calls.append((sorted(p.pk for p in parents), kind)),
    )
    return calls


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
        occurred_at=days_ago(2),
        summary=INTERNAL_SUMMARY,
        parent_view="Moeder zegt dat het thuis ook zo gaat",
        reflection_went_well="Ik liet haar uitpraten",
        levels={1: 3, 5: 2},
        follow_ups=[{"description": "Slaapritme thuis bijhouden"}],
    )


@pytest.fixture
def handover(pm_a, child_a, parent_a):
    return log_conversation(
        pm_a, child_a, kind="haal", parents=[parent_a], tone="fijn", occurred_at=timezone.now()
    )


def share_url(conversation) -> str:
    return reverse("conversation_share", args=[conversation.pk])


def post_data(parents, **extra) -> dict:
    data = {
        "parents": [p.pk for p in parents],
        "summary_for_parents": FOR_PARENTS,
        "share_agreements": "on",
    }
    data.update(extra)
    return data


# --- the service ------------------------------------------------------------------------


def test_share_creates_the_share_audits_and_notifies(pm_a, talk, parent_a, notified):
    share = share_conversation(
        conversation=talk,
        by=pm_a,
        parents=[parent_a],
        summary_for_parents=f"  {FOR_PARENTS}  ",
        share_agreements=True,
    )

    assert share.summary_for_parents == FOR_PARENTS
    assert list(share.parents.all()) == [parent_a]
    assert share.shared_by == pm_a.staff_member
    assert notified == [([parent_a.pk], "shared")]
    event = AuditEvent.objects.get(object_type="conversation_share")
    assert (event.action, event.object_id, event.child_id, event.user) == (
        Action.CREATE,
        talk.pk,
        talk.child_id,
        pm_a,
    )


def test_sharing_again_notifies_only_the_parents_newly_shared_with(
    pm_a, talk, parent_a, father, notified
):
    first = share_conversation(
        conversation=talk,
        by=pm_a,
        parents=[parent_a],
        summary_for_parents=FOR_PARENTS,
        share_agreements=True,
    )

    second = share_conversation(
        conversation=talk,
        by=pm_a,
        parents=[parent_a, father],
        summary_for_parents="Aangepast",
        share_agreements=False,
    )

    assert second.pk == first.pk
    assert second.shared_at == first.shared_at
    assert (second.summary_for_parents, second.share_agreements) == ("Aangepast", False)
    assert notified == [([parent_a.pk], "shared"), ([father.pk], "shared")]
    actions = list(
        AuditEvent.objects.filter(object_type="conversation_share")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [Action.CREATE, Action.UPDATE]


def test_changing_only_the_summary_sends_no_mail(pm_a, talk, parent_a, notified):
    for summary in ("Eerste versie", "Tweede versie"):
        share_conversation(
            conversation=talk,
            by=pm_a,
            parents=[parent_a],
            summary_for_parents=summary,
            share_agreements=True,
        )

    assert notified == [([parent_a.pk], "shared")]


@pytest.mark.parametrize(
    ("parents", "summary", "field"),
    [
        ("none", FOR_PARENTS, "parents"),
        ("stranger", FOR_PARENTS, "parents"),
        ("mother", "   ", "summary_for_parents"),
        ("mother", "x" * 10_001, "summary_for_parents"),
    ],
)
def test_share_refuses_bad_input_and_saves_nothing(
    pm_a, talk, parent_a, parent_b, notified, parents, summary, field
):
    chosen = {"none": [], "stranger": [parent_a, parent_b], "mother": [parent_a]}[parents]

    with pytest.raises(ValidationError) as refused:
        share_conversation(
            conversation=talk,
            by=pm_a,
            parents=chosen,
            summary_for_parents=summary,
            share_agreements=True,
        )

    assert field in refused.value.message_dict
    assert not ConversationShare.objects.exists()
    assert not AuditEvent.objects.filter(object_type="conversation_share").exists()
    assert notified == []


def test_a_handover_can_be_shared_when_chosen(pm_a, handover, parent_a, notified):
    share = share_conversation(
        conversation=handover,
        by=pm_a,
        parents=[parent_a],
        summary_for_parents="Fijne dag gehad",
        share_agreements=False,
    )

    assert share.conversation == handover


def test_stop_sharing_keeps_the_parents_answers(pm_a, talk, parent_a, notified):
    make_share(talk, [parent_a])
    make_response(talk, parent_a, own_view="Ik voelde me serieus genomen", felt_heard=4)

    stop_sharing(conversation=talk, by=pm_a)
    stop_sharing(conversation=talk, by=pm_a)  # again: nothing to stop

    assert not ConversationShare.objects.exists()
    assert ParentResponse.objects.filter(conversation=talk, parent=parent_a).exists()
    assert list(
        AuditEvent.objects.filter(object_type="conversation_share").values_list("action", flat=True)
    ) == [Action.DELETE]


# --- the page ---------------------------------------------------------------------------


def test_share_page_offers_the_parents_present_and_says_who_has_an_account(
    client_for, pm_a, talk, parent_a, father, parent_user
):
    response = client_for(pm_a).get(share_url(talk))

    assert response.status_code == 200
    assertContains(response, "Anouk de Vries (heeft een account voor het ouderportaal)")
    assertContains(response, "Bram de Vries (nog geen account voor het ouderportaal")
    assertContains(response, "in gewone woorden")
    # A sit-down talk: every parent present is ticked to start with.
    assert response.content.decode().count("checked") == 3  # two parents, the agreements
    assertNotContains(response, INTERNAL_SUMMARY)
    assertNotContains(response, "Ik liet haar uitpraten")


def test_a_handover_starts_with_nobody_ticked(client_for, pm_a, handover):
    response = client_for(pm_a).get(share_url(handover))

    assertContains(response, "Dit is een gesprek aan de deur")
    content = response.content.decode()
    assert 'name="parents"' in content
    assert content.count("checked") == 1  # only "share the agreements"


def test_share_page_saves_and_goes_back_to_the_talk(client_for, pm_a, talk, parent_a, notified):
    response = client_for(pm_a).post(share_url(talk), post_data([parent_a]), follow=True)

    assertRedirects(response, reverse("conversation_detail", args=[talk.pk]))
    assertContains(response, "Het gesprek is gedeeld met de ouders.")
    share = ConversationShare.objects.get(conversation=talk)
    assert share.summary_for_parents == FOR_PARENTS
    assert list(share.parents.all()) == [parent_a]
    assert notified == [([parent_a.pk], "shared")]


def test_preview_shows_what_the_parents_will_see_without_saving(
    client_for, pm_a, talk, parent_a, notified
):
    response = client_for(pm_a).post(share_url(talk), post_data([parent_a], preview="1"))

    assert response.status_code == 200
    assertContains(response, "Wat de ouders zien")
    assertContains(response, FOR_PARENTS, count=2)  # the textarea and the preview
    assertContains(response, "Slaapritme thuis bijhouden")
    assert not ConversationShare.objects.exists()
    assert notified == []


def test_empty_summary_is_refused_at_the_field_in_dutch(client_for, pm_a, talk, parent_a):
    response = client_for(pm_a).post(
        share_url(talk), post_data([parent_a], summary_for_parents="", share_agreements="")
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["summary_for_parents"] == ["Schrijf een samenvatting voor de ouders."]
    assertContains(response, 'aria-invalid="true"')
    assert form["share_agreements"].value() is False  # the other input is kept
    assert not ConversationShare.objects.exists()


def test_no_parent_chosen_is_refused_in_dutch(client_for, pm_a, talk):
    response = client_for(pm_a).post(share_url(talk), post_data([]))

    assert response.context["form"].errors["parents"] == [
        "Kies minstens één ouder om het gesprek mee te delen."
    ]
    assertContains(response, FOR_PARENTS)
    assert not ConversationShare.objects.exists()


def test_a_parent_who_was_not_there_cannot_be_chosen(client_for, pm_a, talk, parent_a, parent_b):
    response = client_for(pm_a).post(share_url(talk), post_data([parent_a, parent_b]))

    assert response.status_code == 200
    assert "parents" in response.context["form"].errors
    assert not ConversationShare.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("pm_a2", 403), ("pm_b", 404), ("outsider", 404), ("parent_user", 404)],
)
def test_who_may_not_share(client_for, request, talk, parent_a, notified, role, status):
    client = client_for(request.getfixturevalue(role))

    assert client.get(share_url(talk)).status_code == status
    assert client.post(share_url(talk), post_data([parent_a])).status_code == status
    assert not ConversationShare.objects.exists()
    assert notified == []


def test_a_manager_of_the_location_may_share(client_for, manager_a, talk, parent_a, notified):
    response = client_for(manager_a).post(share_url(talk), post_data([parent_a]))

    assert response.status_code == 302
    assert ConversationShare.objects.get(conversation=talk).shared_by == manager_a.staff_member


def test_share_page_needs_login(client, talk):
    response = client.get(share_url(talk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- stopping ---------------------------------------------------------------------------


def test_unshare_stops_sharing(client_for, pm_a, talk, parent_a):
    make_share(talk, [parent_a])
    make_response(talk, parent_a, own_view="Fijn gesprek")

    response = client_for(pm_a).post(reverse("conversation_unshare", args=[talk.pk]), follow=True)

    assertRedirects(response, reverse("conversation_detail", args=[talk.pk]))
    assertContains(response, "De ouders zien dit gesprek niet meer.")
    assertContains(response, "Fijn gesprek")  # the answer stays for the staff
    assert not ConversationShare.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("pm_a2", 403), ("pm_b", 404), ("outsider", 404)])
def test_who_may_not_stop_sharing(client_for, request, talk, parent_a, role, status):
    make_share(talk, [parent_a])

    response = client_for(request.getfixturevalue(role)).post(
        reverse("conversation_unshare", args=[talk.pk])
    )

    assert response.status_code == status
    assert ConversationShare.objects.filter(conversation=talk).exists()


def test_unshare_answers_only_post(client_for, pm_a, talk, parent_a):
    make_share(talk, [parent_a])

    response = client_for(pm_a).get(reverse("conversation_unshare", args=[talk.pk]))

    assert response.status_code == 405
    assert ConversationShare.objects.exists()


def test_share_page_with_an_account_parent(client_for, pm_a, child_a, org):
    """A parent of the child who took part, invited already: the label says so."""
    parent = make_parent(org, first_name="Samira", last_name="El Amrani")
    link_parent(child_a, parent, relationship=Relationship.MOTHER)
    make_parent_account(parent, "ouder.samira")
    talk = log_conversation(pm_a, child_a, parents=[parent])

    response = client_for(pm_a).get(share_url(talk))

    assertContains(response, "Samira El Amrani (heeft een account voor het ouderportaal)")


def test_the_audit_log_names_the_share_in_dutch():
    assert object_type_label("conversation_share") == "gesprek gedeeld met ouders"
    assert object_type_label("planned_talk") == "gepland gesprek"


def test_a_parent_without_authority_is_not_offered_nor_mailed(pm_a, child_a, parent_a, org):
    """With the organisation's setting off, a present parent without parental authority
    cannot be shared with: they would get an e-mail about a talk they cannot open."""
    father = make_parent(org, first_name="Kees", last_name="de Vries", email="kees@example.nl")
    link_parent(child_a, father, has_parental_authority=False)
    talk = log_conversation(pm_a, child_a, parents=[parent_a, father], summary="Intern")

    form = ShareForm(conversation=talk)
    assert list(form.fields["parents"].queryset) == [parent_a]
    with pytest.raises(ValidationError) as raised:
        share_conversation(
            conversation=talk,
            by=pm_a,
            parents=[father],
            summary_for_parents="Voor de ouders",
            share_agreements=True,
        )
    assert "gezag" in str(raised.value.message_dict["parents"])
    assert not ConversationShare.objects.exists()

    org.portal_parents_without_authority = True
    org.save()
    talk.location.organization.refresh_from_db()
    assert set(ShareForm(conversation=talk).fields["parents"].queryset) == {parent_a, father}
