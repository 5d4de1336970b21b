"""End-to-end fixtures: headless Chromium (Playwright) against pytest-django's live_server.

The browser is Debian's /usr/bin/chromium (``.ci/run`` installs it), never a downloaded
build, and it resolves no host but the live server: the tests must pass on a closed network.
axe-core is injected from the axe-playwright-python package, not from a CDN.
The fast password hasher and static files without collectstatic come from tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command, get_commands
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, sync_playwright

from accounts.services import issue_recovery_codes

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Any host other than the live server fails at once instead of waiting on DNS.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
_axe = Axe()  # reads axe.min.js shipped inside the package

DEMO_PASSWORD = "demo"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)
            # WhiteNoise looks for collectstatic output; the live server serves static itself.
            item.add_marker(pytest.mark.filterwarnings("ignore:No directory at:UserWarning"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does) to run e2e")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class ConsoleProblems:
    """Console errors (Chromium reports CSP violations there) and uncaught page errors."""

    def __init__(self, page: Page) -> None:
        self.entries: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        location = message.location.get("url", "") if message.location else ""
        self.entries.append(f"console error: {message.text} ({location})")

    def _on_page_error(self, error: Error) -> None:
        self.entries.append(f"uncaught error: {error.message}")

    def take(self) -> list[str]:
        entries, self.entries = self.entries, []
        return entries


_problems: dict[int, ConsoleProblems] = {}


@pytest.fixture
def page_for(browser: Browser) -> Iterator[Callable[[dict[str, int]], Page]]:
    """``page_for(PHONE)``: a fresh Dutch-speaking browser context with one page."""
    contexts = []

    def make(viewport: dict[str, int]) -> Page:
        context = browser.new_context(
            viewport=viewport,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            is_mobile=viewport["width"] < 600,
            has_touch=viewport["width"] < 600,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        _problems[id(page)] = ConsoleProblems(page)
        return page

    yield make
    leftovers = []
    for context in contexts:
        for page in context.pages:
            problems = _problems.pop(id(page), None)
            if problems:
                leftovers += problems.take()
        context.close()
    if leftovers:
        pytest.fail("Unchecked console errors:\n" + "\n".join(leftovers))


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    return VIEWPORTS[request.param]


@pytest.fixture
def page(page_for: Callable[[dict[str, int]], Page], viewport: dict[str, int]) -> Page:
    """A page at each viewport (the test runs twice: phone 390×844, desktop 1280×800)."""
    return page_for(viewport)


@pytest.fixture
def phone_page(page_for: Callable[[dict[str, int]], Page]) -> Page:
    return page_for(PHONE)


@pytest.fixture
def login(live_server: Any) -> Callable[[Page, str, str], None]:
    def do_login(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
        page.goto(live_server.url + reverse("login"))
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.press("#id_password", "Enter")

    return do_login


@pytest.fixture
def demo_data(live_server: Any, django_db_serialized_rollback: None) -> None:
    """The demo organisation from ``seed_demo``.

    Serialized rollback puts data migrations (such as the ten tips) back after the
    flush that ends every live-server test, so later tests in this process still see them.
    """
    if "seed_demo" not in get_commands():
        pytest.skip("the seed_demo management command does not exist yet")
    call_command("seed_demo", "--force", verbosity=0)


def take_console_errors(page: Page, *, allow: tuple[str, ...] = ()) -> list[str]:
    """The console problems since the last call, minus those containing an allowed text."""
    problems = _problems.get(id(page))
    entries = problems.take() if problems else []
    return [entry for entry in entries if not any(text in entry for text in allow)]


def assert_no_console_errors(page: Page, *, allow: tuple[str, ...] = ()) -> None:
    errors = take_console_errors(page, allow=allow)
    if errors:
        raise AssertionError(f"{page.url}:\n" + "\n".join(errors))


def axe_violations(page: Page) -> list[dict[str, Any]]:
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def format_violations(violations: list[dict[str, Any]], *, max_targets: int = 3) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"]]
        shown = ", ".join(targets[:max_targets])
        more = f" (+{len(targets) - max_targets} more)" if len(targets) > max_targets else ""
        lines.append(
            f"  {violation['id']} [{violation['impact']}] {violation['help']}: {shown}{more}"
        )
    return "\n".join(lines)


def axe_check(page: Page) -> None:
    """Assert axe-core finds no WCAG 2.2 AA violations on the page as it is now."""
    violations = axe_violations(page)
    if violations:
        raise AssertionError(
            f"{len(violations)} accessibility violation(s) on {page.url}:\n"
            + format_violations(violations)
        )


def assert_no_horizontal_scroll(page: Page) -> None:
    """The page fits its viewport: nothing to scroll sideways on a phone."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport_width = page.viewport_size["width"]
    if width <= viewport_width:
        return
    too_wide = page.evaluate(_TOO_WIDE_JS, viewport_width)
    raise AssertionError(
        f"{page.url} scrolls sideways: {width}px wide in a {viewport_width}px viewport; "
        f"sticking out: {', '.join(too_wide) or '?'}"
    )


