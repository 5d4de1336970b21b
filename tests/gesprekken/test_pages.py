"""The tips page, "my conversations", preparing a talk, the child timeline, the parent page."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from gesprekken.models import FollowUp, Preparation
from gesprekken.scoring import NOT_APPLICABLE, completeness_label
from gesprekken.selectors import PAGE_SIZE, tip_averages
from ouders.models import Relationship
from tests.factories import link_parent, make_parent

from .helpers import days_ago, log_conversation, nl

pytestmark = pytest.mark.django_db


def detail_links(response, css_class: str = "timeline-link") -> list[str]:
    """The conversation links of a list, in the order the user sees them."""
    return re.findall(
        rf'<a href="(/gesprekken/\d+/)" class="{css_class}">', response.content.decode()
    )


def url_of(conversation) -> str:
    return reverse("conversation_detail", args=[conversation.pk])


# --- the ten tips -------------------------------------------------------------------


def test_tip_list_shows_the_ten_tips_and_their_source(client_for, pm_a, tips):
    response = client_for(pm_a).get(reverse("tip_list"))

    assert response.status_code == 200
    assert len(tips) == 10
    for number, tip in tips.items():
        assertContains(response, f"{number}. {html.escape(tip.title_nl)}", count=1)
        assertContains(response, html.escape(tip.guidance_nl))
    assertContains(response, "Harriet Marseille")
    assertContains(response, "Ouderbetrokkenheid-Plus")


def test_tip_list_in_english(client_for, pm_a, tips):
    client = client_for(pm_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("tip_list"))

    for number, tip in tips.items():
        assertContains(response, f"{number}. {html.escape(tip.title_en)}")
    assertContains(response, "Harriet Marseille")


def test_tip_list_requires_login_and_get(client, client_for, pm_a):
    url = reverse("tip_list")
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")
    assert client_for(pm_a).post(url).status_code == 405


# --- my conversations ----------------------------------------------------------------


@pytest.fixture
def my_talks(pm_a, pm_a2, child_a):
    """A small hand-made data set for the averages per tip over 90 days."""
    return {
        "recent": log_conversation(pm_a, child_a, occurred_at=days_ago(5), levels={1: 3, 5: 2}),
        "month": log_conversation(
            pm_a, child_a, occurred_at=days_ago(20), levels={1: 1, 5: NOT_APPLICABLE, 6: 0}
        ),
        # Older than 90 days: listed, but not in the averages.
        "old": log_conversation(pm_a, child_a, occurred_at=days_ago(100), levels={1: 0, 6: 0}),
        # A colleague's talk about the same child: not mine.
        "colleague": log_conversation(pm_a2, child_a, occurred_at=days_ago(3), levels={1: 0, 6: 3}),
    }


def test_my_conversations_lists_only_my_own(client_for, pm_a, my_talks, conversation_b):
    response = client_for(pm_a).get(reverse("my_conversations"))

    assert response.status_code == 200
    assert detail_links(response) == [
        url_of(my_talks["recent"]),
        url_of(my_talks["month"]),
        url_of(my_talks["old"]),
    ]
    assertNotContains(response, url_of(my_talks["colleague"]))
    assertNotContains(response, url_of(conversation_b))


def test_my_average_per_tip_over_90_days(client_for, pm_a, my_talks, tips):
    expected = {
        1: (2.0, 2),  # (3 + 1) / 2; the old 0 and the colleague's 0 do not count
        5: (2.0, 1),  # n.v.t. is not a level
        6: (0.0, 1),  # a real 0 counts; the old 0 does not
    }

    averages = {
        row["tip"].number: row for row in tip_averages(author_id=pm_a.staff_member.pk, days=90)
    }

    assert sorted(averages) == list(range(1, 11))
    for number, row in averages.items():
        average, count = expected.get(number, (None, 0))
        assert row["count"] == count
        if average is None:
            assert row["average"] is None
        else:
            assert float(row["average"]) == pytest.approx(average)

    response = client_for(pm_a).get(reverse("my_conversations"))
    with translation.override("nl"):
        for number, tip in tips.items():
            average, count = expected.get(number, (None, 0))
            shown_average = "–" if average is None else floatformat(average, 1)
            assertContains(
                response,
                f'<tr><th scope="row" class="fw-normal">{number}. {tip.title_nl}</th>'
                f'<td class="text-end">{shown_average}</td>'
                f'<td class="text-end">{count}×</td></tr>',
                html=True,
            )


def test_my_conversations_is_empty_for_a_new_colleague(client_for, manager_a, my_talks):
    response = client_for(manager_a).get(reverse("my_conversations"))

    assert detail_links(response) == []
    assertContains(response, nl("You have not logged any conversations yet."))


def test_my_conversations_requires_login_and_get(client, client_for, pm_a):
    url = reverse("my_conversations")
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")
    assert client_for(pm_a).post(url).status_code == 405


# --- preparing a talk ----------------------------------------------------------------


def _prepare_url(child) -> str:
    return reverse("prepare", args=[child.pk])


def test_prepare_shows_openers_open_agreements_and_recent_talks(
    client_for, pm_a, conversation_a, child_a, tips
):
    response = client_for(pm_a).get(_prepare_url(child_a))

    assert response.status_code == 200
    assertContains(
        response,
        nl(
            "Ask for their help: “Can you give me some tips? What could we change so that "
            "things go better here for your child?”"
        ),
    )
    assertContains(response, "Slaapritme thuis bijhouden")  # the open agreement
    assertContains(response, "Oorspronkelijke samenvatting")  # the recent talk
    assertContains(response, tips[6].title_nl)
    assertContains(response, 'name="notes"')


def test_prepare_saves_notes_and_opens_the_form_with_them(client_for, pm_a, child_a):
    client = client_for(pm_a)

    response = client.post(_prepare_url(child_a), {"notes": "Eerst vragen hoe het thuis gaat"})

    preparation = Preparation.objects.get()
    assert preparation.author == pm_a.staff_member
    assert preparation.child == child_a
    assert preparation.notes == "Eerst vragen hoe het thuis gaat"
    assert preparation.conversation is None
    target = f"{reverse('conversation_create', args=[child_a.pk])}?voorbereiding={preparation.pk}"
    assertRedirects(response, target)
    assertContains(client.get(target), "Eerst vragen hoe het thuis gaat")


def test_prepare_without_notes_saves_nothing_and_starts_the_talk(client_for, pm_a, child_a):
    """Notes are optional: without them the talk starts all the same."""
    response = client_for(pm_a).post(_prepare_url(child_a), {"notes": ""})

    assert response.status_code == 302
    assert response["Location"] == reverse("conversation_create", args=[child_a.pk])
    assert not Preparation.objects.exists()


def test_prepare_requires_login(client, child_a):
    url = _prepare_url(child_a)
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")
    client.post(url, {"notes": "Niet ingelogd"})
    assert not Preparation.objects.exists()


@pytest.mark.parametrize("user", ["pm_b", "outsider", "no_staff_user"])
def test_prepare_outside_scope_is_404(client_for, request, child_a, user):
    client = client_for(request.getfixturevalue(user))

    assert client.get(_prepare_url(child_a)).status_code == 404
    assert client.post(_prepare_url(child_a), {"notes": "Niet van mij"}).status_code == 404
    assert not Preparation.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete"])
def test_prepare_rejects_other_methods(client_for, pm_a, child_a, method):
    assert getattr(client_for(pm_a), method)(_prepare_url(child_a)).status_code == 405


# --- the child's timeline -------------------------------------------------------------


def _child_url(child) -> str:
    return reverse("child_detail", args=[child.pk])


def test_timeline_is_newest_first(client_for, pm_a, pm_a2, child_a):
    middle = log_conversation(pm_a, child_a, occurred_at=days_ago(10))
    newest = log_conversation(pm_a2, child_a, occurred_at=days_ago(1))
    oldest = log_conversation(pm_a, child_a, occurred_at=days_ago(30))

    response = client_for(pm_a).get(_child_url(child_a))

    assert detail_links(response) == [url_of(newest), url_of(middle), url_of(oldest)]


def test_timeline_shows_the_score_badge_and_unscored(client_for, pm_a, child_a):
    log_conversation(pm_a, child_a, levels={1: 3, 5: 1, 6: 2})  # 6/9
    log_conversation(pm_a, child_a, levels={1: 3}, occurred_at=days_ago(2))  # 1 of 6 tips
    log_conversation(pm_a, child_a, occurred_at=days_ago(3))
    log_conversation(pm_a, child_a, kind="breng", occurred_at=days_ago(4))  # no reflection

    response = client_for(pm_a).get(_child_url(child_a))

    assertContains(response, "67 %")
    assertContains(response, completeness_label(3, 6))
    assertContains(response, nl("incompletely scored"), count=1)
    assertContains(response, nl("not scored"), count=1)  # the sit-down talk only
    assertContains(response, "score-badge", count=3)  # an unscored handover has none


def test_timeline_paginates_at_25(client_for, pm_a, child_a):
    talks = [log_conversation(pm_a, child_a, occurred_at=days_ago(n + 1)) for n in range(27)]
    client = client_for(pm_a)

    first = client.get(_child_url(child_a))
    second = client.get(_child_url(child_a), {"pagina": 2})

    assert PAGE_SIZE == 25
    assert detail_links(first) == [url_of(c) for c in talks[:25]]
    assert detail_links(second) == [url_of(c) for c in talks[25:]]
    assertContains(first, "?pagina=2")
    # A page number that does not exist shows the last page, not an error.
    assert detail_links(client.get(_child_url(child_a), {"pagina": 99})) == detail_links(second)
    assert detail_links(client.get(_child_url(child_a), {"pagina": "x"})) == detail_links(first)


def test_open_and_overdue_agreements_are_on_top(client_for, pm_a, child_a):
    today = timezone.localdate()
    # The overdue agreement belongs to an old talk that is not on the first timeline page.
    old = log_conversation(
        pm_a,
        child_a,
        occurred_at=days_ago(200),
        follow_ups=[
            {"description": "Verwijsbrief opvragen", "due_date": today - datetime.timedelta(days=1)}
        ],
    )
    for n in range(PAGE_SIZE):
        log_conversation(pm_a, child_a, occurred_at=days_ago(n + 1))
    recent = log_conversation(
        pm_a,
        child_a,
        follow_ups=[
            {"description": "Oefenen met de beker", "due_date": today + datetime.timedelta(days=7)},
            {"description": "Al afgerond", "due_date": today - datetime.timedelta(days=3)},
        ],
    )
    FollowUp.objects.filter(description="Al afgerond").update(done_at=timezone.now())

    response = client_for(pm_a).get(_child_url(child_a))

    content = response.content.decode()
    top = content[content.index('id="agreements-h"') : content.index('id="timeline-h"')]
    assert top.index("Verwijsbrief opvragen") < top.index("Oefenen met de beker")
    overdue_item = top[top.index("Verwijsbrief opvragen") : top.index("Oefenen met de beker")]
    assert nl("overdue") in overdue_item
    assert nl("overdue") not in top[top.index("Oefenen met de beker") :]
    assert "Al afgerond" not in content
    assert url_of(old) not in detail_links(response)
    assert url_of(recent) in detail_links(response)


# --- the parent page --------------------------------------------------------------------


@pytest.fixture
def shared_parent(org, child_a, child_b):
    """A mother with a child at location A and a child at location B."""
    parent = make_parent(org, first_name="Yasmina", last_name="El Amrani")
    link_parent(child_a, parent, relationship=Relationship.MOTHER)
    link_parent(child_b, parent, relationship=Relationship.MOTHER)
    return parent


def _shown_date(moment) -> str:
    with translation.override("nl"):
        return date_filter(timezone.localtime(moment), "j F Y")


def test_parent_page_lists_talks_and_last_contact(client_for, pm_a, child_a, parent_a):
    older = log_conversation(pm_a, child_a, parents=[parent_a], occurred_at=days_ago(12))
    last = log_conversation(pm_a, child_a, parents=[parent_a], occurred_at=days_ago(4))
    without_parent = log_conversation(pm_a, child_a, occurred_at=days_ago(1))

    response = client_for(pm_a).get(reverse("parent_detail", args=[parent_a.pk]))

    assert detail_links(response) == [url_of(last), url_of(older)]
    assertNotContains(response, url_of(without_parent))
    assertContains(response, f"<strong>{_shown_date(last.occurred_at)}</strong>", html=True)


def test_parent_page_without_talks(client_for, pm_a, parent_a):
    response = client_for(pm_a).get(reverse("parent_detail", args=[parent_a.pk]))

    assertContains(response, nl("never logged"))
    assert detail_links(response) == []


def test_last_contact_counts_only_talks_the_user_may_see(
    client_for, pm_a, pm_b, admin_user, child_a, child_b, shared_parent
):
    at_a = log_conversation(pm_a, child_a, parents=[shared_parent], occurred_at=days_ago(10))
    at_b = log_conversation(pm_b, child_b, parents=[shared_parent], occurred_at=days_ago(2))
    url = reverse("parent_detail", args=[shared_parent.pk])

    for user, links, last in (
        (pm_a, [url_of(at_a)], at_a),
        (pm_b, [url_of(at_b)], at_b),
        (admin_user, [url_of(at_b), url_of(at_a)], at_b),
    ):
        response = client_for(user).get(url)
        assert detail_links(response) == links
        assertContains(response, f"<strong>{_shown_date(last.occurred_at)}</strong>", html=True)


# --- location B stays out of location A's pages ------------------------------------------------


def test_conversations_of_location_b_never_show_for_pm_a(
    client_for, pm_a, pm_b, manager_a, child_a, child_b, shared_parent, conversation_b
):
    shared = log_conversation(
        pm_b,
        child_b,
        parents=[shared_parent],
        summary="Alleen voor de Klaproos",
        follow_ups=[{"description": "Geheime afspraak van de Klaproos"}],
    )
    own = log_conversation(pm_a, child_a, parents=[shared_parent])
    client = client_for(pm_a)
    hidden = [url_of(conversation_b), url_of(shared)]

    pages = [
        client.get(reverse("my_conversations")),
        client.get(_child_url(child_a)),
        client.get(reverse("parent_detail", args=[shared_parent.pk])),
        client.get(_prepare_url(child_a)),
        client.get(reverse("conversation_create", args=[child_a.pk])),
        client.get(url_of(own)),
        client_for(manager_a).get(reverse("history")),
        client_for(manager_a).get(reverse("my_conversations")),
    ]

    for page in pages:
        assert page.status_code == 200
        content = page.content.decode()
        for url in hidden:
            assert url not in content
        for text in (
            "Gesprek op de Klaproos",
            "Alleen voor de Klaproos",
            "Geheime afspraak van de Klaproos",
            "Overdracht naar school voorbereiden",
        ):
            assert text not in content
    for url in hidden:
        assert client.get(url).status_code == 404
        assert client_for(manager_a).get(url).status_code == 404
    assert client.get(_child_url(child_b)).status_code == 404
