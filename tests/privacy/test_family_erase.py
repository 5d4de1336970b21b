"""Erasing a family on its request: admins only, a confirmation page with counts, a reason
kept in the erasure record (never in the audit trail), and nothing left behind."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from gesprekken.models import Conversation, FollowUp
from kinderen.models import Child
from organisatie.models import Role
from ouders.models import ChildParent, Parent
from privacy.models import Consent, ErasureKind, ErasureRecord
from tests.factories import link_parent, make_child, make_parent, make_staff

from .conftest import TODAY
from .helpers import at, audit_child, audit_parent, full_conversation

pytestmark = pytest.mark.django_db

REASON = "Verzoek per e-mail van 10 juni 2026, bevestigd door de ouders."
CONFIRM = "Ik begrijp dat dit niet ongedaan kan worden gemaakt"


def url(child) -> str:
    return reverse("family_erase", args=[child.pk])


@pytest.fixture
def family(org, group_a, child_a, parent_a, pm_a, manager_a):
    """child_a and a sibling share mother parent_a; the father also has a child with another
    mother (a half-sibling with a parent of its own), so he stays; a cousin is no family."""
    sibling = make_child(group_a, first_name="Sem")
    link_parent(sibling, parent_a)
    father = make_parent(org, first_name="Joris")
    link_parent(child_a, father)
    half_sibling_elsewhere = make_child(group_a, first_name="Noor")
    other_mother = make_parent(org, first_name="Fatima")
    link_parent(half_sibling_elsewhere, other_mother)
    link_parent(half_sibling_elsewhere, father)
    cousin = make_child(group_a, first_name="Lieke")
    talk = full_conversation(
        pm_a, child_a, when=at(2026, 5, 4), parents=[parent_a], manager=manager_a
    )
    full_conversation(pm_a, sibling, when=at(2026, 5, 5), parents=[parent_a, father])
    Consent.objects.create(
        child=child_a,
        recipient="Basisschool De Regenboog, groep 1",
        scope="Taalontwikkeling",
        given_by=parent_a,
        given_on=TODAY,
    )
    audit_child(manager_a, child_a)
    audit_parent(manager_a, parent_a)
    return {
        "sibling": sibling,
        "father": father,
        "half": half_sibling_elsewhere,
        "other_mother": other_mother,
        "cousin": cousin,
        "talk": talk,
    }


def erase(client: Client, child, **overrides):
    data = {"reason": REASON, "confirm": "on", **overrides}
    return client.post(url(child), data)


def test_confirmation_page_lists_family_and_counts(client_for, admin_user, child_a, family):
    response = client_for(admin_user).get(url(child_a))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gezin wissen op verzoek" in page
    assert child_a.full_name in page and family["sibling"].full_name in page
    assert family["cousin"].full_name not in page
    assert family["half"].full_name not in page  # has a parent of its own: not this request
    assert CONFIRM in page
    assert "Typ hier geen namen" in page  # the reason's help text
    assert family["father"].full_name in page  # listed as kept (he has another child)


def test_erase_removes_the_family(client_for, admin_user, child_a, parent_a, family):
    talk_id = family["talk"].pk
    response = erase(client_for(admin_user), child_a)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not Child.objects.filter(pk__in=[child_a.pk, family["sibling"].pk]).exists()
    assert not Parent.objects.filter(pk=parent_a.pk).exists()
    assert Parent.objects.filter(pk=family["father"].pk).exists()
    assert ChildParent.objects.filter(parent=family["father"], child=family["half"]).exists()
    assert Child.objects.filter(pk__in=[family["half"].pk, family["cousin"].pk]).count() == 2
    assert not Conversation.objects.filter(child_id=child_a.pk).exists()
    assert not Conversation.history.model.objects.filter(child_id=child_a.pk).exists()
    assert not FollowUp.history.model.objects.filter(conversation_id=talk_id).exists()
    assert not Consent.objects.exists()

    erasure = ErasureRecord.objects.get()
    assert erasure.kind == ErasureKind.REQUEST
    assert erasure.reason == REASON
    assert erasure.by_user == admin_user
    assert erasure.counts["children"] == 2
    assert erasure.counts["parents"] == 1
    assert erasure.counts["conversations"] == 2

    event = AuditEvent.objects.get(action="erase")
    assert event.object_type == "family"
    assert event.object_id == erasure.pk
    assert event.user == admin_user
    assert event.child_id is None
    assert not AuditEvent.objects.filter(child_id=child_a.pk).exists()
    assert not AuditEvent.objects.filter(object_type="parent", object_id=parent_a.pk).exists()


def test_reason_and_names_are_not_in_the_audit_trail(client_for, admin_user, child_a, family):
    erase(client_for(admin_user), child_a)
    for event in AuditEvent.objects.all():
        text = " ".join(str(value) for value in vars(event).values())
        assert REASON not in text
        assert child_a.first_name not in text


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"confirm": ""}, "Vink het vakje aan"),
        ({"reason": "te kort"}, "10"),
        ({"reason": ""}, "verplicht"),
    ],
)
def test_invalid_confirmation_erases_nothing(
    client_for, admin_user, child_a, family, data, field_error
):
    response = erase(client_for(admin_user), child_a, **data)
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert Child.objects.filter(pk=child_a.pk).exists()
    assert not ErasureRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="erase").exists()


@pytest.mark.parametrize("who", ["manager_a", "pm_a"])
def test_managers_and_pms_get_403(request, client_for, child_a, family, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(url(child_a)).status_code == 403
    assert erase(client, child_a).status_code == 403
    child_a.refresh_from_db()
    assert not ErasureRecord.objects.exists()


def test_out_of_scope_is_404(client_for, outsider, org, other_org, child_a, family):
    other_admin = make_staff("other_admin", other_org, Role.ADMIN)
    for user in (outsider, other_admin):
        client = client_for(user)
        assert client.get(url(child_a)).status_code == 404
        assert erase(client, child_a).status_code == 404
    child_a.refresh_from_db()
    assert Parent.objects.filter(child_links__child=child_a).exists()


def test_pm_of_another_location_gets_404(client_for, pm_b, child_a):
    assert client_for(pm_b).get(url(child_a)).status_code == 404


def test_missing_child_is_404(client_for, admin_user):
    assert client_for(admin_user).get(reverse("family_erase", args=[999999])).status_code == 404


def test_login_required(child_a):
    response = Client().get(url(child_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_wrong_method_is_405(client_for, admin_user, child_a):
    assert client_for(admin_user).put(url(child_a)).status_code == 405
    assert Child.objects.filter(pk=child_a.pk).exists()


def test_link_on_the_child_page_for_admins_only(client_for, admin_user, manager_a, child_a):
    link = f'href="{url(child_a)}"'
    assert link in client_for(admin_user).get(reverse("child_detail", args=[child_a.pk])).text
    assert link not in client_for(manager_a).get(reverse("child_detail", args=[child_a.pk])).text
