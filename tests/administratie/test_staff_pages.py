"""The staff pages: the access quartet on every view, the list's search, filters, paging and
query counts, the invitation and edit forms with bad input."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from audit.models import AuditEvent
from organisatie.models import Role, StaffMember
from tests.factories import make_group, make_location, make_staff

from .staff_helpers import many_staff

pytestmark = pytest.mark.django_db

LIST_MAX_QUERIES = 12

ACTIONS = ("staff_deactivate", "staff_reactivate", "staff_invite_resend", "staff_two_factor_reset")


@pytest.fixture
def admin_client(client_for, admin_user):
    return client_for(admin_user)


def member_of(user) -> StaffMember:
    return StaffMember.objects.get(user=user)


# --- the access quartet ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["staff_list", "staff_invite"])
def test_pages_work_for_the_admin(name, admin_client):
    response = admin_client.get(reverse(name))
    assert response.status_code == 200
    assert reverse("administration") in response.content.decode()  # the breadcrumb


def test_edit_page_works(admin_client, pm_a):
    response = admin_client.get(reverse("staff_edit", args=[member_of(pm_a).pk]))
    assert response.status_code == 200
    assert "Maartje Visser" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "method"),
    [("staff_list", "get"), ("staff_invite", "get"), ("staff_edit", "get")]
    + [(name, "post") for name in ACTIONS],
)
def test_login_required(name, method, client, pm_a):
    args = [] if name in ("staff_list", "staff_invite") else [member_of(pm_a).pk]
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["pm_a", "manager_a"])
def test_other_roles_are_refused(role, request, client_for, pm_b):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("staff_list")).status_code == 403
    assert client.get(reverse("staff_edit", args=[member_of(pm_b).pk])).status_code == 403
    assert client.post(reverse("staff_deactivate", args=[member_of(pm_b).pk])).status_code == 403
    pm_b.refresh_from_db()
    assert pm_b.is_active


def test_staff_of_another_organisation_is_404(admin_client, outsider):
    pk = member_of(outsider).pk
    assert admin_client.get(reverse("staff_edit", args=[pk])).status_code == 404
    for name in ACTIONS:
        response = admin_client.post(reverse(name, args=[pk]), {"reason": "Nieuwe telefoon"})
        assert response.status_code == 404, name
    response = admin_client.post(
        reverse("staff_edit", args=[pk]), {"role": "admin", "locations": [], "groups": []}
    )
    assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.is_active and member_of(outsider).role == Role.PM
    assert admin_client.get(reverse("staff_edit", args=[999999])).status_code == 404


def test_the_list_shows_no_one_of_another_organisation(admin_client, outsider, pm_a):
    body = admin_client.get(reverse("staff_list")).content.decode()
    assert "Maartje Visser" in body
    assert "Buitenhuis" not in body


def test_wrong_methods(admin_client, pm_a):
    pk = member_of(pm_a).pk
    assert admin_client.post(reverse("staff_list")).status_code == 405
    assert admin_client.put(reverse("staff_invite")).status_code == 405
    assert admin_client.delete(reverse("staff_edit", args=[pk])).status_code == 405
    for name in ACTIONS:
        assert admin_client.get(reverse(name, args=[pk])).status_code == 405, name


def test_the_administration_start_page_has_the_staff_card(admin_client, client_for, manager_a):
    assert reverse("staff_list") in admin_client.get(reverse("administration")).content.decode()
    manager_page = client_for(manager_a).get(reverse("administration")).content.decode()
    assert reverse("staff_list") not in manager_page


def test_settings_page_links_back_to_the_administration(admin_client):
    body = admin_client.get(reverse("organization_settings")).content.decode()
    assert f'href="{reverse("administration")}"' in body


# --- the list ---------------------------------------------------------------------------


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def test_list_query_count_does_not_grow_with_rows(admin_client, org, location_a, location_b):
    """guards against N+1"""
    url = reverse("staff_list")
    many_staff(org, [location_a, location_b], 5, prefix="weinig")
    few = _queries(admin_client, url)
    many_staff(org, [location_a, location_b], 250)
    many = _queries(admin_client, url)
    second_page = _queries(admin_client, url, {"pagina": "2"})
    filtered = _queries(admin_client, url, {"status": "uitgenodigd", "locatie": location_a.pk})
    assert few == many == second_page
    assert max(many, filtered) <= LIST_MAX_QUERIES


def test_list_pages(admin_client, org, location_a):
    many_staff(org, [location_a], 120)
    first = admin_client.get(reverse("staff_list")).content.decode()
    assert "Medewerker0000" in first and "Medewerker0060" not in first
    third = admin_client.get(reverse("staff_list"), {"pagina": "3"}).content.decode()
    assert "Medewerker0119" in third
    assert admin_client.get(reverse("staff_list"), {"pagina": "x"}).status_code == 200


def test_search_by_name_and_email(admin_client, pm_a, pm_b, org, location_a):
    pm_b.email = "kees.mulder@example.nl"
    pm_b.save()
    by_name = admin_client.get(reverse("staff_list"), {"q": "maartje vis"}).content.decode()
    assert "Maartje Visser" in by_name and "Kees Mulder" not in by_name
    by_email = admin_client.get(reverse("staff_list"), {"q": "kees.mulder@"}).content.decode()
    assert "Kees Mulder" in by_email and "Maartje Visser" not in by_email


def test_filter_by_location_role_and_status(admin_client, pm_a, pm_b, manager_a, location_b):
    body = admin_client.get(reverse("staff_list"), {"locatie": location_b.pk}).content.decode()
    assert "Kees Mulder" in body and "Maartje Visser" not in body
    body = admin_client.get(reverse("staff_list"), {"rol": "manager"}).content.decode()
    assert "Ingrid Smit" in body and "Maartje Visser" not in body
    pm_b.is_active = False
    pm_b.save()
    body = admin_client.get(reverse("staff_list"), {"status": "gedeactiveerd"}).content.decode()
    assert "Kees Mulder" in body and "Maartje Visser" not in body
    body = admin_client.get(reverse("staff_list"), {"status": "actief"}).content.decode()
    assert "Maartje Visser" in body and "Kees Mulder" not in body


def test_status_of_invitations(admin_client, org, location_a, monkeypatch):
    from accounts import invitations

    waiting = make_staff(None, org, Role.PM, [location_a], first_name="Wachtend", last_name="Een")
    expired = make_staff(None, org, Role.PM, [location_a], first_name="Verlopen", last_name="Twee")
    for user in (waiting, expired):
        user.set_unusable_password()
        user.save()
    states = {waiting.pk: "pending", expired.pk: "expired"}
    monkeypatch.setattr(
        invitations,
        "invitation_states",
        lambda ids: {pk: states.get(pk, "none") for pk in ids},
        raising=False,
    )
    body = admin_client.get(reverse("staff_list"), {"status": "uitgenodigd"}).content.decode()
    assert "Wachtend" in body and "Verlopen Twee" not in body
    body = admin_client.get(reverse("staff_list"), {"status": "verlopen"}).content.decode()
    assert "Verlopen Twee" in body and "Wachtend" not in body
    assert "Uitnodiging verlopen" in body


@given(
    q=st.text(max_size=120),
    locatie=st.one_of(st.text(max_size=25), st.integers().map(str)),
    status=st.text(max_size=15),
    pagina=st.text(max_size=10),
)
def test_fuzzed_filters_never_fail(admin_user, client_for, q, locatie, status, pagina):
    client = client_for(admin_user)
    response = client.get(
        reverse("staff_list"), {"q": q, "locatie": locatie, "status": status, "pagina": pagina}
    )
    assert response.status_code == 200


# --- the invitation form ----------------------------------------------------------------


@pytest.fixture
def sent(monkeypatch):
    from accounts import invitations

    calls = []
    monkeypatch.setattr(
        invitations, "send_invitation", lambda user, *, by: calls.append((user, by))
    )
    return calls


def test_invite_creates_the_account_and_sends_the_invitation(
    admin_client, admin_user, location_a, group_a, sent
):
    response = admin_client.post(
        reverse("staff_invite"),
        {
            "first_name": "Fleur",
            "last_name": "de Wit",
            "email": "Fleur.deWit@Example.nl ",
            "role": "pm",
            "locations": [location_a.pk],
            "groups": [group_a.pk],
        },
    )
    member = StaffMember.objects.get(user__username="fleur.dewit@example.nl")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_edit", args=[member.pk])
    assert not member.user.has_usable_password()
    assert list(member.locations.all()) == [location_a]
    assert list(member.groups.all()) == [group_a]
    assert sent == [(member.user, admin_user)]
    assert AuditEvent.objects.filter(
        action="create", object_type="staff_member", object_id=member.pk, user=admin_user
    ).exists()


def _invite(client, **overrides):
    data = {
        "first_name": "Fleur",
        "last_name": "de Wit",
        "email": "fleur@example.nl",
        "role": "pm",
        "locations": [],
        "groups": [],
    }
    data.update(overrides)
    return client.post(reverse("staff_invite"), data)


def test_invite_errors_are_dutch_and_at_the_field(
    admin_client, pm_a, outsider, location_a, location_b, group_b, other_location, sent
):
    users_before = get_user_model().objects.count()
    pm_a.email = "maartje@example.nl"
    pm_a.save()
    cases = [
        ({"email": "MAARTJE@example.nl", "locations": [location_a.pk]}, "email", "al een account"),
        ({"email": "outsider", "locations": [location_a.pk]}, "email", "geldig e-mailadres"),
        ({"locations": []}, "locations", "minstens één locatie"),
        (
            {"locations": [location_a.pk], "groups": [group_b.pk]},
            "groups",
            "groepen van de gekozen locaties",
        ),
        ({"locations": [other_location.pk]}, "locations", "geldige keuze"),
        ({"locations": ["99999999999999999999999"]}, "locations", None),
        ({"role": "superuser", "locations": [location_a.pk]}, "role", "geldige keuze"),
        ({"first_name": "\u200b\t", "locations": [location_a.pk]}, "first_name", "verplicht"),
    ]
    for overrides, field, text in cases:
        response = _invite(admin_client, **overrides)
        assert response.status_code == 200, overrides
        errors = response.context["form"].errors
        assert field in errors, (overrides, errors)
        if text:
            assert text in " ".join(errors[field]), (overrides, errors[field])
        assert 'value="Fleur"' in response.content.decode() or field == "first_name"
    # An outsider's address is taken too, and says only that.
    outsider.email = "olaf@anker.nl"
    outsider.save()
    response = _invite(admin_client, email="olaf@anker.nl", locations=[location_a.pk])
    assert "al een account" in " ".join(response.context["form"].errors["email"])
    assert get_user_model().objects.count() == users_before + 0
    assert sent == []


@given(
    first_name=st.text(max_size=200),
    email=st.text(max_size=200),
    role=st.text(max_size=12),
    location=st.text(max_size=25),
)
def test_fuzzed_invitations_never_fail(admin_user, client_for, first_name, email, role, location):
    client = client_for(admin_user)
    response = client.post(
        reverse("staff_invite"),
        {
            "first_name": first_name,
            "last_name": "X",
            "email": email,
            "role": role,
            "locations": [location],
        },
    )
    assert response.status_code in (200, 302)


# --- the edit page ----------------------------------------------------------------------


def test_edit_saves_role_places_and_groups(admin_client, admin_user, pm_a2, location_b, group_b):
    member = member_of(pm_a2)
    response = admin_client.post(
        reverse("staff_edit", args=[member.pk]),
        {"role": "manager", "locations": [location_b.pk], "groups": [group_b.pk]},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == Role.MANAGER
    assert list(member.locations.all()) == [location_b]
    assert list(member.groups.all()) == [group_b]
    assert AuditEvent.objects.filter(
        action="update", object_type="staff_member", object_id=member.pk, user=admin_user
    ).exists()


def test_edit_groups_must_belong_to_the_chosen_locations(admin_client, pm_a2, location_a, group_b):
    member = member_of(pm_a2)
    response = admin_client.post(
        reverse("staff_edit", args=[member.pk]),
        {"role": "pm", "locations": [location_a.pk], "groups": [group_b.pk]},
    )
    assert response.status_code == 200
    assert "Ontdekkers" in " ".join(response.context["form"].errors["groups"])
    assert not member.groups.exists()


def test_edit_page_query_count(admin_client, org, pm_a):
    """guards against N+1: many locations and groups in the choices"""
    for n in range(30):
        location = make_location(org, f"Extra {n}")
        make_group(location, f"Groep {n}")
    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(reverse("staff_edit", args=[member_of(pm_a).pk]))
    assert response.status_code == 200
    assert len(captured) <= 16
