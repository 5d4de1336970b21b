"""The parent portal in the access request and the erasure: the parent's login, what was
shared with them, what they answered, the e-mails they got (#15)."""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLink
from audit.models import AuditEvent
from gesprekken.models import ConversationShare, ParentResponse, PlannedTalk, PreTalkAnswer
from ouders.models import ParentAccount
from portaal.models import PortalNotification
from portaal.services.accounts import invite_parent
from privacy.services import family_erase, family_of
from tests.factories import TEST_PASSWORD, link_parent, make_child, make_parent
from tests.privacy.test_erasure_leaves_no_name import rows_naming

from .helpers import at, full_conversation

pytestmark = pytest.mark.django_db

CHILD_NAME, PARENT_NAME, FAMILY_NAME = "Xanthippe", "Quirijn", "Wervelwind"


def portal_records(parent, child, pm_a, *, text: str = "Portaal") -> dict:
    """A talk shared with ``parent`` and answered, a planned talk with answers, an e-mail."""
    talk = full_conversation(pm_a, child, when=at(2026, 5, 4), parents=[parent], text=text)
    share = ConversationShare.objects.create(
        conversation=talk,
        summary_for_parents=f"{text}: voor de ouders geschreven",
        shared_by=pm_a.staff_member,
    )
    share.parents.set([parent])
    response = ParentResponse.objects.create(
        conversation=talk,
        parent=parent,
        own_view=f"{text}: mijn eigen kijk",
        felt_heard=4,
        felt_heard_comment=f"{text}: fijn gesprek",
    )
    planned = PlannedTalk.objects.create(
        child=child,
        kind="zitgesprek",
        planned_for=at(2026, 7, 1).date(),
        planned_by=pm_a.staff_member,
    )
    planned.parents.set([parent])
    answer = PreTalkAnswer.objects.create(
        planned_talk=planned,
        parent=parent,
        wish_to_discuss=f"{text}: het slapen",
        seen_at_home=f"{text}: thuis rustig",
        going_well=f"{text}: praat veel",
    )
    account = ParentAccount.objects.get(parent=parent)
    notification = PortalNotification.objects.create(account=account, kind="shared")
    return {
        "talk": talk,
        "share": share,
        "response": response,
        "planned": planned,
        "answer": answer,
        "notification": notification,
    }


@pytest.fixture
def portal_parent(parent_a, child_a, pm_a, monkeypatch):
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )
    account = invite_parent(parent=parent_a, by=pm_a)
    account.availability = "Dinsdagmiddag"
    account.save()
    return parent_a, portal_records(parent_a, child_a, pm_a)


def download(client, parent) -> dict:
    response = client.get(reverse("access_request_json", args=[parent.pk]))
    assert response.status_code == 200
    return json.loads(response.content.decode("utf-8"))


# --- the access request ------------------------------------------------------------------


def test_the_export_holds_the_portal_login(portal_parent, admin_user, client_for):
    parent, _records = portal_parent

    account = download(client_for(admin_user), parent)["portal"]["account"]

    assert account["username"] == "anouk@example.nl"
    assert account["email"] == "anouk@example.nl"
    assert account["language"] == "nl"
    assert account["notify_by_email"] is True
    assert account["availability"] == "Dinsdagmiddag"
    assert account["created_at"]
    assert account["is_active"] is True


def test_the_export_holds_what_was_shared_and_answered(portal_parent, admin_user, client_for):
    parent, records = portal_parent

    portal = download(client_for(admin_user), parent)["portal"]

    (shared,) = portal["shared_talks"]
    assert shared["summary_for_parents"] == "Portaal: voor de ouders geschreven"
    assert shared["conversation"] == records["talk"].pk
    assert shared["occurred_at"] and shared["shared_at"]
    (response,) = portal["responses"]
    assert response["own_view"] == "Portaal: mijn eigen kijk"
    assert response["felt_heard"] == "Grotendeels"
    assert response["felt_heard_comment"] == "Portaal: fijn gesprek"
    assert response["created_at"] and response["updated_at"]
    (answer,) = portal["pre_talk_answers"]
    assert answer["wish_to_discuss"] == "Portaal: het slapen"
    assert answer["seen_at_home"] == "Portaal: thuis rustig"
    assert answer["going_well"] == "Portaal: praat veel"
    assert answer["planned_for"] == "2026-07-01"
    (planned,) = portal["planned_talks"]
    assert planned["parents"] == [parent.full_name]
    (notification,) = portal["notifications"]
    assert notification["kind"] and notification["sent_at"]