_TOO_WIDE_JS = """(limit) => Array.from(document.querySelectorAll("body *"))
  .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
  .slice(0, 5)
  .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
       + (el.className && typeof el.className === "string"
          ? "." + el.className.trim().split(/\\s+/).join(".") : ""))"""


@pytest.fixture(name="axe_check")
def axe_check_fixture() -> Callable[[Page], None]:
    return axe_check


@pytest.fixture(name="no_horizontal_scroll")
def no_horizontal_scroll_fixture() -> Callable[[Page], None]:
    return assert_no_horizontal_scroll


@pytest.fixture(name="assert_no_console_errors")
def assert_no_console_errors_fixture() -> Callable[..., None]:
    return assert_no_console_errors


# --- two-step verification and page audits (added for the conversation and review tests) ---


def two_factor_code(username: str) -> str:
    """A code that verifies ``username`` now: the current TOTP code of their confirmed device.

    A TOTP code is accepted once per 30-second step; when this step's code was already
    used (a second login in the same test), a fresh recovery code is issued and returned.
    """
    device = TOTPDevice.objects.select_related("user").get(user__username=username, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        return issue_recovery_codes(device.user)[0]
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def login_verified(
    login: Callable[[Page, str, str], None],
) -> Callable[..., None]:
    """``login_verified(page, "linda")``: the password, then the code on /accounts/2fa/.

    ``before_code(page)`` runs on the verification page, before the code is entered
    (to check that page).
    """

    def do_login(
        page: Page,
        username: str,
        password: str = DEMO_PASSWORD,
        *,
        before_code: Callable[[Page], None] | None = None,
    ) -> None:
        login(page, username, password)
        two_factor_path = reverse("two_factor")
        if two_factor_path not in page.url:
            raise AssertionError(f"{username} was not asked for a code: {page.url}")
        if before_code is not None:
            before_code(page)
        page.fill("#id_token", two_factor_code(username))
        with page.expect_navigation():
            page.press("#id_token", "Enter")
        if two_factor_path in page.url:
            raise AssertionError(f"the code for {username} was refused: {page.url}")

    return do_login


class PageAudit:
    """axe-core, the console and (below 768 px) sideways scrolling, page by page.

    ``check(page, name)`` notes the problems of the page as it is now; ``assert_clean()``
    fails with every problem of every page together, so one run shows them all.
    """

    def __init__(self) -> None:
        self.problems: dict[str, list[str]] = {}

    def check(self, page: Page, name: str, *, allow: tuple[str, ...] = ()) -> None:
        size = page.viewport_size or {"width": 0, "height": 0}
        assertions: list[Callable[[Page], None]] = [
            axe_check,
            lambda p: assert_no_console_errors(p, allow=allow),
        ]
        if size["width"] < 768:
            assertions.append(assert_no_horizontal_scroll)
        found = []
        for assertion in assertions:
            try:
                assertion(page)
            except AssertionError as error:
                found.append(str(error))
        if found:
            key = f"{name} ({size['width']}×{size['height']})"
            self.problems.setdefault(key, []).extend(found)

    def assert_clean(self) -> None:
        assert not self.problems, "Problems:\n\n" + "\n\n".join(
            f"[{name}]\n" + "\n".join(found) for name, found in self.problems.items()
        )


@pytest.fixture
def page_audit() -> PageAudit:
    return PageAudit()
