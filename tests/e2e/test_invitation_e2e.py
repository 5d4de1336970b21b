"""Invited by e-mail, in a real browser: the message arrives at the local SMTP server,
the new pm'er opens its link on a phone, sets a password and is logged in. The link
pages pass axe-core, a clean console and no sideways scrolling at phone and desk width.

Set ``SHOTS_DIR`` to keep screenshots of every page (e.g. ``SHOTS_DIR=/tmp/shots-acc``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.invitations import send_invitation
from accounts.models import AccessLink
from organisatie.models import Group, Organization, Role
from tests.accounts.conftest import expire
from tests.factories import make_staff

from .conftest import DESKTOP, PHONE, PageAudit

pytestmark = pytest.mark.e2e

PASSWORD = "Ik lees graag voor aan de Rupsjes"  # noqa: S105 - test value


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        width = (page.viewport_size or {"width": 0})["width"]
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


def invite_new_pmer(live_server: Any, settings: Any):
    settings.SITE_URL = live_server.url
    organization = Organization.objects.get(name__contains="Regenboog")
    group = Group.objects.filter(location__organization=organization).order_by("pk").first()
    user = make_staff(
        "fenna.bos@example.nl",
        organization,
        Role.PM,
        [group.location],
        [group],
        first_name="Fenna",
        last_name="Bos",
        password=None,
        email="fenna.bos@example.nl",
    )
    admin = get_user_model().objects.get(username="beheer")
    return user, send_invitation(user, by=admin)


def test_an_invited_pmer_follows_the_link_and_lands_logged_in(
    page_for: Callable[[dict[str, int]], Page],
    live_server: Any,
    demo_data: None,
    smtp_server: Any,
    settings: Any,
    page_audit: PageAudit,
) -> None:
    invite_new_pmer(live_server, settings)

    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["To"] == "fenna.bos@example.nl"
    url = smtp_server.first_link()
    assert url.startswith(live_server.url + "/accounts/uitnodiging/")

    page = page_for(PHONE)
    page.goto(live_server.url + reverse("login"))
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    expect(page.locator("h1")).to_have_text("Wachtwoord vergeten?")
    page_audit.check(page, "password forgot")
    shot(page, "forgot")

    page.goto(url)
    expect(page.locator("h1")).to_have_text("Welkom bij Ouderportaal")
    expect(page.locator("main")).to_contain_text("Fenna Bos")
    page_audit.check(page, "invitation accept")
    shot(page, "accept")
    page.locator("input[name=new_password1]").fill(PASSWORD)
    page.locator("input[name=new_password2]").fill(PASSWORD)
    page.get_by_role("button", name="Wachtwoord instellen").click()

    expect(page).to_have_url(live_server.url + reverse("home"))
    expect(page.locator("body")).to_contain_text("Je wachtwoord is ingesteld")
    shot(page, "home-after-accept")

    # The link works once.
    page.goto(url)
    expect(page.locator("h1")).to_have_text("Deze link is al gebruikt")
    page_audit.check(page, "link used")
    page_audit.assert_clean()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_link_pages_pass_the_audit(
    viewport: dict[str, int],
    page_for: Callable[[dict[str, int]], Page],
    live_server: Any,
    demo_data: None,
    smtp_server: Any,
    settings: Any,
    page_audit: PageAudit,
) -> None:
    _, link = invite_new_pmer(live_server, settings)
    url = smtp_server.first_link()
    page = page_for(viewport)

    page.goto(url)
    page.locator("input[name=new_password1]").fill("wachtwoord12")
    page.locator("input[name=new_password2]").fill("wachtwoord12")
    page.get_by_role("button", name="Wachtwoord instellen").click()
    expect(page.locator("main")).to_contain_text("te makkelijk te raden")
    page_audit.check(page, "accept with an error")
    shot(page, "accept-error")

    expire(AccessLink.objects.get(pk=link.pk))
    page.goto(url)
    expect(page.locator("h1")).to_have_text("Deze link is verlopen")
    page_audit.check(page, "link expired")
    shot(page, "expired")
    page.get_by_role("button", name="Stuur me een nieuwe uitnodiging").click()
    expect(page.locator("h1")).to_have_text("Nieuwe uitnodiging")
    page_audit.check(page, "invitation renewed")
    shot(page, "renewed")
    assert len(smtp_server.messages) == 2

    bad = urlsplit(url).path.rstrip("/") + "x/"
    page.goto(live_server.url + bad)
    expect(page.locator("h1")).to_have_text("Deze link is niet geldig")
    page_audit.check(page, "link not valid", allow=("status of 404",))
    shot(page, "invalid")

    page.goto(live_server.url + reverse("password_forgot"))
    page.locator("input[name=email]").fill("fenna.bos@example.nl")
    page.get_by_role("button", name="Link versturen").click()
    expect(page.locator("h1")).to_have_text("Kijk in je e-mail")
    page_audit.check(page, "password forgot sent")
    shot(page, "forgot-sent")
    assert len(smtp_server.messages) == 3

    page.goto(smtp_server.first_link())
    expect(page.locator("h1")).to_have_text("Nieuw wachtwoord instellen")
    page_audit.check(page, "password reset")
    shot(page, "reset")

    page.goto(live_server.url + reverse("login"))
    page_audit.check(page, "login")
    shot(page, "login")
    page_audit.assert_clean()
