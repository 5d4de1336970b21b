"""Daily use on a phone and at a desk: a child found in a second, the search and the back
button, a handover's own page, the overview readable at 390 px, the Excel download.

Every page passes axe-core (WCAG 2.2 AA, including target size) with a clean console and,
on the phone, nothing to scroll sideways. The tests wait for states, never for time.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from gesprekken.models import Conversation
from kinderen.models import Child
from organisatie.models import Group, StaffMember

from .conftest import PageAudit

pytestmark = pytest.mark.e2e


def nl(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


def last_child_of_the_location(username: str) -> Child:
    """The last child of the last group that is not the user's own: furthest down."""
    staff = StaffMember.objects.get(user__username=username)
    location = staff.locations.order_by("name").first()
    own = set(staff.groups.values_list("pk", flat=True))
    groups = [g for g in Group.objects.filter(location=location).order_by("name")]
    others = [g for g in groups if g.pk not in own]
    group = others[-1]
    return Child.objects.in_care().filter(group=group).order_by("first_name", "last_name").last()


def test_a_child_in_the_last_group_is_logged_in_three_taps_plus_typing(
    phone_page: Page, live_server: Any, login: Callable, demo_data: None, page_audit: PageAudit
) -> None:
    page = phone_page
    login(page, "maartje")
    child = last_child_of_the_location("maartje")
    before = set(Conversation.objects.values_list("pk", flat=True))
    folded = page.locator("details[data-other-groups]")
    expect(folded).not_to_have_attribute("open", "")
    page_audit.check(page, "home with the filter, other groups folded")

    # Typing sends nothing: no request while the tiles narrow.
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    field = page.get_by_label(nl("Find a child"))
    field.press_sequentially(f"{child.first_name} {child.last_name[:3]}")
    tile = page.locator(f"a.child-tile[href='{reverse('child_detail', args=[child.pk])}']")
    expect(tile).to_be_visible()
    expect(folded).to_have_attribute("open", "")
    assert requests == [], requests
    assert all(child.first_name.lower() not in url.lower() for url in requests)
    page_audit.check(page, "home, filtered")

    taps = 0
    for target in (
        tile,
        page.get_by_role("link", name=nl("Drop-off"), exact=True),
        page.get_by_role("button", name=nl("Good"), exact=True),
    ):
        with page.expect_navigation():
            target.tap()
        taps += 1
    assert taps == 3
    expect(page.locator(".messages [role=status]")).to_be_visible()
    new = Conversation.objects.exclude(pk__in=before).get()
    assert (new.child_id, new.kind, new.tone) == (child.pk, "breng", "fijn")

    # The handover's own page: compact, no checklist.
    page.goto(live_server.url + reverse("conversation_detail", args=[new.pk]))
    expect(page.locator("h1")).to_contain_text(child.full_name)
    expect(page.locator("#checklist-h")).to_have_count(0)
    page_audit.check(page, "handover detail")
    page_audit.assert_clean()


def test_search_results_survive_the_back_button(
    page: Page, live_server: Any, login: Callable, demo_data: None, page_audit: PageAudit
) -> None:
    login(page, "maartje")
    child = last_child_of_the_location("maartje")
    page.goto(live_server.url + reverse("search"))
    page.fill("#id_q", child.last_name)
    with page.expect_navigation():
        page.get_by_role("button", name=nl("Search"), exact=True).click()
    results_url = page.url
    assert "resultaat=" in results_url and child.last_name.lower() not in results_url.lower()
    link = page.get_by_role("link", name=child.full_name)
    expect(link.first).to_be_visible()
    page_audit.check(page, "search results")

    with page.expect_navigation():
        link.first.click()
    expect(page.locator("h1")).to_have_text(child.full_name)
    page.go_back()
    # Back on the results, without a "resubmit the form?" page.
    expect(page).to_have_url(results_url)
    expect(page.get_by_role("link", name=child.full_name).first).to_be_visible()
    expect(page.locator("#id_q")).to_have_value(child.last_name)
    page_audit.assert_clean()


def test_overview_reads_at_phone_width_and_the_excel_download_opens(
    page: Page,
    live_server: Any,
    login_verified: Callable,
    demo_data: None,
    page_audit: PageAudit,
) -> None:
    login_verified(page, "linda")
    page.goto(live_server.url + reverse("overview"))
    expect(page.locator("h1")).to_contain_text(nl("Overview"))
    page.wait_for_function("() => !!window.Chart && !!Chart.getChart('chart-tips')")
    # No tip label sticks out of the chart on the left (it would be cut off).
    cut = page.evaluate(
        """() => {
            const chart = Chart.getChart('chart-tips');
            const scale = chart.scales.y;
            const ctx = chart.ctx;
            ctx.font = Chart.helpers.toFont(scale.options.ticks.font).string;
            return scale.getLabelItems().filter((item) => {
                const lines = [].concat(item.label);
                const width = Math.max(...lines.map((line) => ctx.measureText(line).width));
                return item.options.translation[0] - width < -1;
            }).map((item) => [].concat(item.label).join(' '));
        }"""
    )
    assert cut == [], cut
    # Chart dates in Dutch words, not ISO.
    labels = page.evaluate("() => Chart.getChart('chart-weekly').data.labels")
    assert labels and not any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", label) for label in labels)
    # Tip names head the rows of the per-pm'er table and are not cut.
    heads = page.locator(".staff-matrix tbody th")
    if heads.count():
        expect(heads.first).to_contain_text("1. ")
        assert page.evaluate(
            "() => [...document.querySelectorAll('.staff-matrix tbody th')]"
            ".every((th) => th.scrollWidth <= th.clientWidth + 1)"
        )
    page_audit.check(page, "overview")

    page.goto(live_server.url + reverse("history"))
    link = page.get_by_role("link", name=nl("Download for Excel (.xlsx)"))
    expect(link).to_be_visible()
    page_audit.check(page, "history with downloads")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as file:
        workbook = load_workbook(io.BytesIO(file.read()), read_only=True)
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    assert next(rows)[0] == nl("Number")
    page_audit.assert_clean()
