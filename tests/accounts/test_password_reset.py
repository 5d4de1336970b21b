"""Wachtwoord vergeten: the same answer whether or not the address exists, one e-mail per
cool-down, and a link that sets a new password once."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import AccessLink, AccessLinkPurpose
from tests.factories import TEST_PASSWORD

from .conftest import expire, path_of

NEW_PASSWORD = "Op woensdag gaan we naar het bos"  # noqa: S105 - test value


def ask(client: Client, email: str, capture):
    """Post the form and follow its redirect to the confirmation."""
    with capture(execute=True):
        posted = client.post(reverse("password_forgot"), {"email": email})
    assert posted.status_code == 302
    assert posted["Location"] == reverse("password_forgot") + "?verzonden=1"
    return client.get(posted["Location"])


def visible_text(response) -> str:
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text)
    return re.sub(r'nonce="[^"]+"', "", text)


def test_the_login_page_links_to_forgotten_password(client):
    response = client.get(reverse("login"))

    assert f'href="{reverse("password_forgot")}"' in response.text
    assert "Wachtwoord vergeten?" in response.text


def test_the_forgot_page_is_public(client):
    response = client.get(reverse("password_forgot"))

    assert response.status_code == 200
    assert 'type="email"' in response.text


def test_a_known_address_gets_a_link_that_sets_a_new_password(
    pm_a, smtp_server, django_capture_on_commit_callbacks
):
    pm_a.email = "maartje@example.nl"
    pm_a.save()
    client = Client()

    response = ask(client, "Maartje@Example.nl", django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["Subject"] == "Nieuw wachtwoord instellen"
    assert message["To"] == "maartje@example.nl"
    url = path_of(smtp_server.first_link())
    assert url.startswith("/accounts/herstel/")

    form = client.get(url)
    assert form.status_code == 200 and "pm_a" in form.text
    done = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302 and done["Location"] == reverse("login")
    pm_a.refresh_from_db()
    assert pm_a.check_password(NEW_PASSWORD)
    assert "al gebruikt" in Client().get(url).text
    logged_in = Client().post(reverse("login"), {"username": "pm_a", "password": NEW_PASSWORD})
    assert logged_in.status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_email(
    pm_a, smtp_server, django_capture_on_commit_callbacks
):
    pm_a.email = "maartje@example.nl"
    pm_a.save()

    known = ask(Client(), "maartje@example.nl", django_capture_on_commit_callbacks)
    unknown = ask(Client(), "niemand@example.nl", django_capture_on_commit_callbacks)

    assert known.status_code == unknown.status_code == 200
    assert visible_text(known) == visible_text(unknown)
    assert "Als er een account met dit adres is" in unknown.text
    assert [m["To"] for m in smtp_server.messages] == ["maartje@example.nl"]


def test_asking_twice_sends_one_email_within_the_cool_down(
    pm_a, smtp_server, django_capture_on_commit_callbacks
):
    pm_a.email = "maartje@example.nl"
    pm_a.save()

    for _ in range(3):
        response = ask(Client(), "maartje@example.nl", django_capture_on_commit_callbacks)
        assert response.status_code == 200

    assert len(smtp_server.messages) == 1
    assert AccessLink.objects.filter(user=pm_a, purpose=AccessLinkPurpose.RESET).count() == 1


def test_a_deactivated_account_gets_nothing(pm_a, smtp_server, django_capture_on_commit_callbacks):
    pm_a.email = "maartje@example.nl"
    pm_a.is_active = False
    pm_a.save()

    ask(Client(), "maartje@example.nl", django_capture_on_commit_callbacks)

    assert smtp_server.messages == []


def test_a_bad_address_is_a_dutch_error_at_the_field(client):
    response = client.post(reverse("password_forgot"), {"email": "geen adres"})

    assert response.status_code == 200
    assert "geldig e-mailadres" in response.text
    assert 'value="geen adres"' in response.text


def test_an_expired_reset_link_offers_a_new_one(
    pm_a, smtp_server, django_capture_on_commit_callbacks
):
    pm_a.email = "maartje@example.nl"
    pm_a.save()
    ask(Client(), "maartje@example.nl", django_capture_on_commit_callbacks)
    expire(AccessLink.objects.get(user=pm_a))
    url = path_of(smtp_server.first_link())

    page = Client().get(url)
    posted = Client().post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert page.status_code == 200 and "verlopen" in page.text
    assert f'href="{reverse("password_forgot")}"' in page.text
    assert posted.status_code == 200
    pm_a.refresh_from_db()
    assert pm_a.check_password(TEST_PASSWORD)


def test_the_email_is_in_english_when_asked_in_english(
    pm_a, smtp_server, django_capture_on_commit_callbacks
):
    pm_a.email = "maartje@example.nl"
    pm_a.save()
    client = Client()
    client.cookies["django_language"] = "en"

    with translation.override("en"):
        ask(client, "maartje@example.nl", django_capture_on_commit_callbacks)

    assert smtp_server.messages[0]["Subject"] == "Set a new password"


def test_a_new_password_lifts_a_login_lock_out(
    pm_a, smtp_server, settings, django_capture_on_commit_callbacks
):
    pm_a.email = "maartje@example.nl"
    pm_a.save()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "pm_a", "password": "fout"})
    locked = client.post(reverse("login"), {"username": "pm_a", "password": TEST_PASSWORD})
    assert locked.status_code == 429

    ask(client, "maartje@example.nl", django_capture_on_commit_callbacks)
    url = path_of(smtp_server.first_link())
    client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.post(reverse("login"), {"username": "pm_a", "password": NEW_PASSWORD})
    assert again.status_code == 302
