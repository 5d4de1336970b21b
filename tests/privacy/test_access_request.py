"""The access request (AVG art. 15/20): admins only, a printable page and a JSON download
with everything about the parent and their children, both audited."""

from __future__ import annotations

import datetime
import decimal
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEvent
from gesprekken.models import Conversation
from organisatie.models import Role
from privacy.models import Consent
from tests.factories import link_parent, make_child, make_parent, make_staff

from .conftest import TODAY
from .helpers import at, audit_child, audit_parent, full_conversation

pytestmark = pytest.mark.django_db

TECHNICAL = {"idempotency_key", "day"}


def page_url(parent) -> str:
    return reverse("access_request", args=[parent.pk])


def json_url(parent) -> str:
    return reverse("access_request_json", args=[parent.pk])


@pytest.fixture
def held(org, group_a, child_a, parent_a, parent_b, child_b, pm_a, manager_a, pm_b):
    """What the organisation holds about parent_a: child_a (with a co-parent), a talk about
    child_a, a talk about child_b at which parent_a was present, a consent, audit rows."""
    co_parent = make_parent(org, first_name="Bram", email="bram@example.nl", phone="0611111111")
    link_parent(child_a, co_parent)
    talk = full_conversation(
        pm_a, child_a, when=at(2026, 5, 4), parents=[parent_a, co_parent], manager=manager_a
    )
    visit = full_conversation(
        pm_b, child_b, when=at(2026, 5, 6), parents=[parent_b, parent_a], text="Bezoek"
    )
    unrelated = full_conversation(
        pm_b, child_b, when=at(2026, 5, 7), parents=[parent_b], text="Los"
    )
    consent = Consent.objects.create(
        child=child_a,
        recipient="Basisschool De Regenboog, groep 1",
        scope="Taalontwikkeling",
        given_by=parent_a,
        given_on=TODAY,
    )
    audit_child(manager_a, child_a)
    audit_parent(manager_a, parent_a)
    audit_child(manager_a, child_b)  # not about parent_a's children
    return {
        "co_parent": co_parent,
        "talk": talk,
        "visit": visit,
        "unrelated": unrelated,
        "consent": consent,
    }


def download(client: Client, parent) -> dict:
    response = client.get(json_url(parent))
    assert response.status_code == 200
    return json.loads(response.content.decode("utf-8"))


# --- access --------------------------------------------------------------------------------------


