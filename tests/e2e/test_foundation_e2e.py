"""The foundation in a real browser: log in, find a child, meet the parents; every page
passes axe-core (WCAG 2.2 AA) at phone and desktop width, with a clean console."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

PARENT_LINKS = "section[aria-labelledby='parents-h'] a[href^='/ouders/']"


def group_section(page: Page, name: str):
    return page.locator("section").filter(has=page.locator("h2", has_text=name))


def test_pmer_logs_in_and_opens_a_child_with_parents(
    page: Page,
    live_server: Any,
    login: Callable,
    demo_data: None,
    assert_no_console_errors: Callable,
) -> None:
    login(page, "maartje", "demo")

    assert page.url == live_server.url + reverse("home")
    expect(page.locator("h1")).to_have_text("Zonnebloem")
    expect(page.locator("h2", has_text="Rupsjes")).to_be_visible()
    expect(page.locator("h2", has_text="Vlinders")).to_be_visible()

    tile = group_section(page, "Rupsjes").locator("a.child-tile").first
    child_name = tile.locator(".child-name").inner_text()
    child_href = tile.get_attribute("href")
    tile.click()

    expect(page).to_have_url(live_server.url + child_href)
    expect(page.locator("h1")).to_have_text(child_name)
    parents = page.locator(PARENT_LINKS)
    expect(parents.first).to_be_visible()
    parent_name = parents.first.inner_text()

    parents.first.click()
    expect(page.locator("h1")).to_have_text(parent_name)
    expect(page.locator("section[aria-labelledby='children-h']")).to_contain_text(child_name)
    assert_no_console_errors(page)


def test_wrong_password_shows_a_dutch_error_and_stays_on_login(
    phone_page: Page,
    live_server: Any,
    login: Callable,
    demo_data: None,
    assert_no_console_errors: Callable,
) -> None:
    page = phone_page
    login(page, "maartje", "niet-het-wachtwoord")

    assert page.url == live_server.url + reverse("login")
    expect(page.get_by_role("alert")).to_contain_text("wachtwoord")
    expect(page.locator("#id_username")).to_have_value("maartje")
    expect(page.locator("#id_password")).to_have_value("")
    expect(page.locator("#mainnav")).to_have_count(0)  # the menu is for logged-in users only
    assert_no_console_errors(page)


def test_foundation_pages_are_accessible(
    page: Page,
    live_server: Any,
    login: Callable,
    demo_data: None,
    axe_check: Callable,
    assert_no_console_errors: Callable,
    no_horizontal_scroll: Callable,
) -> None:
    """Every page is checked and every problem reported together, page by page."""
    is_phone = page.viewport_size["width"] < 768  # below Bootstrap's md: the collapsed menu
    problems: dict[str, list[str]] = {}

    def check(name: str, *, allow: tuple[str, ...] = ()) -> None:
        found = []
        for assertion in (
            axe_check,
            lambda p: assert_no_console_errors(p, allow=allow),
            no_horizontal_scroll if is_phone else None,
        ):
            if assertion is None:
                continue
            try:
                assertion(page)
            except AssertionError as error:
                found.append(str(error))
        if found:
            problems[name] = found

    page.goto(live_server.url + reverse("login"))
    check("login")
    login(page, "maartje", "niet-het-wachtwoord")
    check("login with error")

    login(page, "maartje", "demo")
    assert page.url == live_server.url + reverse("home")
    check("home")
    if is_phone:
        page.locator(".navbar-toggler").click()
        page.locator("#mainnav.collapse.show").wait_for()
        check("home, menu open")
        page.locator(".navbar-toggler").click()
        page.locator("#mainnav.collapse:not(.show)").wait_for(state="attached")

    tile = group_section(page, "Rupsjes").locator("a.child-tile").first
    child_first_name = tile.locator(".child-name").inner_text().split()[0]
    page.goto(live_server.url + tile.get_attribute("href"))
    check("child detail")

    parent_href = page.locator(PARENT_LINKS).first.get_attribute("href")
    page.goto(live_server.url + parent_href)
    check("parent detail")

    page.goto(live_server.url + reverse("search"))
    check("search")
    _search(page, child_first_name)
    expect(page.locator("section[aria-labelledby='res-children']")).to_contain_text(
        child_first_name
    )
    check("search results")
    _search(page, "x")
    expect(page.locator("#id_q")).to_have_attribute("aria-invalid", "true")
    check("search with error")

    page.goto(live_server.url + reverse("child_detail", args=[999_999_999]))
    expect(page.locator("h1")).to_be_visible()
    check("404", allow=("status of 404",))

    size = page.viewport_size
    assert not problems, "Problems at {}×{}:\n\n{}".format(
        size["width"],
        size["height"],
        "\n\n".join(f"[{name}]\n" + "\n".join(found) for name, found in problems.items()),
    )


def _search(page: Page, term: str) -> None:
    page.fill("#id_q", term)
    with page.expect_navigation():
        page.press("#id_q", "Enter")
