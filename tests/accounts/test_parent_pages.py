"""The pages a parent meets outside /ouder/ speak their language and never show the staff
navigation: logging in and the e-mailed links (anonymous, all six portal languages,
right to left in Arabic), and their password, two-step verification and the error pages
(logged in: inside the portal's own frame, templates/portaal/base.html)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import make_parent_account

pytestmark = pytest.mark.django_db

STAFF_NAV = 'href="/zoeken/"'  # the staff pages' search link, only in their navigation


def visitor(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def arabic_parent(parent_a):
    return make_parent_account(parent_a, "ouder.arabisch", language="ar")


def test_staff_search_link_is_what_the_staff_navigation_has():
    assert reverse("search") == "/zoeken/"


def test_login_page_in_arabic_is_right_to_left():
    html = visitor("ar").get(reverse("login")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    assert "bootstrap-5.3.8/bootstrap.min.css" not in html
    assert "تسجيل الدخول" in html


def test_login_page_in_dutch_is_left_to_right():
    html = visitor("nl").get(reverse("login")).content.decode()
    assert '<html lang="nl" dir="ltr">' in html
    assert "bootstrap-5.3.8/bootstrap.min.css" in html
    assert "bootstrap.rtl.min.css" not in html


def test_login_page_offers_the_six_portal_languages():
    html = visitor("tr").get(reverse("login")).content.decode()
    for code in ("nl", "en", "tr", "ar", "pl", "uk"):
        assert f'<option value="{code}" lang="{code}"' in html
    assert "Giriş yap" in html


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("pl", "Ten link jest nieprawidłowy"),
        ("uk", "Це посилання недійсне"),
        ("tr", "Bu bağlantı geçersiz"),
        ("ar", "هذا الرابط غير صالح"),
    ],
)
def test_an_invalid_link_speaks_the_visitors_language(language, text):
    response = visitor(language).get(reverse("invitation_accept", kwargs={"token": "kapot"}))
    assert response.status_code == 404
    assert text in response.content.decode()


def test_a_visitor_sent_to_the_login_page_keeps_their_language():
    response = visitor("ar").get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "هل نسيتم كلمة المرور؟" in html


@pytest.mark.parametrize(
    "url_name", ["password_change", "two_factor_settings", "two_factor", "password_change_done"]
)
def test_account_pages_of_a_parent_render_in_the_portal_frame(client_for, arabic_parent, url_name):
    response = client_for(arabic_parent).get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<body class="portal">' in html
    assert STAFF_NAV not in html
    assert f'href="{reverse("portal_home")}"' in html
    assert '<html lang="ar" dir="rtl">' in html


def test_password_change_of_a_parent_is_in_their_language(client_for, arabic_parent):
    html = client_for(arabic_parent).get(reverse("password_change")).content.decode()
    assert "تغيير كلمة المرور" in html


def test_password_changed_leads_a_parent_back_to_the_portal(client_for, parent_user):
    html = client_for(parent_user).get(reverse("password_change_done")).content.decode()
    assert "Terug naar de startpagina" in html
    assert "Terug naar je groepen" not in html


def test_account_pages_of_staff_keep_the_staff_frame(client_for, pm_a):
    html = client_for(pm_a).get(reverse("password_change")).content.decode()
    assert '<body class="portal">' not in html
    assert STAFF_NAV in html
    assert '<html lang="nl" dir="ltr">' in html


def test_a_staff_page_is_a_404_in_the_portal_frame_for_a_parent(client_for, parent_a):
    user = make_parent_account(parent_a, "ouder.turks", language="tr")
    response = client_for(user).get(reverse("search"))
    assert response.status_code == 404
    html = response.content.decode()
    assert '<body class="portal">' in html
    assert STAFF_NAV not in html
    assert "Sayfa bulunamadı" in html
    assert "Ana sayfaya dön" in html


def test_staff_get_the_staff_404(client_for, pm_a):
    response = client_for(pm_a).get(reverse("portal_home"))
    assert response.status_code == 404
    html = response.content.decode()
    assert '<body class="portal">' not in html
    assert "Terug naar je groepen" in html
