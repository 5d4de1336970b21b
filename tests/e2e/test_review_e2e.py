"""A manager reviews in a real browser: linda (manager of Zonnebloem and Klaproos).

She logs in with her password and a code, filters and searches the history (no names
in the URL), gives coaching feedback that maartje then finds from her home page, looks
at the overview with its charts and prints a child's dossier. Every page on the way
passes axe-core (WCAG 2.2 AA) at phone and desktop width, with a clean console and, on
the phone, nothing to scroll sideways.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, unquote_plus, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import Page, expect

from gesprekken.models import Conversation, Feedback
from gesprekken.selectors import PAGE_SIZE
from gesprekken.vocabulary import ConversationKind
from organisatie.models import StaffMember

from .conftest import PageAudit

pytestmark = pytest.mark.e2e

WORD = "slapen"  # in the demo's handover notes, sit-down summaries and parents' views


def nl(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


def nl_plural(singular: str, plural: str, n: int) -> str:
    """The Dutch plural form from the catalogue; it must really be translated."""
    with translation.override("nl"):
        translated = ngettext(singular, plural, n)
    assert translated not in (singular, plural), f"no Dutch for {singular!r}"
    return translated % {"n": n}


def open_menu_item(page: Page, name: str) -> None:
    """Follow a link in the main menu; on a phone the menu is opened first."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.locator("#mainnav.collapse.show").wait_for()
    with page.expect_navigation():
        page.locator("#mainnav").get_by_role("link", name=name, exact=True).click()


def history_count(page: Page) -> int:
    status = page.locator("main [role=status]").filter(has_text=re.compile(r"^\d+ "))
    return int(status.inner_text().split()[0])


def submit_filters(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=nl("Filter"), exact=True).click()


def with_word(conversation: Conversation) -> bool:
    text = f"{conversation.summary} {conversation.parent_view}"
    return re.search(rf"\b{WORD}\b", text, re.IGNORECASE) is not None


def chosen_conversation(author: StaffMember) -> Conversation:
    """Maartje's latest handover talk mentioning the word (the demo data has a few)."""
    mine = (
        Conversation.objects.filter(author=author, kind__in=["breng", "haal"])
        .select_related("child")
        .order_by("-occurred_at")
    )
    found = [c for c in mine if with_word(c)]
    assert found, f"the demo data has no handover talk of maartje with {WORD!r}"
    return found[0]