def test_admin_gets_the_page_and_the_file(client_for, admin_user, parent_a, held):
    client = client_for(admin_user)
    page = client.get(page_url(parent_a))
    assert page.status_code == 200
    assert parent_a.email in page.content.decode()
    response = client.get(json_url(parent_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="inzage-ouder-{parent_a.pk}-{TODAY.isoformat()}.json"'
    )
    assert parent_a.last_name not in response["Content-Disposition"]


@pytest.mark.parametrize("who", ["manager_a", "pm_a"])
def test_managers_and_pms_get_403(request, client_for, parent_a, held, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(page_url(parent_a)).status_code == 403
    assert client.get(json_url(parent_a)).status_code == 403
    assert not AuditEvent.objects.filter(object_type="access_request").exists()


def test_out_of_scope_is_404(client_for, outsider, other_org, pm_b, parent_a, other_parent):
    other_admin = make_staff("other_admin", other_org, Role.ADMIN)
    for user in (outsider, other_admin):
        assert client_for(user).get(page_url(parent_a)).status_code == 404
        assert client_for(user).get(json_url(parent_a)).status_code == 404
    assert client_for(pm_b).get(page_url(parent_a)).status_code == 404  # no child at B
    assert client_for(other_admin).get(page_url(other_parent)).status_code == 200
    assert client_for(other_admin).get(reverse("access_request", args=[999999])).status_code == 404


def test_login_required(parent_a):
    for url in (page_url(parent_a), json_url(parent_a)):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_wrong_method_is_405(client_for, admin_user, parent_a):
    client = client_for(admin_user)
    assert client.post(page_url(parent_a)).status_code == 405
    assert client.post(json_url(parent_a)).status_code == 405


def test_both_are_audited(client_for, admin_user, parent_a):
    client = client_for(admin_user)
    client.get(page_url(parent_a))
    client.get(json_url(parent_a))
    events = AuditEvent.objects.filter(action="export", object_type="access_request")
    assert events.count() == 2
    assert {e.object_id for e in events} == {parent_a.pk}
    assert {e.user_id for e in events} == {admin_user.pk}


def test_link_on_the_parent_page_for_admins_only(client_for, admin_user, manager_a, parent_a):
    parent_page = reverse("parent_detail", args=[parent_a.pk])
    assert page_url(parent_a) in client_for(admin_user).get(parent_page).content.decode()
    assert page_url(parent_a) not in client_for(manager_a).get(parent_page).content.decode()


# --- content -------------------------------------------------------------------------------------


def test_json_holds_parent_children_conversations_consents_and_audit(
    client_for, admin_user, parent_a, child_a, held
):
    data = download(client_for(admin_user), parent_a)

    assert data["parent"]["email"] == parent_a.email
    assert data["parent"]["phone"] == parent_a.phone
    assert [item["child"]["id"] for item in data["children"]] == [child_a.pk]
    child = data["children"][0]
    assert child["child"]["date_of_birth"] == child_a.date_of_birth.isoformat()
    assert {link["parent"] for link in child["parent_links"]} == {
        parent_a.full_name,
        held["co_parent"].full_name,
    }
    assert child["consents"][0]["recipient"] == "Basisschool De Regenboog, groep 1"
    assert child["consents"][0]["given_on"] == TODAY.isoformat()
    assert len(child["preparations"]) == 1

    ids = [item["conversation"]["id"] for item in data["conversations"]]
    assert ids == [held["talk"].pk, held["visit"].pk]  # about the child, or parent present
    talk = data["conversations"][0]
    assert len(talk["tip_scores"]) == 4  # three given, tip 3 proposed from the seconds
    assert talk["agreements"][0]["description"] == "Gesprek: slaapritme bijhouden"
    assert talk["feedback"][0]["went_well"] == "Gesprek: rustig gebleven"

    assert data["audit_events"]
    assert set(data["audit_events"][0]) == {"at", "action", "object_type"}
    assert {e["object_type"] for e in data["audit_events"]} >= {"child", "parent"}


def test_co_parent_contact_details_are_not_exported(client_for, admin_user, parent_a, held):
    raw = client_for(admin_user).get(json_url(parent_a)).content.decode()
    assert held["co_parent"].full_name in raw
    assert held["co_parent"].email not in raw and held["co_parent"].phone not in raw


def test_json_is_utf8_with_iso_dates(client_for, admin_user, parent_a, held):
    raw = client_for(admin_user).get(json_url(parent_a)).content.decode("utf-8")
    assert "café-stijl é" in raw  # ensure_ascii=False: no \\u escapes
    data = json.loads(raw)
    occurred = data["conversations"][0]["conversation"]["occurred_at"]
    assert datetime.datetime.fromisoformat(occurred) == held["talk"].occurred_at
    assert occurred.endswith("+02:00")  # local (summer) time, with its offset
    datetime.datetime.fromisoformat(data["generated_at"])


def test_every_field_of_a_conversation_is_in_the_json(client_for, admin_user, parent_a, held):
    """A field added to Conversation later is exported without anyone remembering to."""
    conversation = Conversation.objects.get(pk=held["talk"].pk)
    with translation.override("nl"):
        exported = download(client_for(admin_user), parent_a)["conversations"][0]["conversation"]
        for field in conversation._meta.concrete_fields:
            if field.name in TECHNICAL:
                assert field.name not in exported
                continue
            assert field.name in exported, field.name
            value = getattr(conversation, field.attname)
            if field.is_relation:
                expected = str(getattr(conversation, field.name))
            elif field.choices and value not in ("", None):
                expected = str(getattr(conversation, f"get_{field.name}_display")())
            elif isinstance(value, datetime.datetime):
                expected = timezone.localtime(value).isoformat()
            elif field.name == "topics":
                expected = conversation.topic_labels()
            elif isinstance(value, decimal.Decimal):
                expected = float(value)
            else:
                expected = value
            assert exported[field.name] == expected, field.name
    assert set(exported["parents"]) == {parent_a.full_name, held["co_parent"].full_name}
    for text_field in ("summary", "parent_view", "reflection_went_well", "reflection_next_time"):
        assert exported[text_field] == getattr(conversation, text_field)


def test_page_shows_the_same_content(client_for, admin_user, parent_a, child_a, held):
    page = client_for(admin_user).get(page_url(parent_a)).content.decode()
    talk = held["talk"]
    for text in (
        child_a.full_name,
        talk.summary,
        talk.parent_view,
        talk.reflection_went_well,
        talk.reflection_next_time,
        "Gesprek: slaapritme bijhouden",
        "Gesprek: rustig gebleven",
        "Basisschool De Regenboog, groep 1",
        "Bezoek: samenvatting over het slapen",
    ):
        assert text in page, text
    assert "Los: samenvatting" not in page  # a talk about another child without this parent


def test_parent_without_authority_is_flagged(client_for, admin_user, org, group_a):
    child = make_child(group_a, first_name="Pleun")
    parent = make_parent(org)
    link_parent(child, parent, has_parental_authority=False)
    page = client_for(admin_user).get(page_url(parent)).content.decode()
    assert "Pleun" in page
    assert 'class="alert alert-warning' in page


# --- query counts --------------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_for", [page_url, json_url], ids=["page", "json"])
def test_query_count_does_not_grow_with_conversations(
    client_for, admin_user, org, group_a, pm_a, manager_a, url_for
):
    """guards against N+1"""
    child = make_child(group_a)
    sibling = make_child(group_a)
    parent = make_parent(org)
    link_parent(child, parent, is_primary_contact=True)
    link_parent(sibling, parent)

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            full_conversation(
                pm_a,
                (child, sibling)[n % 2],
                when=at(2026, 1, 1) + datetime.timedelta(days=n),
                parents=[parent],
                manager=manager_a,
                text=f"Gesprek {n}",
            )
            audit_child(manager_a, child)

    client = client_for(admin_user)
    add(5, 0)
    client.get(url_for(parent))  # warm up
    few = _count(client, url_for(parent))
    add(45, 5)
    many = _count(client, url_for(parent))
    assert few == many
    assert many <= 30  # 25 before the parent portal's parts (#15): one query for each


def test_earlier_versions_and_deleted_conversations_are_in_the_export(
    client_for, admin_user, parent_a, child_a, pm_a, manager_a, held
):
    """AVG art. 15: what is stored, not only what is current."""
    talk = held["talk"]
    talk.summary = "Nieuwe tekst na bewerking"
    talk.save()
    deleted = full_conversation(
        pm_a, child_a, when=at(2026, 5, 8), parents=[parent_a], text="Verwijderd gesprek"
    )
    deleted_id = deleted.pk
    deleted.delete()

    data = json.loads(
        client_for(admin_user).get(reverse("access_request_json", args=[parent_a.pk])).content
    )

    versions = data["history"]["conversations"]
    summaries = [row["summary"] for row in versions]
    assert any(s.startswith("Gesprek: samenvatting") for s in summaries), "the earlier text"
    assert "Nieuwe tekst na bewerking" in summaries
    assert deleted_id not in [item["conversation"]["id"] for item in data["conversations"]]
    gone = [row for row in versions if row["id"] == deleted_id]
    assert gone and gone[-1]["history_type"] == "verwijderd"
    assert data["history"]["agreements"] and data["history"]["tip_scores"]
    page = client_for(admin_user).get(reverse("access_request", args=[parent_a.pk]))
    assert "Verwijderd gesprek: samenvatting" in page.content.decode()
