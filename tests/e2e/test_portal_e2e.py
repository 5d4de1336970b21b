"""The parent portal in a real browser, as a parent, at phone and desk width, in Dutch and
in Arabic (right to left): every portal page passes axe-core (WCAG 2.2 AA), has a clean
console and (on the phone) no sideways scrolling; the parent saves their view of a talk.

Screenshots of every page go to ``/tmp/shots15/`` (``SHOTS_DIR`` overrides), named
``<page>_<language>_<width>.png``: the Arabic ones are ``*_ar_*.png``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from gesprekken.models import ParentResponse
from ouders.models import ParentAccount
from tests.factories import TEST_PASSWORD
from tests.gesprekken.helpers import days_ago, log_conversation
from tests.portaal.helpers import agreement_for, plan, share

from .conftest import PageAudit

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots15"))  # noqa: S108 - the lead's folder


def shot(page: Page, name: str, language: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = (page.viewport_size or {"width": 0})["width"]
    page.screenshot(path=str(SHOTS / f"{name}_{language}_{width}.png"), full_page=True)


@pytest.fixture
def portal_world(transactional_db, pm_a, child_a, parent_a, parent_user):
    """parent_a's portal: two shared talks (one answered), her agreement, a question."""
    older = log_conversation(
        pm_a, child_a, parents=[parent_a], occurred_at=days_ago(20), summary="Intern"
    )
    share(older, [parent_a], summary_for_parents="Emma went to the toddler group.")
    ParentResponse.objects.create(
        conversation=older, parent=parent_a, own_view="Good", felt_heard=5
    )
    talk = log_conversation(
        pm_a,
        child_a,
        parents=[parent_a],
        occurred_at=days_ago(2),
        summary="Interne notitie",
        follow_ups=[{"description": "Foto's van het bouwen sturen"}],
    )
    share(
        talk,
        [parent_a],
        summary_for_parents="Emma bouwt graag torens.\nThuis speelt ze veel met blokken.",
    )
    agreement_for(talk, parent_a, "Knuffel meenemen op maandag")
    planned = plan(child_a, [parent_a])
    return {"talk": talk, "planned": planned}


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_every_portal_page_as_a_parent(
    page: Page,
    live_server: Any,
    login: Callable,
    portal_world: dict,
    parent_a: Any,
    page_audit: PageAudit,
    language: str,
) -> None:
    ParentAccount.objects.filter(parent=parent_a).update(language=language)
    is_phone = page.viewport_size["width"] < 768
    url = live_server.url
    talk, planned = portal_world["talk"], portal_world["planned"]

    def visit(path: str, name: str) -> None:
        page.goto(url + path)
        check(name)

    def check(name: str) -> None:
        direction = "rtl" if language == "ar" else "ltr"
        expect(page.locator("html")).to_have_attribute("dir", direction)
        expect(page.locator("html")).to_have_attribute("lang", language)
        page_audit.check(page, f"{name} ({language})")
        shot(page, name, language)

    login(page, "ouder.anouk", TEST_PASSWORD)
    assert page.url == url + reverse("portal_home")
    check("home")
    if is_phone:
        page.locator(".navbar-toggler").click()
        page.locator("#mainnav.collapse.show").wait_for()
        check("home_menu")
        page.locator(".navbar-toggler").click()

    visit(reverse("portal_conversation", args=[talk.pk]), "conversation")
    # Saving nothing: the error at the field, then the parent's answer saved.
    page.locator("form[novalidate] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#id_own_view")).to_have_class("form-control is-invalid")
    check("conversation_error")
    page.fill("#id_own_view", "Een fijn gesprek, ik voelde mij gehoord.")
    page.locator("label[for=id_felt_heard_3]").click()
    page.locator("form[novalidate] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success")).to_be_visible()
    check("conversation_saved")
    response = ParentResponse.objects.get(conversation=talk, parent=parent_a)
    assert response.felt_heard == 4

    visit(reverse("portal_questions", args=[planned.pk]), "questions")
    visit(reverse("portal_participation"), "participation")
    visit(reverse("portal_settings"), "settings")

    # The switch in the footer saves the language on the parent's account.
    other = "nl" if language == "ar" else "ar"
    page.select_option("#language-select", other)
    with page.expect_navigation():
        page.locator("footer button[type=submit]").click()
    assert page.url == url + reverse("portal_settings")
    expect(page.locator("html")).to_have_attribute("lang", other)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if other == "ar" else "ltr")
    assert ParentAccount.objects.get(parent=parent_a).language == other
    page_audit.assert_clean()