def test_manager_reviews_history_gives_feedback_and_the_pmer_reads_it(
    page: Page,
    page_for: Callable[[dict[str, int]], Page],
    viewport: dict[str, int],
    live_server: Any,
    login: Callable,
    login_verified: Callable,
    demo_data: None,
    page_audit: PageAudit,
) -> None:
    maartje = StaffMember.objects.select_related("user").get(user__username="maartje")
    target = chosen_conversation(maartje)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=200)
    same_kind = Conversation.objects.filter(
        kind=target.kind,
        occurred_at__date__gte=start,
        location__organization=target.location.organization,
    )
    assert any(not with_word(c) for c in same_kind), "every talk has the word: no change to see"

    login_verified(
        page, "linda", before_code=lambda p: page_audit.check(p, "two-step verification")
    )
    assert page.url == live_server.url + reverse("home")

    # History: filter by kind and period, then search a word; the count goes down each time.
    open_menu_item(page, nl("History"))
    expect(page.locator("h1")).to_have_text(nl("Conversation history"))
    everything = history_count(page)
    page.locator("details > summary", has_text=nl("More filters")).click()
    page.select_option("#id_soort", target.kind)
    page.fill("#id_van", start.isoformat())
    page.fill("#id_tot", today.isoformat())
    submit_filters(page)
    of_kind = history_count(page)
    assert 0 < of_kind < everything
    with translation.override("nl"):
        kind_text = str(ConversationKind(target.kind).label)
    items = page.locator("ol.timeline > li")
    expect(items.first).to_contain_text(kind_text)

    page.fill("#id_q", WORD)
    submit_filters(page)
    found = history_count(page)
    assert 0 < found < of_kind
    assert items.count() == min(found, PAGE_SIZE)
    for text in items.all_inner_texts():
        assert kind_text in text
    expect(page.locator("details:has(#id_soort)")).to_have_attribute("open", "")
    page_audit.check(page, "history, filters open")

    # Nothing but codes, dates and the search word in the URL: no names of anybody.
    query = urlsplit(page.url).query
    params = dict(parse_qsl(query, keep_blank_values=True))
    assert params["soort"] == target.kind and params["q"] == WORD
    typed = {target.kind, WORD, start.isoformat(), today.isoformat(), ""}
    assert {value for value in params.values() if not value.isdigit()} <= typed, page.url
    for name in (target.child.first_name, target.child.last_name, maartje.user.first_name):
        assert name.lower() not in unquote_plus(query).lower()

    # Open maartje's talk from the list and give feedback.
    link = page.locator(f"a[href='{reverse('conversation_detail', args=[target.pk])}']")
    expect(link).to_contain_text(maartje.display_name)
    with page.expect_navigation():
        link.click()
    expect(page.locator("h1")).to_contain_text(target.child.full_name)
    give = page.get_by_role("button", name=nl("Give feedback"), exact=True)
    expect(give).to_be_visible()
    page_audit.check(page, "conversation detail, manager with feedback form")

    with page.expect_navigation():
        give.click()  # empty: an error, nothing saved
    expect(page.locator("#feedback [role=alert]")).to_have_text(
        nl("Write what went well, a tip for next time, or both.")
    )
    assert not Feedback.objects.filter(conversation=target).exists()
    page_audit.check(page, "feedback form with an error")

    praise = "Fijn dat je het slaapritueel van thuis hebt overgenomen."
    page.fill("#id_went_well", praise)
    with page.expect_navigation():
        page.get_by_role("button", name=nl("Give feedback"), exact=True).click()
    expect(page.locator(".messages [role=status]")).to_have_text(
        nl("Your feedback has been saved.")
    )
    expect(page.locator("#feedback .feedback-item")).to_contain_text(praise)
    assert Feedback.objects.filter(conversation=target, went_well=praise).count() == 1

    # The overview: three charts drawn from the data, the same numbers in tables.
    open_menu_item(page, nl("Overview"))
    expect(page.locator("h1")).to_contain_text(nl("Overview"))
    charts = ["chart-tips", "chart-weekly", "chart-trend"]
    expect(page.locator("canvas")).to_have_count(len(charts))
    for chart in charts:
        assert page.evaluate(f"!!Chart.getChart('{chart}')"), f"{chart} was not drawn"
    assert page.locator("main table").count() >= 3
    expect(
        page.locator("section[aria-labelledby='tips-h'] table").first.locator("tbody tr")
    ).to_have_count(10)
    page_audit.check(page, "overview")
    weekly_table = page.locator("section[aria-labelledby='weekly-h'] details")
    weekly_table.locator("summary").click()
    expect(weekly_table.locator("table")).to_be_visible()
    page_audit.check(page, "overview, weekly table open")

    # The dossier of the child, to print.
    page.goto(live_server.url + reverse("dossier", args=[target.child_id]))
    expect(page.locator("h1")).to_contain_text(target.child.full_name)
    expect(page.locator("article.dossier")).to_contain_text(target.summary)
    page_audit.check(page, "dossier")

    for name, url in (
        ("two-step settings", reverse("two_factor_settings")),
        ("password change", reverse("password_change")),
    ):
        page.goto(live_server.url + url)
        expect(page.locator("h1")).to_be_visible()
        page_audit.check(page, name)

    # Maartje sees the new feedback from her home page and reads it.
    pm = page_for(viewport)
    login(pm, "maartje")
    news = pm.get_by_role(
        "link", name=nl_plural("%(n)s new feedback", "%(n)s new feedback messages", 1)
    )
    expect(news).to_be_visible()
    page_audit.check(pm, "home with new feedback")
    with pm.expect_navigation():
        news.click()
    expect(pm).to_have_url(re.compile(re.escape(reverse("my_conversations")) + "#feedback$"))
    first_name = re.compile(re.escape(target.child.first_name))
    entry = pm.locator("#feedback").get_by_role("link", name=first_name)
    expect(entry).to_be_visible()
    page_audit.check(pm, "my conversations with new feedback")
    with pm.expect_navigation():
        entry.click()
    expect(pm.locator("#feedback .feedback-item")).to_contain_text(praise)
    expect(pm.get_by_role("button", name=nl("Give feedback"))).to_have_count(0)
    assert Feedback.objects.get(conversation=target).read_at is not None
    page_audit.check(pm, "conversation detail, author with feedback")

    pm.goto(live_server.url + reverse("home"))
    expect(pm.locator("h1")).to_be_visible()
    expect(news).to_have_count(0)
    page_audit.assert_clean()
