"""Parents' portal logins: invited by a pm'er or manager from the parent's page (an e-mail
with a one-time link, in the parent's language), revoked, and invited again."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.invitations import LinkStatus, check_token
from accounts.models import AccessLink, AccessLinkPurpose
from audit.models import AuditEvent
from gesprekken.models import ParentResponse
from ouders.models import ParentAccount
from portaal.services.accounts import invite_parent, revoke_portal_access
from portaal.templatetags.portal_accounts import portal_state_of
from tests.factories import TEST_PASSWORD, link_parent, make_child, make_parent, make_staff
from tests.gesprekken.helpers import log_conversation

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(autouse=True)
def _jobs_at_once(monkeypatch):
    """The e-mail job is enqueued on commit; the test's transaction never commits, so the
    callbacks run at once (the tasks backend of the tests runs the job inline)."""
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )


def invite(parent, by):
    return invite_parent(parent=parent, by=by)


def link_in(message) -> str:
    found = re.search(r"https?://\S+", message.body)
    assert found, message.body
    return found.group(0)


def token_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


# --- the service ---------------------------------------------------------------------------


def test_invite_creates_a_login_named_after_the_address(parent_a, pm_a):
    parent_a.email = "  Anouk.DeVries@Example.NL "
    parent_a.save()

    account = invite(parent_a, pm_a)

    user = account.user
    assert user.username == user.email == "anouk.devries@example.nl"
    assert not user.has_usable_password()
    assert user.is_active
    assert account.parent == parent_a
    assert account.invited_by == pm_a.staff_member
    assert account.language == "nl"
    assert portal_state_of(parent_a).state == "pending"


@pytest.mark.parametrize(("preferred", "language"), [("ar", "ar"), ("en", "en"), ("ber", "nl")])
def test_the_account_speaks_the_preferred_language_if_the_portal_does(
    org, child_a, pm_a, preferred, language
):
    parent = make_parent(org, email="ouder@example.nl", preferred_language=preferred)
    link_parent(child_a, parent)

    assert invite(parent, pm_a).language == language


def test_no_email_address_is_refused_in_dutch(parent_b, pm_b):
    with pytest.raises(ValidationError) as refused:
        invite(parent_b, pm_b)

    assert "geen e-mailadres" in refused.value.messages[0]
    assert not ParentAccount.objects.exists()
    assert not mail.outbox


def test_an_address_too_long_for_a_user_name_is_refused(parent_a, pm_a):
    parent_a.email = "a" * 140 + "@example.nl"
    parent_a.save()

    with pytest.raises(ValidationError) as refused:
        invite(parent_a, pm_a)

    assert "te lang" in refused.value.messages[0]
    assert not ParentAccount.objects.exists()


def test_an_address_in_use_by_another_account_is_refused(parent_a, pm_a):
    parent_a.email = pm_a.email or "pm@example.nl"
    pm_a.email = parent_a.email
    pm_a.save()
    parent_a.save()

    with pytest.raises(ValidationError) as refused:
        invite(parent_a, pm_a)

    assert "al in gebruik" in refused.value.messages[0]
    assert not ParentAccount.objects.filter(parent=parent_a).exists()


def test_the_invitation_is_parent_facing_and_in_dutch(parent_a, pm_a):
    pm_a.first_name, pm_a.last_name = "Maartje", "Smit"
    pm_a.save()

    invite(parent_a, pm_a)

    (message,) = mail.outbox
    assert message.to == ["anouk@example.nl"]
    assert message.subject == "Uitnodiging voor Ouderportaal"
    body = message.body
    assert "Beste Anouk de Vries," in body
    assert "Maartje Smit van Kinderopvang" in body and "nodigt u uit" in body
    assert "niet verplicht" in body  # optional
    assert "72 uur" in body
    assert "anouk@example.nl" in body  # the user name to log in with
    assert not re.search(r"\b(je|jij|jouw)\b", body.lower())  # parents are addressed with "u"
    html = message.alternatives[0][0]
    assert 'lang="nl"' in html and "nodigt u uit" in html


def test_the_invitation_is_in_english_for_an_english_account(org, child_a, pm_a):
    parent = make_parent(org, first_name="Sam", email="sam@example.nl", preferred_language="en")
    link_parent(child_a, parent)

    invite(parent, pm_a)

    (message,) = mail.outbox
    assert message.subject == "Invitation for Ouderportaal"
    assert "invites you to Ouderportaal" in message.body
    assert "Using Ouderportaal is your choice" in message.body


def test_arabic_invitation_html_runs_right_to_left(org, child_a, pm_a):
    parent = make_parent(org, email="amal@example.nl", preferred_language="ar")
    link_parent(child_a, parent)

    invite(parent, pm_a)

    html = mail.outbox[0].alternatives[0][0]
    assert 'lang="ar"' in html and 'dir="rtl"' in html


def test_staff_invitations_keep_their_own_text(org, location_a, group_a, admin_user):
    from accounts.invitations import send_invitation

    staff = make_staff("nieuw@example.nl", org, "pm", [location_a], [group_a], password=None)
    staff.email = "nieuw@example.nl"
    staff.save()

    send_invitation(staff, by=admin_user)

    assert "nodigt u uit" not in mail.outbox[0].body


def test_inviting_again_sends_a_new_link_and_the_old_one_stops(parent_a, pm_a, manager_a):
    invite(parent_a, pm_a)
    first = token_of(link_in(mail.outbox[0]))

    account = invite(parent_a, manager_a)

    assert ParentAccount.objects.count() == 1
    assert len(mail.outbox) == 2
    second = token_of(link_in(mail.outbox[1]))
    assert check_token(first, AccessLinkPurpose.INVITE).status == LinkStatus.EXPIRED
    assert check_token(second, AccessLinkPurpose.INVITE).status == LinkStatus.VALID
    assert account.invited_by == pm_a.staff_member  # who first invited


def test_a_changed_address_moves_the_login_along(parent_a, pm_a):
    invite(parent_a, pm_a)
    parent_a.email = "anouk.nieuw@example.nl"
    parent_a.save()

    account = invite(parent_a, pm_a)

    account.user.refresh_from_db()
    assert account.user.username == account.user.email == "anouk.nieuw@example.nl"
    assert mail.outbox[-1].to == ["anouk.nieuw@example.nl"]


def test_a_parent_who_already_logs_in_is_not_invited_again(parent_a, parent_user, pm_a):
    with pytest.raises(ValidationError) as refused:
        invite(parent_a, pm_a)

    assert "gebruikt het ouderportaal al" in refused.value.messages[0]
    assert not mail.outbox


def test_revoke_keeps_what_the_parent_wrote(parent_a, parent_user, pm_a, child_a):
    talk = log_conversation(pm_a, child_a, parents=[parent_a])
    ParentResponse.objects.create(conversation=talk, parent=parent_a, own_view="Mijn kijk")
    invite_link = AccessLink.objects.create(
        user=parent_user,
        purpose=AccessLinkPurpose.RESET,
        nonce="x" * 16,
        expires_at=talk.occurred_at.replace(year=2100),
    )

    revoke_portal_access(parent=parent_a, by=pm_a)

    parent_user.refresh_from_db()
    assert not parent_user.is_active
    assert ParentResponse.objects.filter(parent=parent_a, own_view="Mijn kijk").exists()
    invite_link.refresh_from_db()
    assert invite_link.expires_at.year < 2100  # open links stop
    assert portal_state_of(parent_a).state == "revoked"


def test_revoke_ends_open_sessions(parent_a, parent_user, pm_a, client_for):
    client = client_for(parent_user)
    assert client.get(reverse("portal_home")).status_code == 200

    revoke_portal_access(parent=parent_a, by=pm_a)

    response = client.get(reverse("portal_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_revoking_without_an_account_is_refused(parent_a, pm_a):
    with pytest.raises(ValidationError):
        revoke_portal_access(parent=parent_a, by=pm_a)


def test_inviting_a_revoked_parent_gives_access_back(parent_a, parent_user, pm_a):
    revoke_portal_access(parent=parent_a, by=pm_a)

    invite(parent_a, pm_a)

    parent_user.refresh_from_db()
    assert parent_user.is_active
    assert len(mail.outbox) == 1
    assert check_token(token_of(link_in(mail.outbox[0])), AccessLinkPurpose.INVITE).status == (
        LinkStatus.VALID
    )


def test_invite_and_revoke_are_audited(parent_a, pm_a):
    invite(parent_a, pm_a)
    revoke_portal_access(parent=parent_a, by=pm_a)
    invite(parent_a, pm_a)

    rows = AuditEvent.objects.filter(object_type="parent_portal", object_id=parent_a.pk)
    assert list(rows.order_by("pk").values_list("action", flat=True)) == [
        "create",
        "delete",
        "update",
    ]
    assert set(rows.values_list("user_id", flat=True)) == {pm_a.pk}
    assert AuditEvent.objects.filter(object_type="invitation").count() == 2


# --- accepting the invitation ----------------------------------------------------------------


def test_after_choosing_a_password_the_parent_lands_in_the_portal(parent_a, pm_a, client):
    invite(parent_a, pm_a)
    url = link_in(mail.outbox[0])
    path = url.split("://", 1)[1].split("/", 1)[1]

    page = client.get(f"/{path}")
    assert page.status_code == 200
    response = client.post(
        f"/{path}", {"new_password1": TEST_PASSWORD + "x9!", "new_password2": TEST_PASSWORD + "x9!"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")  # not the two-step set-up
    landing = client.get(reverse("home"))
    assert landing.status_code == 302 and landing["Location"] == reverse("portal_home")
    assert client.get(reverse("portal_home")).status_code == 200
    assert portal_state_of(parent_a).state == "active"


# --- the staff's pages -----------------------------------------------------------------------


def invite_url(parent) -> str:
    return reverse("parent_portal_invite", args=[parent.pk])


def revoke_url(parent) -> str:
    return reverse("parent_portal_revoke", args=[parent.pk])


@pytest.mark.parametrize("who", ["pm_a", "manager_a", "admin_user"])
def test_staff_who_see_the_parent_invite(request, who, parent_a, client_for):
    user = request.getfixturevalue(who)

    response = client_for(user).post(invite_url(parent_a), follow=True)

    assert response.redirect_chain[0] == (reverse("parent_detail", args=[parent_a.pk]), 302)
    assert "De uitnodiging voor het ouderportaal is verstuurd naar anouk@example.nl" in (
        response.content.decode()
    )
    assert ParentAccount.objects.filter(parent=parent_a).exists()


def test_the_administration_page_gets_the_user_back_there(parent_a, manager_a, client_for):
    response = client_for(manager_a).post(invite_url(parent_a), {"from": "administratie"})

    assert response["Location"] == reverse("admin_parent_edit", args=[parent_a.pk])


def test_a_refusal_is_a_message_not_an_error(parent_b, pm_b, client_for):
    response = client_for(pm_b).post(invite_url(parent_b), follow=True)

    assert response.status_code == 200
    assert "geen e-mailadres" in response.content.decode()
    assert not ParentAccount.objects.exists()


@pytest.mark.parametrize("who", ["pm_b", "outsider", "parent_user", "other_family_user"])
def test_out_of_scope_is_404_and_nothing_changes(request, who, parent_a, client_for):
    user = request.getfixturevalue(who)
    client = client_for(user)

    assert client.post(invite_url(parent_a)).status_code == 404
    assert client.post(revoke_url(parent_a)).status_code == 404
    assert not ParentAccount.objects.filter(parent=parent_a).exclude(user=user).exists()
    assert not mail.outbox


def test_login_required(parent_a, client):
    response = client.post(invite_url(parent_a))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_wrong_method_is_405(parent_a, pm_a, client_for):
    client = client_for(pm_a)

    assert client.get(invite_url(parent_a)).status_code == 405
    assert client.get(revoke_url(parent_a)).status_code == 405


def test_revoke_from_the_page(parent_a, parent_user, pm_a, client_for):
    response = client_for(pm_a).post(revoke_url(parent_a), follow=True)

    parent_user.refresh_from_db()
    assert not parent_user.is_active
    assert "kan niet meer inloggen" in response.content.decode()


# --- the card ----------------------------------------------------------------------------------


def admin_page(client, parent) -> str:
    response = client.get(reverse("admin_parent_edit", args=[parent.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_card_shows_each_state_and_its_buttons(parent_a, pm_a, manager_a, client_for):
    client = client_for(manager_a)
    page = admin_page(client, parent_a)
    assert "Nog geen account." in page and "Uitnodigen voor het ouderportaal" in page
    assert 'name="from" value="administratie"' in page

    invite(parent_a, pm_a)
    page = admin_page(client, parent_a)
    assert "Uitgenodigd" in page and "Stuur de uitnodiging opnieuw" in page
    assert "Toegang intrekken" in page

    AccessLink.objects.update(expires_at=AccessLink.objects.get().created_at)
    assert "Uitnodiging verlopen" in admin_page(client, parent_a)

    account = ParentAccount.objects.get(parent=parent_a)
    account.user.set_password(TEST_PASSWORD)
    account.user.save()
    page = admin_page(client, parent_a)
    assert "Actief" in page and "Stuur de uitnodiging opnieuw" not in page

    revoke_portal_access(parent=parent_a, by=pm_a)
    page = admin_page(client, parent_a)
    assert "Toegang ingetrokken" in page and "Toegang intrekken" not in page


def test_card_notes_a_missing_email_address(parent_b, manager_a, admin_user, client_for):
    page = admin_page(client_for(admin_user), parent_b)

    assert "Geen e-mailadres" in page
    assert "Uitnodigen voor het ouderportaal" not in page


def test_card_costs_a_fixed_number_of_queries(
    org, group_a, parent_a, pm_a, admin_user, client_for, django_assert_max_num_queries
):
    """guards against N+1"""
    for n in range(30):
        link_parent(make_child(group_a, first_name=f"Kind{n}"), parent_a)
    invite(parent_a, pm_a)
    client = client_for(admin_user)
    admin_page(client, parent_a)
    with django_assert_max_num_queries(20):
        admin_page(client, parent_a)


# --- the organisation's setting: parents without parental authority ---------------------------


def settings_post(**changes) -> dict:
    data = {"reach_alert_weeks": "6", "sit_down_alert_months": "12", "retention_months": "24"}
    data.update(changes)
    return data


def test_the_setting_is_on_the_settings_page_with_its_help(admin_user, client_for):
    page = client_for(admin_user).get(reverse("organization_settings")).content.decode()

    assert 'name="portal_parents_without_authority"' in page
    assert "Ouders zonder gezag gebruiken het ouderportaal" in page
    assert "ziet een ouder zonder gezag de gesprekken" in page  # the help text, in Dutch


def test_the_admin_switches_it_on_and_off(org, group_a, admin_user, client_for):
    from ouders.models import ChildParent

    child = make_child(group_a)
    parent = make_parent(org, email="zonder.gezag@example.nl")
    link_parent(child, parent, has_parental_authority=False)
    client = client_for(admin_user)
    url = reverse("organization_settings")

    response = client.post(url, settings_post(portal_parents_without_authority="on"))

    assert response.status_code == 302
    org.refresh_from_db()
    assert org.portal_parents_without_authority
    parent.refresh_from_db()
    assert ChildParent.objects.for_portal(parent).count() == 1

    client.post(url, settings_post())

    org.refresh_from_db()
    assert not org.portal_parents_without_authority
    parent.refresh_from_db()
    assert ChildParent.objects.for_portal(parent).count() == 0


def test_the_invitation_page_speaks_the_language_of_the_e_mail(parent_a, pm_a, client):
    parent_a.preferred_language = "ar"
    parent_a.save()
    invite(parent_a, pm_a)
    path = "/" + link_in(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]

    page = client.get(path)

    html = page.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    # A language chosen with the switch wins.
    client.cookies["django_language"] = "nl"
    assert '<html lang="nl" dir="ltr">' in client.get(path).content.decode()
