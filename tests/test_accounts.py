"""Logging in and out, and choosing the language."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


def _alert(response) -> str:
    """The error box above the login form, as the user reads it."""
    match = re.search(
        r'<div class="alert alert-danger" role="alert">(.*?)</div>', response.content.decode(), re.S
    )
    assert match, "no error shown"
    return match.group(1).strip()


def test_login_page_is_public_and_dutch(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assertContains(response, '<html lang="nl" dir="ltr">')
    assertContains(response, 'name="username"')
    assertContains(response, 'name="password"')
    assertContains(response, 'type="password"')
    # The field label comes from Django's own (always compiled) Dutch catalogue.
    assertContains(response, "Gebruikersnaam")
    with translation.override("nl"):
        assertContains(response, gettext("Log in"))


def test_wrong_password_shows_error_and_keeps_user_out(client, pm_a):
    response = _login(client, "pm_a", "wrong password")

    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in _alert(response)
    assertContains(response, 'value="pm_a"')  # what was typed stays
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_error_does_not_reveal_whether_the_user_exists(client, pm_a):
    wrong_password = _alert(_login(client, "pm_a", "wrong password"))
    unknown_user = _alert(_login(client, "niemand", "wrong password"))

    assert wrong_password == unknown_user


def test_inactive_user_gets_the_same_error(client, pm_a):
    wrong_password = _alert(_login(client, "pm_a", "wrong password"))
    pm_a.is_active = False
    pm_a.save()

    inactive = _login(client, "pm_a", TEST_PASSWORD)

    assert _alert(inactive) == wrong_password
    assert "_auth_user_id" not in client.session


def test_successful_login_goes_home(client, pm_a, child_a):
    response = _login(client, "pm_a", TEST_PASSWORD)

    assertRedirects(response, reverse("home"))
    assert client.session["_auth_user_id"] == str(pm_a.pk)
    assertContains(client.get(reverse("home")), "Emma de Vries")


def test_login_follows_next_but_only_to_this_site(client, pm_a, child_a):
    url = reverse("child_detail", args=[child_a.pk])
    response = _login(client, "pm_a", TEST_PASSWORD, next=url)
    assertRedirects(response, url)

    client.logout()
    response = _login(client, "pm_a", TEST_PASSWORD, next="https://evil.example.com/")
    assertRedirects(response, reverse("home"))


def test_logged_in_user_visiting_login_goes_home(client_for, pm_a):
    response = client_for(pm_a).get(reverse("login"))
    assertRedirects(response, reverse("home"))


def test_logout_by_post(client_for, pm_a):
    client = client_for(pm_a)

    response = client.post(reverse("logout"))

    assertRedirects(response, reverse("login"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_logout_by_get_is_refused(client_for, pm_a):
    client = client_for(pm_a)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(pm_a.pk)


def test_logout_form_on_every_page(client_for, pm_a):
    response = client_for(pm_a).get(reverse("home"))
    assertContains(response, f'<form method="post" action="{reverse("logout")}">')


def test_anonymous_home_redirects_to_login(client):
    url = reverse("home")
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


def test_switch_language(client, pm_a):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})

    assertRedirects(response, reverse("login"))
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    # The same flags as the other cookies (Secure comes with SECURE_SSL in production).
    assert cookie["httponly"] and cookie["samesite"] == "Lax"

    page = client.get(reverse("login"))
    assertContains(page, '<html lang="en" dir="ltr">')
    assertContains(page, "Username")
    assertNotContains(page, "Gebruikersnaam")


def test_switch_language_while_logged_in_keeps_the_page(client_for, pm_a):
    client = client_for(pm_a)

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("search")})

    assertRedirects(response, reverse("search"))
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assertContains(client.get(reverse("search")), '<html lang="en" dir="ltr">')


def test_unknown_language_is_ignored(client):
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
