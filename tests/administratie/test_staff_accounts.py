"""The rules behind the staff pages: the mentor re-check on a change of role or locations,
deactivation (sessions end at once), the last-admin and own-account guards, the reset of
two-step verification, re-sending an invitation, and the create_organisation command."""

from __future__ import annotations

import logging
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import invitations
from accounts.models import TwoFactorReset
from accounts.services import issue_recovery_codes
from administratie.services import staff as services
from audit.models import AuditEvent
from kinderen.models import Child
from organisatie.models import Organization, Role, StaffMember
from tests.factories import make_child, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for, admin_user):
    return client_for(admin_user)


@pytest.fixture
def sent(monkeypatch):
    calls = []
    monkeypatch.setattr(
        invitations, "send_invitation", lambda user, *, by: calls.append((user, by))
    )
    return calls


def member_of(user) -> StaffMember:
    return StaffMember.objects.get(user=user)


def edit(client, member, **data):
    return client.post(reverse("staff_edit", args=[member.pk]), data)


# --- the mentor re-check ----------------------------------------------------------------


@pytest.fixture
def mentees(pm_a, child_a, group_a):
    """pm_a mentors three children at Zonnebloem (child_a and two more)."""
    for _ in range(2):
        make_child(group_a, mentor=pm_a.staff_member)
    return Child.objects.filter(mentor=pm_a.staff_member)


def test_moving_a_mentor_away_is_refused_with_the_count_per_location(
    admin_client, pm_a, mentees, location_b
):
    member = member_of(pm_a)
    response = edit(admin_client, member, role="pm", locations=[location_b.pk])
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["locations"])
    assert "3 kinderen" in errors and "3 bij Zonnebloem" in errors
    assert 'name="end_mentorships"' in response.content.decode()
    # Nothing saved: same locations, same mentor.
    assert list(member.locations.values_list("name", flat=True)) == ["Zonnebloem"]
    assert mentees.count() == 3


def test_a_role_change_rechecks_too(admin_client, pm_a, mentees, location_a):
    member = member_of(pm_a)
    response = edit(admin_client, member, role="manager", locations=[location_a.pk])
    assert "3 kinderen" in " ".join(response.context["form"].errors["role"])
    member.refresh_from_db()
    assert member.role == Role.PM


def test_ending_the_mentorships_saves_both_in_one_go(
    admin_client, admin_user, pm_a, mentees, location_b
):
    member = member_of(pm_a)
    child_ids = set(mentees.values_list("pk", flat=True))
    response = edit(
        admin_client, member, role="pm", locations=[location_b.pk], end_mentorships="on"
    )
    assert response.status_code == 302
    assert not Child.objects.filter(mentor=member).exists()
    assert list(member.locations.values_list("name", flat=True)) == ["Klaproos"]
    audited = set(
        AuditEvent.objects.filter(
            object_type="child", action="update", user=admin_user
        ).values_list("child_id", flat=True)
    )
    assert audited == child_ids


def test_a_change_that_keeps_the_mentorships_valid_needs_no_tick(
    admin_client, pm_a, mentees, location_a, location_b
):
    response = edit(
        admin_client, member_of(pm_a), role="pm", locations=[location_a.pk, location_b.pk]
    )
    assert response.status_code == 302
    assert mentees.count() == 3


def test_nothing_is_half_saved_when_the_change_fails_late(
    admin_user, pm_a, mentees, location_b, monkeypatch
):
    member = member_of(pm_a)
    real_audit = services._audit

    def failing(request, by, action, object_type, **ids):
        if object_type == "staff_member":
            raise RuntimeError("database gone")
        real_audit(request, by, action, object_type, **ids)

    monkeypatch.setattr(services, "_audit", failing)
    with pytest.raises(RuntimeError):
        services.update_staff(
            staff=member,
            role=Role.PM,
            locations=[location_b],
            groups=[],
            end_invalid_mentorships=True,
            by=admin_user,
        )
    assert mentees.count() == 3
    assert list(member.locations.values_list("name", flat=True)) == ["Zonnebloem"]
    assert not AuditEvent.objects.filter(object_type="child").exists()


# --- deactivation and the guards --------------------------------------------------------


