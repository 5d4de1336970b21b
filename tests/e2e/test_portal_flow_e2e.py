"""The parent portal end to end, on a phone, with the demo: ``maartje`` shares a talk,
the parent gets the e-mail at a local SMTP server (no content of the talk in it), logs in,
adds her view and "felt heard", and ``maartje`` sees both on the talk and on the child's
timeline.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from gesprekken.models import ConversationShare, ParentResponse
from gesprekken.services import conversation_log
from gesprekken.vocabulary import ConversationKind
from kinderen.models import Child
from organisatie.models import StaffMember
from ouders.models import Parent
from tests.gesprekken.helpers import days_ago

from .conftest import PHONE, PageAudit

pytestmark = pytest.mark.e2e

INTERNAL = "Interne notitie: moeder leek moe, navragen bij de mentor"
FOR_PARENTS = "We spraken over het eten. Mees proeft steeds meer groente."
PARENT_VIEW = "Thuis eet hij ook beter als we samen aan tafel zitten."


def nl(message: str) -> str:
    with translation.override("nl"):
        return translation.gettext(message)


def test_maartje_shares_and_the_parent_answers_on_a_phone(
    page_for: Callable[[dict[str, int]], Page],
    live_server: Any,
    login: Callable[..., None],
    demo_data: None,
    smtp_server: Any,
    settings: Any,
    page_audit: PageAudit,
) -> None:
    settings.SITE_URL = live_server.url
    maartje = StaffMember.objects.get(user__username="maartje")
    mees = Child.objects.get(first_name="Mees", last_name="Bakker")
    sophie = Parent.objects.get(first_name="Sophie", last_name="Bakker")
    talk, _created = conversation_log(
        author=maartje,
        child=mees,
        idempotency_key=uuid.uuid4(),
        fields={
            "kind": ConversationKind.TEN_MINUTE,
            "occurred_at": days_ago(1),
            "summary": INTERNAL,
            "parent_view": "Moeder vertelde over het avondeten",
        },
        parents=[sophie],
        levels={1: 3, 5: 2, 9: 3},
    )

    # maartje shares the talk with Sophie.
    staff_page = page_for(PHONE)
    login(staff_page, "maartje")
    staff_page.goto(live_server.url + reverse("conversation_detail", args=[talk.pk]))
    with staff_page.expect_navigation():
        staff_page.get_by_role("link", name=nl("Share with the parents")).first.click()
    page_audit.check(staff_page, "share page")
    staff_page.locator(f"input[name=parents][value='{sophie.pk}']").check()
    staff_page.locator("textarea[name=summary_for_parents]").fill(FOR_PARENTS)
    with staff_page.expect_navigation():
        staff_page.get_by_role("button", name=nl("Share"), exact=True).click()
    share = ConversationShare.objects.get(conversation=talk)
    assert list(share.parents.all()) == [sophie]
    assert share.summary_for_parents == FOR_PARENTS

    # The e-mail: a link to log in, nothing of the talk.
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == sophie.email
    body = smtp_server.text(message)
    for secret in (FOR_PARENTS, INTERNAL, "Mees", "Maartje"):
        assert secret not in body
        assert secret not in message["Subject"]
    url = smtp_server.first_link()
    assert url.startswith(live_server.url)

    # Sophie logs in from the link and answers.
    page = page_for(PHONE)
    page.goto(url)
    page.fill("#id_username", "ouder.sophie")
    page.fill("#id_password", settings.OUDERPORTAAL_DEMO_PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    expect(page).to_have_url(live_server.url + reverse("portal_home"))
    page_audit.check(page, "portal start page")
    with page.expect_navigation():
        page.locator(f"a[href='{reverse('portal_conversation', args=[talk.pk])}']").first.click()
    expect(page.locator("main")).to_contain_text(FOR_PARENTS)
    html = page.content()
    assert INTERNAL not in html
    assert "Moeder vertelde over het avondeten" not in html
    page_audit.check(page, "portal talk")
    page.locator("textarea[name=own_view]").fill(PARENT_VIEW)
    page.locator("label[for=id_felt_heard_3]").click()
    expect(page.locator("input[name=felt_heard][value='4']")).to_be_checked()
    with page.expect_navigation():
        page.locator("main form button[type=submit].btn-primary").click()
    response = ParentResponse.objects.get(conversation=talk, parent=sophie)
    assert (response.own_view, response.felt_heard) == (PARENT_VIEW, 4)
    expect(page.locator("main")).to_contain_text(PARENT_VIEW)

    # maartje sees the parent's view beside her own notes, and on Mees's timeline.
    staff_page.goto(live_server.url + reverse("conversation_detail", args=[talk.pk]))
    expect(staff_page.locator("main")).to_contain_text(PARENT_VIEW)
    expect(staff_page.locator("main")).to_contain_text("4")
    page_audit.check(staff_page, "talk with the parent's view")
    staff_page.goto(live_server.url + reverse("child_detail", args=[mees.pk]))
    expect(staff_page.locator("main")).to_contain_text(nl("parent responded"))
    page_audit.assert_clean()
