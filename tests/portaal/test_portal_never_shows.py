"""What staff keep for themselves never reaches a parent's page: the checklist and its
tip scores, the score, the reflection, the preparation notes, the coaching feedback, the
internal summary and "what the parents said" as the pm'er wrote it. Asserted on the HTML
of every portal page, with a distinctive text in each of those places."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gesprekken.models import Feedback, Preparation, Tip, TipScore
from tests.gesprekken.helpers import days_ago, log_conversation

from .helpers import agreement_for, plan, share

pytestmark = pytest.mark.django_db

SECRETS = {
    "summary": "GEHEIM-samenvatting-intern-7731",
    "parent_view": "GEHEIM-wat-de-ouders-zeiden-4410",
    "reflection_went_well": "GEHEIM-reflectie-goed-2291",
    "reflection_next_time": "GEHEIM-reflectie-volgende-8830",
    "preparation_notes": "GEHEIM-voorbereiding-gesprek-5512",
}
FEEDBACK_WENT_WELL = "GEHEIM-feedback-ging-goed-6604"
FEEDBACK_NEXT_TIME = "GEHEIM-feedback-volgende-keer-1187"
PREPARATION_NOTES = "GEHEIM-voorbereidingsnotitie-3309"
SHARED = "Wat we deelden: Emma bouwt graag torens."

# Words of the staff's side that have no place on a parent's page (lower case).
STAFF_WORDS = (
    "checklist",
    "score",
    "reflectie",
    "reflection",
    "feedback",
    "voorbereiding",
    "wat de ouders zeiden",
    "what the parents said",
    "houding",
    "timide",
    "dominant",
)


@pytest.fixture
def everything(pm_a, manager_a, child_a, parent_a):
    """A talk with every staff-only thing filled in, shared with parent_a."""
    conversation = log_conversation(
        pm_a,
        child_a,
        parents=[parent_a],
        occurred_at=days_ago(2),
        duration_minutes=20,
        staff_seconds=300,
        parent_seconds=280,
        parent_stance="timide",
        own_stance="boven",
        levels={number: 2 for number in range(1, 11)},
        follow_ups=[{"description": "Samen een slaapdagboek bijhouden"}],
        **SECRETS,
    )
    assert TipScore.objects.filter(conversation=conversation).exists()
    Feedback.objects.create(
        conversation=conversation,
        author=manager_a.staff_member,
        recipient=conversation.author,
        went_well=FEEDBACK_WENT_WELL,
        next_time=FEEDBACK_NEXT_TIME,
        tip=Tip.objects.order_by("number").first(),
    )
    Preparation.objects.create(
        child=child_a,
        author=pm_a.staff_member,
        notes=PREPARATION_NOTES,
        conversation=conversation,
    )
    Preparation.objects.create(child=child_a, author=pm_a.staff_member, notes=PREPARATION_NOTES)
    share(conversation, [parent_a], summary_for_parents=SHARED)
    agreement_for(conversation, parent_a, "Knuffel meenemen")
    return conversation


def portal_pages(conversation, child, parent) -> list[str]:
    planned = plan(child, [parent])
    return [
        reverse("portal_home"),
        reverse("portal_conversation", args=[conversation.pk]),
        reverse("portal_questions", args=[planned.pk]),
        reverse("portal_participation"),
        reverse("portal_settings"),
    ]


def tip_titles() -> list[str]:
    titles = []
    for tip in Tip.objects.all():
        titles += [title for title in (tip.title_nl, tip.title_en) if title]
    return titles


@pytest.mark.parametrize("language", ["nl", "en", "ar"])
def test_no_staff_only_text_on_any_portal_page(
    client_for, parent_user, parent_a, child_a, everything, language
):
    parent_a.account.language = language
    parent_a.account.save()
    client = client_for(parent_user)
    titles = tip_titles()
    assert len(titles) >= 10

    for url in portal_pages(everything, child_a, parent_a):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for text in [*SECRETS.values(), FEEDBACK_WENT_WELL, FEEDBACK_NEXT_TIME, PREPARATION_NOTES]:
            assert text not in html, f"{url} shows {text}"
        assert "GEHEIM" not in html, url
        for title in titles:
            assert title not in html, f"{url} shows the tip {title!r}"
        lower = html.lower()
        for word in STAFF_WORDS:
            assert word not in lower, f"{url} shows the word {word!r}"


def test_the_shared_parts_do_show(parent_client, everything):
    html = parent_client.get(reverse("portal_conversation", args=[everything.pk])).content.decode()

    assert SHARED in html
    assert "Samen een slaapdagboek bijhouden" in html
    assert "Knuffel meenemen" in html


def test_the_parents_own_answer_is_not_the_staffs_note(parent_client, everything):
    parent_client.post(
        reverse("portal_conversation", args=[everything.pk]),
        {"own_view": "Mijn eigen woorden", "felt_heard": "2"},
    )
    everything.refresh_from_db()

    assert everything.parent_view == SECRETS["parent_view"]
    assert everything.summary == SECRETS["summary"]
