"""An organisation starts without the admin site, in a real browser: ``beheer`` invites a
new pm'er on the staff page, the e-mail arrives at a local SMTP server, the pm'er opens
the link on a phone, chooses a password and logs a handover. Every administration page
passes axe-core, a clean console and (on a phone) no sideways scrolling, as the admin and
as a manager.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from gesprekken.models import Conversation
from kinderen.models import Child
from organisatie.models import Location, StaffMember

from .conftest import PHONE, PageAudit

pytestmark = pytest.mark.e2e

PASSWORD = "Elke ochtend koffie bij de Rupsjes"  # noqa: S105 - test value


def nl(message: str) -> str:
    with translation.override("nl"):
        return translation.gettext(message)


def test_beheer_invites_a_pmer_who_logs_a_handover_on_a_phone(
    page_for: Callable[[dict[str, int]], Page],
    live_server: Any,
    login_verified: Callable[..., None],
    demo_data: None,
    smtp_server: Any,
    settings: Any,
    page_audit: PageAudit,
) -> None:
    settings.SITE_URL = live_server.url
    admin_page = page_for(PHONE)
    login_verified(admin_page, "beheer")

    admin_page.goto(live_server.url + reverse("administration"))
    admin_page.get_by_role("link", name=nl("Staff"), exact=True).first.click()
    admin_page.get_by_role("link", name=nl("Invite a staff member")).first.click()
    page_audit.check(admin_page, "staff invite")
    admin_page.get_by_label(nl("First name")).fill("Fenna")
    admin_page.get_by_label(nl("Last name")).fill("Bos")
    admin_page.get_by_label(nl("E-mail address")).fill("fenna.bos@example.nl")
    admin_page.locator("select[name=role]").select_option("pm")
    zonnebloem = Location.objects.get(name="Zonnebloem")
    admin_page.locator("select[name=locations]").select_option(str(zonnebloem.pk))
    rupsjes = zonnebloem.groups.get(name="Rupsjes")
    admin_page.locator("select[name=groups]").select_option(str(rupsjes.pk))
    with admin_page.expect_navigation():
        admin_page.get_by_role("button", name=nl("Send invitation")).click()
    expect(admin_page.locator("main")).to_contain_text("Fenna Bos")
    page_audit.check(admin_page, "staff member after the invitation")

    staff = StaffMember.objects.get(user__email="fenna.bos@example.nl")
    assert staff.role == "pm"
    assert list(staff.locations.all()) == [zonnebloem]
    assert not staff.user.has_usable_password()

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "fenna.bos@example.nl"
    assert PASSWORD not in smtp_server.text(message)
    url = smtp_server.first_link()
    assert url.startswith(live_server.url + "/accounts/uitnodiging/")

    page = page_for(PHONE)
    page.goto(url)
    expect(page.locator("main")).to_contain_text("Fenna Bos")
    page.locator("input[name=new_password1]").fill(PASSWORD)
    page.locator("input[name=new_password2]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("home"))

    child = (
        Child.objects.in_care().filter(group=rupsjes).order_by("first_name", "last_name").first()
    )
    before = set(Conversation.objects.values_list("pk", flat=True))
    page.goto(live_server.url + reverse("child_detail", args=[child.pk]))
    with page.expect_navigation():
        page.get_by_role("link", name=nl("Drop-off"), exact=True).tap()
    with page.expect_navigation():
        page.get_by_role("button", name=nl("Good"), exact=True).tap()
    expect(page.locator(".messages [role=status]")).to_be_visible()
    new = Conversation.objects.exclude(pk__in=before).get()
    assert (new.child_id, new.kind, new.tone, new.author_id) == (
        child.pk,
        "breng",
        "fijn",
        staff.pk,
    )
    page_audit.check(page, "the new pm'er's handover")
    page_audit.assert_clean()


ADMIN_PAGES = (
    "administration",
    "staff_list",
    "staff_invite",
    "location_list",
    "location_create",
    "admin_child_list",
    "admin_child_create",
    "admin_parent_list",
    "admin_parent_create",
    "import_list",
    "import_upload",
    "audit_trail",
    "organization_settings",
)
MANAGER_PAGES = (
    "administration",
    "location_list",
    "admin_child_list",
    "admin_parent_list",
    "audit_trail",
)


@pytest.mark.parametrize(("username", "names"), [("beheer", ADMIN_PAGES), ("linda", MANAGER_PAGES)])
def test_every_administration_page_passes_the_audit(
    username: str,
    names: tuple[str, ...],
    page: Page,
    live_server: Any,
    login_verified: Callable[..., None],
    demo_data: None,
    page_audit: PageAudit,
) -> None:
    login_verified(page, username)
    child = Child.objects.filter(location__name="Zonnebloem").order_by("pk").first()
    parent = child.parents.order_by("pk").first()
    detail_urls = [
        reverse("admin_child_edit", args=[child.pk]),
        reverse("admin_parent_edit", args=[parent.pk]),
        reverse("group_edit", args=[child.group_id]),  # managers look after the groups
    ]
    if username == "beheer":  # locations and staff are the admin's
        detail_urls.append(reverse("location_edit", args=[child.location_id]))
        detail_urls.append(reverse("staff_edit", args=[child.mentor_id]))
    for url in [reverse(name) for name in names] + detail_urls:
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, url
        page_audit.check(page, url)
    page_audit.assert_clean()