def test_deactivation_ends_their_session_at_once(admin_client, admin_user, pm_a, client_for):
    their_client = client_for(pm_a)
    assert their_client.get(reverse("home")).status_code == 200
    response = admin_client.post(reverse("staff_deactivate", args=[member_of(pm_a).pk]))
    assert response.status_code == 302
    pm_a.refresh_from_db()
    assert not pm_a.is_active
    after = their_client.get(reverse("home"))
    assert after.status_code == 302
    assert after["Location"].startswith(reverse("login"))
    assert AuditEvent.objects.filter(
        object_type="staff_deactivated", object_id=member_of(pm_a).pk, user=admin_user
    ).exists()
    # Reactivated, the old session does not come back.
    admin_client.post(reverse("staff_reactivate", args=[member_of(pm_a).pk]))
    pm_a.refresh_from_db()
    assert pm_a.is_active
    assert their_client.get(reverse("home")).status_code == 302
    assert AuditEvent.objects.filter(object_type="staff_reactivated").exists()


def test_an_admin_cannot_deactivate_themselves(admin_client, admin_user, org):
    make_staff("tweede", org, Role.ADMIN)  # not the last admin: the own-account rule alone
    response = admin_client.post(
        reverse("staff_deactivate", args=[member_of(admin_user).pk]), follow=True
    )
    admin_user.refresh_from_db()
    assert admin_user.is_active
    assert "Je kunt je eigen account niet deactiveren." in response.content.decode()


def test_the_last_active_admin_stays(admin_user, org, location_a):
    second = make_staff("tweede", org, Role.ADMIN)
    # Another admin may go while one remains ...
    services.deactivate_staff(staff=member_of(second), by=admin_user)
    second.refresh_from_db()
    assert not second.is_active
    # ... but the last active admin can be neither deactivated nor demoted.
    third = make_staff("derde", org, Role.PM)
    with pytest.raises(ValidationError, match="laatste actieve beheerder"):
        services.deactivate_staff(staff=member_of(admin_user), by=third)
    with pytest.raises(ValidationError) as caught:
        services.update_staff(
            staff=member_of(admin_user),
            role=Role.MANAGER,
            locations=[location_a],
            groups=[],
            by=admin_user,
        )
    assert "role" in caught.value.message_dict
    assert member_of(admin_user).role == Role.ADMIN


def test_demoting_the_last_admin_shows_a_field_error(admin_client, admin_user, location_a):
    response = edit(admin_client, member_of(admin_user), role="pm", locations=[location_a.pk])
    assert "laatste actieve beheerder" in " ".join(response.context["form"].errors["role"])
    assert member_of(admin_user).role == Role.ADMIN


def test_another_admin_can_be_demoted(admin_client, org, location_a):
    second = make_staff("tweede", org, Role.ADMIN)
    response = edit(admin_client, member_of(second), role="manager", locations=[location_a.pk])
    assert response.status_code == 302
    assert member_of(second).role == Role.MANAGER


# --- two-step verification and invitations ----------------------------------------------