def test_the_export_leaves_out_another_parents_answers(
    portal_parent, org, child_a, admin_user, client_for
):
    parent, records = portal_parent
    co_parent = make_parent(org, first_name="Bram")
    link_parent(child_a, co_parent)
    ParentResponse.objects.create(
        conversation=records["talk"], parent=co_parent, own_view="Bram zijn eigen kijk"
    )

    raw = client_for(admin_user).get(reverse("access_request_json", args=[parent.pk])).content

    assert "Bram zijn eigen kijk" not in raw.decode()


def test_a_parent_without_a_login_has_an_empty_portal_part(parent_b, admin_user, client_for):
    portal = download(client_for(admin_user), parent_b)["portal"]

    assert portal["account"] is None
    assert portal["notifications"] == portal["responses"] == portal["shared_talks"] == []


def test_the_portal_audit_rows_are_in_the_export(portal_parent, admin_user, client_for):
    parent, _records = portal_parent

    events = download(client_for(admin_user), parent)["audit_events"]

    assert "parent_portal" in {event["object_type"] for event in events}


def test_the_page_shows_the_portal_part(portal_parent, admin_user, client_for):
    parent, _records = portal_parent

    page = client_for(admin_user).get(reverse("access_request", args=[parent.pk])).content
    page = page.decode()

    for text in (
        "Inlog voor het ouderportaal",
        "anouk@example.nl",
        "Dinsdagmiddag",
        "Portaal: voor de ouders geschreven",
        "Portaal: mijn eigen kijk",
        "Portaal: fijn gesprek",
        "Portaal: het slapen",
        "E-mails van het ouderportaal",
    ):
        assert text in page, text


# --- the erasure ---------------------------------------------------------------------------


def test_family_erasure_removes_the_portal_login_and_all_it_holds(
    portal_parent, child_a, admin_user
):
    parent, _records = portal_parent
    account = ParentAccount.objects.get(parent=parent)
    user_id = account.user_id
    assert AccessLink.objects.filter(user_id=user_id).exists()
    assert family_of(child_a).plan.counts["portal_accounts"] == 1

    family_erase(child=child_a, reason="Verzoek per e-mail", by_user=admin_user)

    assert not get_user_model().objects.filter(pk=user_id).exists()
    assert not ParentAccount.objects.exists()
    assert not AccessLink.objects.filter(user_id=user_id).exists()
    assert not PortalNotification.objects.exists()
    assert not ParentResponse.objects.exists()
    assert not PreTalkAnswer.objects.exists()
    assert not ConversationShare.objects.exists()
    assert not PlannedTalk.objects.exists()
    assert not AuditEvent.objects.filter(user_id=user_id).exists()
    assert not AuditEvent.objects.filter(object_type="parent_portal", object_id=parent.pk).exists()


def test_a_parent_who_keeps_another_child_keeps_the_login(
    portal_parent, group_a, admin_user, child_a
):
    parent, _records = portal_parent
    link_parent(make_child(group_a, first_name="Broer"), parent)
    # The sibling has the same parent, so it is erased too; a child with another parent
    # of its own is not, and keeps the parent.
    other = make_child(group_a, first_name="Halfzus")
    link_parent(other, parent)
    link_parent(other, make_parent(parent.organization, first_name="Andere"))

    family_erase(child=child_a, reason="Verzoek per e-mail", by_user=admin_user)

    assert ParentAccount.objects.filter(parent=parent).exists()


def test_family_erasure_leaves_no_name_of_the_portal_anywhere(
    org, group_a, pm_a, admin_user, client, monkeypatch
):
    ContentType.objects.clear_cache()
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )
    child = make_child(group_a, first_name=CHILD_NAME, last_name=FAMILY_NAME)
    parent = make_parent(
        org,
        first_name=PARENT_NAME,
        last_name=FAMILY_NAME,
        email=f"{PARENT_NAME}.{FAMILY_NAME}@example.nl",
    )
    link_parent(child, parent)
    account = invite_parent(parent=parent, by=pm_a)
    user = account.user
    user.set_password(TEST_PASSWORD)
    user.last_login = timezone.now()
    user.save()
    portal_records(parent, child, pm_a, text=f"{CHILD_NAME} en {PARENT_NAME}")
    client.post(reverse("login"), {"username": user.username, "password": "fout"})
    assert AccessAttempt.objects.filter(username=user.username).exists()
    assert rows_naming(CHILD_NAME, PARENT_NAME, FAMILY_NAME), "the names are there first"

    family_erase(child=child, reason="Verzoek van de ouders per brief", by_user=admin_user)

    assert rows_naming(CHILD_NAME, PARENT_NAME, FAMILY_NAME) == []
