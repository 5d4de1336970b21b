"""Invitations by e-mail: the link in the message (received over real SMTP) sets a first
password once; expired, used and tampered links say so, and never a server error."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.invitations import (
    LinkStatus,
    check_token,
    invitation_state,
    invitation_states,
    send_invitation,
)
from accounts.models import AccessLink, AccessLinkPurpose
from audit.models import AuditEvent

from .conftest import expire, path_of, token_of

NEW_PASSWORD = "Mijn fiets is groen en rijdt snel"  # noqa: S105 - test value


def set_password(client: Client, url: str, password: str = NEW_PASSWORD):
    return client.post(url, {"new_password1": password, "new_password2": password})


def test_the_invitation_email_arrives_and_its_link_sets_the_password(
    invitee, invite, smtp_server, settings, org
):
    settings.SITE_URL = "https://portaal.example.nl"
    link = invite(invitee)

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["Subject"] == "Uitnodiging voor Ouderportaal"
    assert message["To"] == "nieuw@example.nl"
    text, html = smtp_server.text(message), smtp_server.html(message)
    assert "Fenna Bos" in text and org.name in text
    assert "72 uur" in text
    url = smtp_server.first_link()
    assert url.startswith("https://portaal.example.nl/accounts/uitnodiging/")
    assert f'href="{url}"' in html

    client = Client()
    page = client.get(path_of(url))
    assert page.status_code == 200
    assert "Fenna Bos" in page.text and org.name in page.text

    response = set_password(client, path_of(url))

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert int(client.session[SESSION_KEY]) == invitee.pk
    invitee.refresh_from_db()
    assert invitee.check_password(NEW_PASSWORD)
    link.refresh_from_db()
    assert link.used_at is not None
    assert invitation_state(invitee) == "accepted"


def test_no_password_is_ever_in_the_email(invitee, invite, smtp_server):
    invite(invitee)

    content = smtp_server.envelopes[0].content.decode(errors="replace").lower()
    assert "wachtwoord:" not in content and "password:" not in content


def test_the_link_is_built_from_site_url_not_from_the_host_header(
    invitee, admin_user, smtp_server, settings, client_for, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://portaal.example.nl"
    settings.ALLOWED_HOSTS = ["*"]
    client = client_for(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        # Any request with a forged host around the sending: the link ignores it.
        client.get(reverse("home"), HTTP_HOST="evil.example.com")
        send_invitation(invitee, by=admin_user)

    assert smtp_server.first_link().startswith("https://portaal.example.nl/")


def test_a_manager_sets_up_two_step_verification_straight_after(
    manager_invitee, invite, smtp_server
):
    invite(manager_invitee)
    client = Client()
    url = path_of(smtp_server.first_link())
    assert "authenticator" in client.get(url).text

    response = set_password(client, url)

    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor")
    setup = client.get(response["Location"])
    assert setup.status_code == 200
    assert "qr-code" in setup.text
    # Any other page leads back to the set-up until it is done.
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home["Location"].startswith(reverse("two_factor"))


def test_a_weak_password_is_refused_in_dutch_and_the_link_stays_usable(
    invitee, invite, smtp_server
):
    link = invite(invitee)
    client = Client()
    url = path_of(smtp_server.first_link())

    response = set_password(client, url, "wachtwoord12")

    assert response.status_code == 200
    assert "te makkelijk te raden" in response.text
    link.refresh_from_db()
    assert link.used_at is None
    assert SESSION_KEY not in client.session


def test_a_used_link_says_so_and_changes_nothing(invitee, invite, smtp_server):
    invite(invitee)
    url = path_of(smtp_server.first_link())
    set_password(Client(), url)

    again = Client()
    page = again.get(url)
    response = set_password(again, url, "Een heel ander lang wachtwoord")

    assert page.status_code == 200
    assert "al gebruikt" in page.text
    assert reverse("login") in page.text and reverse("password_forgot") in page.text
    assert response.status_code == 200 and "al gebruikt" in response.text
    invitee.refresh_from_db()
    assert invitee.check_password(NEW_PASSWORD)
    assert SESSION_KEY not in again.session


def test_an_expired_link_offers_a_new_invitation(
    invitee, invite, smtp_server, django_capture_on_commit_callbacks
):
    link = invite(invitee)
    expire(link)
    client = Client()
    url = path_of(smtp_server.first_link())

    page = client.get(url)
    assert page.status_code == 200
    assert "verlopen" in page.text
    renew_url = reverse("invitation_renew", kwargs={"token": token_of(link)})
    assert renew_url in page.text
    assert set_password(client, url).status_code == 200  # the form is not there
    invitee.refresh_from_db()
    assert not invitee.has_usable_password()

    with django_capture_on_commit_callbacks(execute=True):
        renewed = client.post(renew_url)

    assert renewed.status_code == 200
    assert len(smtp_server.messages) == 2
    new_url = path_of(smtp_server.first_link())
    assert new_url != url
    assert invitation_state(invitee) == "pending"
    assert set_password(Client(), new_url).status_code == 302


def test_renewing_is_neutral_when_the_account_already_has_a_password(
    invitee, invite, smtp_server, django_capture_on_commit_callbacks
):
    link = invite(invitee)
    expire(link)
    invitee.set_password(NEW_PASSWORD)
    invitee.save()
    renew_url = reverse("invitation_renew", kwargs={"token": token_of(link)})

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(renew_url)

    assert response.status_code == 200
    assert "onderweg" in response.text
    assert len(smtp_server.messages) == 1


def test_renewing_twice_in_a_row_sends_one_new_invitation(
    invitee, invite, smtp_server, django_capture_on_commit_callbacks
):
    link = invite(invitee)
    expire(link)
    renew_url = reverse("invitation_renew", kwargs={"token": token_of(link)})
    client = Client()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(renew_url)
        client.post(renew_url)

    assert len(smtp_server.messages) == 2


def test_renew_only_answers_post(invitee, invite):
    link = invite(invitee)
    expire(link)

    response = Client().get(reverse("invitation_renew", kwargs={"token": token_of(link)}))

    assert response.status_code == 405


def test_a_newer_invitation_replaces_the_older_one(invitee, invite, smtp_server):
    invite(invitee)
    first = path_of(smtp_server.first_link())
    invite(invitee)
    second = path_of(smtp_server.first_link())

    assert "verlopen" in Client().get(first).text
    assert Client().get(second).status_code == 200
    assert set_password(Client(), second).status_code == 302


def _tampered(token: str) -> str:
    body, signature = token.rsplit(":", 1)
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return f"{body}:{flipped}"


@pytest.mark.parametrize("view", ["invitation_accept", "password_reset_confirm"])
def test_a_tampered_or_unknown_link_is_not_valid(view, invitee, invite):
    link = invite(invitee)
    good = token_of(link)
    gone = AccessLink(pk=link.pk + 1000, nonce=link.nonce)
    wrong_nonce = AccessLink(pk=link.pk, nonce="x" * 22)
    tokens = [_tampered(good), token_of(gone), token_of(wrong_nonce), "kapot", "a:b:c", "%00"]
    if view == "password_reset_confirm":
        tokens.append(good)  # an invitation's token is not a reset token
    client = Client(raise_request_exception=False)
    for token in tokens:
        response = client.get(reverse(view, kwargs={"token": token}))
        assert response.status_code == 404, token
        assert "niet geldig" in response.text
        posted = set_password(client, reverse(view, kwargs={"token": token}))
        assert posted.status_code == 404
    invitee.refresh_from_db()
    assert not invitee.has_usable_password()


def test_a_link_of_a_deactivated_account_is_not_valid(invitee, invite):
    link = invite(invitee)
    invitee.is_active = False
    invitee.save()

    response = Client().get(reverse("invitation_accept", kwargs={"token": token_of(link)}))

    assert response.status_code == 404


def test_check_token_tells_the_four_states_apart(invitee, invite):
    link = invite(invitee)
    token = token_of(link)
    assert check_token(token, AccessLinkPurpose.INVITE).status == LinkStatus.VALID
    assert check_token(_tampered(token), AccessLinkPurpose.INVITE).status == LinkStatus.INVALID
    expire(link)
    assert check_token(token, AccessLinkPurpose.INVITE).status == LinkStatus.EXPIRED
    AccessLink.objects.filter(pk=link.pk).update(used_at=link.created_at)
    assert check_token(token, AccessLinkPurpose.INVITE).status == LinkStatus.USED


def test_invitation_states_one_query_for_a_page(
    invitee, manager_invitee, pm_a, invite, django_assert_num_queries
):
    """guards against N+1 in staff lists"""
    assert invitation_state(pm_a) == "none"
    invite(invitee)
    old = invite(manager_invitee)
    expire(old)

    with django_assert_num_queries(1):
        states = invitation_states([invitee.pk, manager_invitee.pk, pm_a.pk])

    assert states == {invitee.pk: "pending", manager_invitee.pk: "expired", pm_a.pk: "none"}
    assert invitation_state(invitee) == "pending"
    assert invitation_state(manager_invitee) == "expired"
    assert invitation_states([]) == {}


def test_sending_and_accepting_are_audited(invitee, invite, smtp_server, admin_user):
    link = invite(invitee)
    sent = AuditEvent.objects.get(object_type="invitation", object_id=link.pk)
    assert sent.user == admin_user and sent.action == "create"

    set_password(Client(), path_of(smtp_server.first_link()))

    assert AuditEvent.objects.filter(
        object_type="password", object_id=invitee.pk, user=invitee
    ).exists()


def test_the_email_is_sent_only_after_commit(invitee, admin_user, smtp_server):
    """A rolled-back invitation sends nothing (the job is enqueued on commit)."""
    send_invitation(invitee, by=admin_user)  # the test's transaction never commits

    assert smtp_server.messages == []


def test_the_english_catalogue_has_the_email(invitee, admin_user, smtp_server, settings):
    from accounts.tasks import send_access_link_email

    link = send_invitation(invitee, by=admin_user)
    AccessLink.objects.filter(pk=link.pk).update(language="en")

    send_access_link_email.call(link.pk)

    assert smtp_server.messages[0]["Subject"] == "Invitation for Ouderportaal"
    assert '<html lang="en">' in smtp_server.html(smtp_server.messages[0])
    with translation.override("nl"):
        assert "72 hours" in smtp_server.text(smtp_server.messages[0])


def test_no_token_or_address_in_the_logs(
    invitee, invite, smtp_server, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    link = invite(invitee)
    url = path_of(smtp_server.first_link())
    client = Client()
    client.get(url)
    set_password(client, url)
    expire(link)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_forgot"), {"email": "nieuw@example.nl"})
        client.post(reverse("password_forgot"), {"email": "onbekend@example.nl"})

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert token_of(link) not in logged
    assert "example.nl" not in logged


def test_logging_in_after_the_link_was_made_retires_it(invitee, invite):
    link = invite(invitee)
    invitee.set_password(NEW_PASSWORD)
    invitee.save()
    assert Client().login(username=invitee.username, password=NEW_PASSWORD)

    page = Client().get(reverse("invitation_accept", kwargs={"token": token_of(link)}))

    assert "verlopen" in page.text


def test_a_renewal_is_audited_as_asked_by_the_invitee(
    invitee, invite, smtp_server, django_capture_on_commit_callbacks
):
    link = invite(invitee)
    expire(link)

    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("invitation_renew", kwargs={"token": token_of(link)}))

    newest = AccessLink.objects.filter(user=invitee).latest("created_at")
    assert newest.created_by == link.created_by
    assert AuditEvent.objects.get(object_type="invitation", object_id=newest.pk).user == invitee


def test_an_account_without_an_address_gets_no_email(invitee, invite, smtp_server, caplog):
    invitee.email = ""
    invitee.save()

    link = invite(invitee)

    assert smtp_server.messages == []
    assert f"Access link {link.pk} not sent" in caplog.text
