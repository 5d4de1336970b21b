"""The audit trail: who read or changed which child's records, when, from which network.

Every row names the user, the action, the object (type and id), the child where there is
one, the network (the address truncated to /24 or /48) and the time in UTC; never content
(names, texts, passwords). Rows cannot be changed or deleted by the app, and on PostgreSQL
not by plain SQL either, except for the one sanctioned change: pseudonymisation.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import DatabaseError, connection, models, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from audit.models import Action, AppendOnlyError, AuditEvent
from audit.services import pseudonymise, record
from gesprekken.models import Conversation, Feedback
from tests.factories import TEST_PASSWORD
from tests.gesprekken.helpers import sit_down_data

from .conftest import World

pytestmark = pytest.mark.django_db

ADDRESS = "192.168.10.77"
NETWORK = "192.168.10.0"
WRONG_PASSWORD = "Geheim-wachtwoord-van-Maartje-42"


def nl(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


@dataclass
class Case:
    role: str
    method: str
    url: Callable[[World], str]
    data: Callable[[World], dict]
    action: str
    object_type: str
    object_id: Callable[[World], int | None]
    child_id: Callable[[World], int | None]


def _new_conversation(w: World) -> int:
    return Conversation.objects.filter(child=w.child_a).order_by("-pk").first().pk


def _child(w: World) -> int:
    return w.child_a.pk


def _none(w: World) -> None:
    return None


def _nothing(w: World) -> dict:
    return {}


CASES = {
    "view child": Case(
        "pm_a", "GET", lambda w: reverse("child_detail", args=[w.child_a.pk]), _nothing,
        Action.VIEW, "child", _child, _child,
    ),
    "view parent": Case(
        "pm_a", "GET", lambda w: reverse("parent_detail", args=[w.parent_a.pk]), _nothing,
        Action.VIEW, "parent", lambda w: w.parent_a.pk, _none,
    ),
    "view conversation": Case(
        "pm_a", "GET", lambda w: reverse("conversation_detail", args=[w.conversation_a.pk]),
        _nothing, Action.VIEW, "conversation", lambda w: w.conversation_a.pk, _child,
    ),
    "view history": Case(
        "manager_a", "GET", lambda w: reverse("history"), _nothing,
        Action.VIEW, "history", _none, _none,
    ),
    "view overview": Case(
        "manager_a", "GET", lambda w: reverse("overview"), _nothing,
        Action.VIEW, "overview", _none, _none,
    ),
    "print dossier": Case(
        "manager_a", "GET", lambda w: reverse("dossier", args=[w.child_a.pk]), _nothing,
        Action.PRINT, "dossier", _child, _child,
    ),
    "export csv": Case(
        "manager_a", "GET", lambda w: reverse("history_export"), _nothing,
        Action.EXPORT, "conversations_csv", _none, _none,
    ),
    "export xlsx": Case(
        "manager_a", "GET", lambda w: reverse("history_export_xlsx"), _nothing,
        Action.EXPORT, "conversations_xlsx", _none, _none,
    ),
    "create conversation": Case(
        "pm_a", "POST", lambda w: reverse("conversation_create", args=[w.child_a.pk]),
        lambda w: sit_down_data(parents=[w.parent_a], summary="Nieuw gesprek over Emma"),
        Action.CREATE, "conversation", _new_conversation, _child,
    ),
    "log handover": Case(
        "pm_a", "POST", lambda w: reverse("handover", args=[w.child_a.pk]),
        lambda w: {"soort": "breng", "tone": "fijn", "summary": "Emma sliep slecht",
                   "idempotency_key": str(uuid.uuid4())},
        Action.CREATE, "conversation", _new_conversation, _child,
    ),
    "edit conversation": Case(
        "pm_a", "POST", lambda w: reverse("conversation_edit", args=[w.conversation_a.pk]),
        lambda w: sit_down_data(parents=[w.parent_a], version=w.conversation_a.version,
                                summary="Aangepaste samenvatting over Emma"),
        Action.UPDATE, "conversation", lambda w: w.conversation_a.pk, _child,
    ),
    "delete conversation": Case(
        "manager_a", "POST", lambda w: reverse("conversation_delete", args=[w.conversation_a.pk]),
        lambda w: {"reason": "Dubbel ingevoerd"},
        Action.DELETE, "conversation", lambda w: w.conversation_a.pk, _child,
    ),
    "toggle agreement": Case(
        "pm_a", "POST", lambda w: reverse("follow_up_toggle", args=[w.agreement_a.pk]),
        lambda w: {"done": "1"}, Action.UPDATE, "agreement", lambda w: w.agreement_a.pk, _child,
    ),
    "give feedback": Case(
        "manager_a", "POST", lambda w: reverse("feedback_create", args=[w.conversation_a.pk]),
        lambda w: {"went_well": "Je liet Anouk uitpraten"},
        Action.CREATE, "feedback", lambda w: Feedback.objects.get().pk, _child,
    ),
    "search": Case(
        "pm_a", "POST", lambda w: reverse("search"), lambda w: {"q": "Emma"},
        Action.VIEW, "search", _none, _none,
    ),
    "access request": Case(
        "admin_user", "GET", lambda w: reverse("access_request", args=[w.parent_a.pk]), _nothing,
        Action.EXPORT, "access_request", lambda w: w.parent_a.pk, _none,
    ),
    "record consent": Case(
        "manager_a", "POST", lambda w: reverse("consent_create", args=[w.child_a.pk]),
        lambda w: {"recipient": "Basisschool", "scope": "Taal", "given_by": w.parent_a.pk,
                   "given_on": timezone.localdate().isoformat()},
        Action.CREATE, "consent", lambda w: w.child_a.consents.order_by("-pk").first().pk, _child,
    ),
}  # fmt: skip


def content_of(world: World) -> list[str]:
    """What must never be in the trail: names, dates of birth, texts."""
    conversation = world.conversation_a
    return [
        world.child_a.first_name,
        world.child_a.last_name,
        world.child_a.date_of_birth.isoformat(),
        world.parent_a.first_name,
        world.parent_a.last_name,
        world.parent_a.email,
        conversation.summary,
        conversation.parent_view,
        world.agreement_a.description,
        "Anouk",
        "Emma",
        "Dubbel ingevoerd",
        WRONG_PASSWORD,
        TEST_PASSWORD,
    ]


def assert_no_content(world: World) -> None:
    text_columns = [
        f.attname
        for f in AuditEvent._meta.fields
        if isinstance(f, models.CharField | models.TextField)
    ]
    forbidden = [value.lower() for value in content_of(world) if value]
    for row in AuditEvent.objects.values(*text_columns):
        for column, value in row.items():
            for word in forbidden:
                assert word not in (value or "").lower(), f"{word!r} in audit column {column}"


def assert_network_and_time(event: AuditEvent, network: str = NETWORK) -> None:
    assert event.ip == network
    assert event.at.utcoffset() == datetime.timedelta(0), "time must be stored in UTC"
    assert abs(timezone.now() - event.at) < datetime.timedelta(minutes=1)


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_action_is_audited(case_name, world, client_as, request):
    case = CASES[case_name]
    client = client_as(case.role)
    user = request.getfixturevalue(case.role)
    before = set(AuditEvent.objects.values_list("pk", flat=True))

    url = case.url(world)
    if case.method == "GET":
        response = client.get(url, REMOTE_ADDR=ADDRESS)
    else:
        response = client.post(url, case.data(world), REMOTE_ADDR=ADDRESS)
    if response.streaming:
        b"".join(response.streaming_content)

    assert response.status_code in {200, 302}, response.status_code
    new = AuditEvent.objects.exclude(pk__in=before).filter(
        action=case.action, object_type=case.object_type
    )
    assert new.count() == 1, list(AuditEvent.objects.exclude(pk__in=before).values())
    event = new.get()
    assert event.user_id == user.pk
    assert event.object_id == case.object_id(world)
    assert event.child_id == case.child_id(world)
    assert event.organization_id == world.child_a.location.organization_id
    if event.child_id is not None:
        assert event.location_id == world.child_a.location_id
    assert_network_and_time(event)
    assert_no_content(world)


def test_login_logout_and_failed_login_are_audited(pm_a, world):
    client = Client()
    failed = client.post(
        reverse("login"), {"username": "pm_a", "password": WRONG_PASSWORD}, REMOTE_ADDR=ADDRESS
    )
    assert failed.status_code == 200
    client.post(
        reverse("login"), {"username": "niemand", "password": WRONG_PASSWORD}, REMOTE_ADDR=ADDRESS
    )
    client.post(
        reverse("login"), {"username": "pm_a", "password": TEST_PASSWORD}, REMOTE_ADDR=ADDRESS
    )
    client.post(reverse("logout"), REMOTE_ADDR=ADDRESS)

    rows = list(AuditEvent.objects.filter(object_type="session").order_by("pk"))
    assert [(r.action, r.user_id) for r in rows] == [
        (Action.LOGIN_FAILED, pm_a.pk),
        (Action.LOGIN_FAILED, None),  # an unknown name is not stored at all
        (Action.LOGIN, pm_a.pk),
        (Action.LOGOUT, pm_a.pk),
    ]
    for row in rows:
        assert_network_and_time(row)
    assert_no_content(world)
    # Not the tried user name either (it may be a mistyped password).
    for row in AuditEvent.objects.values():
        assert "niemand" not in str(row)


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("192.168.10.77", "192.168.10.0"),
        ("10.1.2.255", "10.1.2.0"),
        ("2001:db8:abcd:12:3456:789a:bcde:f012", "2001:db8:abcd::"),
        ("not-an-address", ""),
    ],
)
def test_address_is_truncated(client_for, pm_a, child_a, address, network):
    client_for(pm_a).get(reverse("child_detail", args=[child_a.pk]), REMOTE_ADDR=address)

    assert AuditEvent.objects.get(object_type="child").ip == network


def test_ipv4_mapped_address_is_not_kept_whole(client_for, pm_a, child_a):
    """A dual-stack server sees IPv4 clients as ::ffff:a.b.c.d; the host part must go."""
    client_for(pm_a).get(
        reverse("child_detail", args=[child_a.pk]), REMOTE_ADDR="::ffff:192.0.2.44"
    )

    assert "192.0.2.44" not in AuditEvent.objects.get(object_type="child").ip


def test_forwarded_for_is_ignored_unless_trusted(client_for, pm_a, child_a, settings):
    client = client_for(pm_a)
    url = reverse("child_detail", args=[child_a.pk])
    client.get(url, REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR="203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 1
    # The client sent "6.6.6.6" itself; the one trusted proxy appended the real address.
    client.get(url, REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")

    views = AuditEvent.objects.filter(object_type="child").order_by("pk")
    assert list(views.values_list("ip", flat=True)) == [
        NETWORK,
        "203.0.113.0",
    ]


def test_whole_day_of_work_leaves_no_content_in_the_trail(world, client_as):
    """All audited actions one after another; then every text column of every row is checked."""
    for name in sorted(CASES):
        case = CASES[name]
        if name == "delete conversation":
            continue  # keeps conversation_a for the others
        client = client_as(case.role)
        url = case.url(world)
        world.conversation_a.refresh_from_db()
        response = client.get(url) if case.method == "GET" else client.post(url, case.data(world))
        if response.streaming:
            b"".join(response.streaming_content)
    assert AuditEvent.objects.count() >= len(CASES) - 1
    assert_no_content(world)


# --- append-only -------------------------------------------------------------------------


@pytest.fixture
def event(pm_a, child_a) -> AuditEvent:
    return record(
        request=None,
        user=pm_a,
        action=Action.VIEW,
        object_type="child",
        object_id=child_a.pk,
        child_id=child_a.pk,
        location_id=child_a.location_id,
    )


def test_app_cannot_change_a_row(event):
    event.action = Action.DELETE
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action=Action.DELETE)
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["action"])
    event.refresh_from_db()
    assert event.action == Action.VIEW


def test_app_cannot_delete_a_row(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        ("UPDATE audit_auditevent SET action = 'delete' WHERE id = %s", []),
        ("UPDATE audit_auditevent SET object_type = 'parent' WHERE id = %s", []),
        ("UPDATE audit_auditevent SET at = at - interval '1 day' WHERE id = %s", []),
        ("UPDATE audit_auditevent SET ip = '10.0.0.0' WHERE id = %s", []),
        ("UPDATE audit_auditevent SET child_id = child_id + 1 WHERE id = %s", []),
        ("UPDATE audit_auditevent SET user_id = NULL, organization_id = NULL WHERE id = %s", []),
        ("DELETE FROM audit_auditevent WHERE id = %s", []),
    ],
)
def test_database_refuses_changes_and_deletes(on_postgres, event, sql, params):
    with pytest.raises(DatabaseError):
        _raw(sql, [*params, event.pk])

    event.refresh_from_db()
    assert (event.action, event.object_type, event.ip) == (Action.VIEW, "child", event.ip)
    assert event.child_id is not None


def test_database_allows_pseudonymisation_only(on_postgres, event, child_a, pm_a):
    assert pseudonymise(child_ids=[child_a.pk]) == 1

    event.refresh_from_db()
    assert (event.child_id, event.object_id, event.user_id, event.ip) == (None, None, None, "")
    assert event.pseudonymised
    assert (event.action, event.object_type) == (Action.VIEW, "child")
    # ...and it cannot be undone.
    with pytest.raises(DatabaseError):
        _raw("UPDATE audit_auditevent SET pseudonymised = false WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError):
        _raw("UPDATE audit_auditevent SET child_id = %s WHERE id = %s", [child_a.pk, event.pk])


# --- who sees the trail -----------------------------------------------------------------------


def test_manager_sees_who_viewed_the_child(client_for, pm_a, manager_a, child_a):
    client_for(pm_a).get(reverse("child_detail", args=[child_a.pk]))

    page = client_for(manager_a).get(reverse("child_detail", args=[child_a.pk]))

    html = page.content.decode()
    assert nl("Who viewed or changed this record") in html
    assert "Maartje Visser" in html  # pm_a's view is listed


def test_pm_does_not_see_the_trail(client_for, pm_a, manager_a, child_a):
    client_for(manager_a).get(reverse("child_detail", args=[child_a.pk]))

    page = client_for(pm_a).get(reverse("child_detail", args=[child_a.pk]))

    assert page.status_code == 200
    assert nl("Who viewed or changed this record") not in page.content.decode()
    assert "Ingrid Smit" not in page.content.decode()