def test_two_factor_reset_needs_a_reason_and_is_audited(
    admin_client, admin_user, manager_a, caplog
):
    """The reason is kept with the account and shown on the staff page; never in a log."""
    TOTPDevice.objects.create(user=manager_a, name="telefoon", confirmed=True)
    issue_recovery_codes(manager_a)
    url = reverse("staff_two_factor_reset", args=[member_of(manager_a).pk])

    response = admin_client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "reason" in response.context["reset_form"].errors
    assert TOTPDevice.objects.filter(user=manager_a).exists()

    response = admin_client.post(url, {"reason": "Telefoon\x00 kwijt"})
    assert "reason" in response.context["reset_form"].errors  # a NUL, refused in Dutch
    with caplog.at_level(logging.DEBUG):
        response = admin_client.post(url, {"reason": "Telefoon kwijt   op het werk"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=manager_a).exists()
    assert not StaticDevice.objects.filter(user=manager_a).exists()
    event = AuditEvent.objects.get(object_type="two_factor", user=admin_user)
    assert event.object_id == member_of(manager_a).pk and event.action == "delete"
    assert "Telefoon kwijt" not in caplog.text
    reset = TwoFactorReset.objects.get(user=manager_a)
    assert (reset.reason, reset.reset_by) == ("Telefoon kwijt op het werk", admin_user)
    page = admin_client.get(reverse("staff_edit", args=[member_of(manager_a).pk]))
    assert "Telefoon kwijt op het werk" in page.content.decode()


def test_resend_sends_a_new_invitation(admin_client, admin_user, pm_a, sent):
    url = reverse("staff_invite_resend", args=[member_of(pm_a).pk])
    response = admin_client.post(url, follow=True)
    assert sent == []  # pm_a has a password already
    assert "heeft al een wachtwoord" in response.content.decode()
    pm_a.set_unusable_password()
    pm_a.save()
    response = admin_client.post(url)
    assert response.status_code == 302
    assert sent == [(pm_a, admin_user)]


def test_no_invitation_for_a_deactivated_account(admin_client, pm_a, sent):
    pm_a.is_active = False
    pm_a.save()
    response = admin_client.post(
        reverse("staff_invite_resend", args=[member_of(pm_a).pk]), follow=True
    )
    assert sent == []
    assert "Heractiveer dit account" in response.content.decode()


def test_invite_staff_service(admin_user, org, location_a, group_a, sent):
    member = services.invite_staff(
        organization=org,
        email=" Nieuw@Example.NL",
        first_name="Nieuw",
        last_name="Lid",
        role=Role.PM,
        locations=[location_a],
        groups=[group_a],
        by=admin_user,
    )
    assert member.user.username == member.user.email == "nieuw@example.nl"
    assert not member.user.has_usable_password()
    assert sent == [(member.user, admin_user)]
    with pytest.raises(ValidationError) as caught:
        services.invite_staff(
            organization=org,
            email="NIEUW@example.nl",
            first_name="Dubbel",
            last_name="Lid",
            role=Role.PM,
            locations=[location_a],
            groups=[],
            by=admin_user,
        )
    assert "email" in caught.value.message_dict


def test_invite_staff_refuses_places_of_another_organisation(
    admin_user, org, other_location, location_a, other_group, sent
):
    for locations, groups, field in (
        ([other_location], [], "locations"),
        ([location_a], [other_group], "groups"),
    ):
        with pytest.raises(ValidationError) as caught:
            services.invite_staff(
                organization=org,
                email="x@example.nl",
                first_name="X",
                last_name="Y",
                role=Role.PM,
                locations=locations,
                groups=groups,
                by=admin_user,
            )
        assert field in caught.value.message_dict
    assert not StaffMember.objects.filter(user__username="x@example.nl").exists()


# --- create_organisation ----------------------------------------------------------------


def test_create_organisation(sent):
    out = StringIO()
    call_command(
        "create_organisation",
        "Kinderopvang Het Nest",
        "--admin-email",
        "Directie@HetNest.nl",
        "--admin-first-name",
        "Anna",
        "--admin-last-name",
        "de Boer",
        stdout=out,
    )
    organization = Organization.objects.get(name="Kinderopvang Het Nest")
    admin = StaffMember.objects.get(organization=organization)
    assert admin.role == Role.ADMIN and admin.user.username == "directie@hetnest.nl"
    assert not admin.user.has_usable_password() and not admin.user.is_staff
    assert sent == [(admin.user, None)]
    assert "directie@hetnest.nl" in out.getvalue() and "invitation" in out.getvalue()


def test_create_organisation_refuses_a_duplicate_name(org, sent):
    args = ["--admin-email", "a@b.nl", "--admin-first-name", "A", "--admin-last-name", "B"]
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_organisation", "kinderopvang de regenboog", *args)
    assert Organization.objects.count() == 1
    assert sent == []


def test_create_organisation_refuses_bad_input(pm_a, sent):
    base = {"--admin-first-name": "A", "--admin-last-name": "B"}
    for name, email in (("Nieuw", "geen-adres"), ("Nieuw", "pm_a"), ("  ", "a@b.nl")):
        if email == "pm_a":
            pm_a.email = email = "maartje@example.nl"
            pm_a.save()
        args = [name, "--admin-email", email]
        for option, value in base.items():
            args += [option, value]
        with pytest.raises(CommandError):
            call_command("create_organisation", *args)
    assert not Organization.objects.filter(name="Nieuw").exists()
    assert sent == []
