"""Correcting at the door and the meter that proposes, in a real browser at 390 px, as
maartje (pm'er): typed minutes corrected after an error, a hand-set tip 3 kept when the
meter runs, a wrong tone undone, a tone changed in the small form; and a colleague who
cannot read another's preparation notes or coaching feedback."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from gesprekken.models import Conversation, Feedback, Preparation, TipScore
from organisatie.models import StaffMember

from .test_conversations_e2e import choose, first_child_tile, kind_label, nl, open_section

pytestmark = pytest.mark.e2e


def _sit_down_form(page: Page, live_server: Any) -> tuple[int, str]:
    _tile, child = first_child_tile(page)
    page.goto(live_server.url + reverse("conversation_create", args=[child.pk]))
    summary = f"Gesprek over wennen {timezone.now():%H%M%S%f}"
    for section in ("section-said", "section-checklist", "section-reflection"):
        open_section(page, section)
    page.fill("#id_summary", summary)
    return child.pk, summary


def test_typed_minutes_can_be_corrected_after_an_error(
    phone_page: Page, live_server: Any, login: Callable, demo_data: None
) -> None:
    page = phone_page
    login(page, "maartje")
    _child, summary = _sit_down_form(page, live_server)
    page.fill("#id_duration_minutes", "10")
    page.fill("#id_staff_minutes", "30")  # wrong: longer than the talk
    page.fill("#id_parent_minutes", "4")
    page.get_by_role("button", name=nl("Save"), exact=True).click()
    expect(page.locator("#form-errors")).to_be_visible()

    page.fill("#id_staff_minutes", "5")
    page.get_by_role("button", name=nl("Save"), exact=True).click()

    expect(page).to_have_url(re.compile(r"/gesprekken/\d+/$"))
    talk = Conversation.objects.get(summary=summary)
    assert (talk.staff_seconds, talk.parent_seconds) == (300, 240)


def test_a_hand_set_tip_3_is_kept_when_the_meter_runs(
    phone_page: Page, live_server: Any, login: Callable, demo_data: None
) -> None:
    page = phone_page
    login(page, "maartje")
    _child, summary = _sit_down_form(page, live_server)
    choose(page, "checklist-tip_3", "0")  # "niet", chosen by hand
    meter = page.locator("#meter")
    meter.get_by_role("button", name=nl("Parent is talking"), exact=True).click()
    expect(meter.locator("[data-meter-total=parent]")).not_to_have_text("0:00")
    meter.get_by_role("button", name=nl("Pause"), exact=True).click()
    expect(page.locator("input[name='checklist-tip_3'][value='0']")).to_be_checked()
    expect(page.locator("[data-speaking-tip] [data-meter-proposal]")).to_be_visible()
    choose(page, "checklist-tip_1", "3")

    page.get_by_role("button", name=nl("Save"), exact=True).click()

    expect(page).to_have_url(re.compile(r"/gesprekken/\d+/$"))
    talk = Conversation.objects.get(summary=summary)
    tip3 = TipScore.objects.get(conversation=talk, tip__number=3)
    assert (tip3.level, tip3.proposed) == (0, False)


def test_wrong_tone_undone_then_the_right_one(
    phone_page: Page, live_server: Any, login: Callable, demo_data: None
) -> None:
    page = phone_page
    login(page, "maartje")
    _tile, child = first_child_tile(page)
    before = set(Conversation.objects.values_list("pk", flat=True))
    url = live_server.url + reverse("handover", args=[child.pk]) + "?soort=breng"
    page.goto(url)
    page.get_by_role("button", name=nl("Difficult"), exact=True).click()  # the wrong tap
    banner = page.locator(".door-banner")
    expect(banner).to_be_visible()

    banner.get_by_role("button", name=nl("Undo"), exact=True).click()
    expect(page.get_by_role("radio", name=kind_label("breng"), exact=True)).to_be_checked()
    page.get_by_role("button", name=nl("Good"), exact=True).click()
    expect(page.locator(".door-banner")).to_be_visible()

    new = Conversation.objects.exclude(pk__in=before)
    assert list(new.values_list("kind", "tone")) == [("breng", "fijn")]


def test_tone_changed_in_the_small_form(
    phone_page: Page, live_server: Any, login: Callable, demo_data: None
) -> None:
    page = phone_page
    login(page, "maartje")
    _tile, child = first_child_tile(page)
    page.goto(live_server.url + reverse("handover", args=[child.pk]) + "?soort=haal")
    page.get_by_role("button", name=nl("Good"), exact=True).click()
    page.locator(".door-banner").get_by_role("link", name=nl("Change"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/deur/wijzigen/$"))

    choose(page, "tone", "lastig")
    page.get_by_role("button", name=nl("Save"), exact=True).click()

    expect(page).to_have_url(re.compile(r"/gesprekken/\d+/$"))
    talk = Conversation.objects.filter(child=child, kind="haal").latest("created_at")
    assert talk.tone == "lastig"
    assert talk.history.count() == 2


def test_a_colleague_cannot_read_preparation_notes_or_coaching(
    phone_page: Page, live_server: Any, login: Callable, demo_data: None
) -> None:
    page = phone_page
    maartje = StaffMember.objects.get(user__username="maartje")
    talk = Conversation.objects.filter(author=maartje).exclude(kind__in=["breng", "haal"]).first()
    manager = StaffMember.objects.filter(role="manager", locations=talk.location_id).first()
    Feedback.objects.create(
        conversation=talk, author=manager, recipient=maartje, went_well="Alleen voor Maartje"
    )
    preparation = Preparation.objects.create(
        child=talk.child, author=maartje, notes="Mijn eigen voorbereiding"
    )
    colleague = (
        StaffMember.objects.filter(role="pm", locations=talk.location_id)
        .exclude(pk=maartje.pk)
        .first()
    )
    login(page, colleague.user.username)

    page.goto(live_server.url + reverse("conversation_detail", args=[talk.pk]))
    expect(page.locator("h1")).to_be_visible()
    expect(page.get_by_text("Alleen voor Maartje")).to_have_count(0)
    page.goto(
        live_server.url
        + reverse("conversation_create", args=[talk.child_id])
        + f"?voorbereiding={preparation.pk}"
    )
    expect(page.get_by_text("Mijn eigen voorbereiding")).to_have_count(0)
