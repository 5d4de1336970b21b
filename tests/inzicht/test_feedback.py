"""Coaching feedback: a manager writes it on a pm'er's conversation, the pm'er reads it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from gesprekken.models import Feedback, Tip

from .helpers import at, nl, nl_plural, talk

pytestmark = pytest.mark.django_db

WENT_WELL = "Je liet de moeder uitpraten en vroeg door."
NEXT_TIME = "Vraag volgende keer wat zij zelf al geprobeerd heeft."


def feedback_url(conversation) -> str:
    return reverse("feedback_create", args=[conversation.pk])


def detail_url(conversation) -> str:
    return reverse("conversation_detail", args=[conversation.pk])


def new_feedback_text(n: int) -> str:
    return nl_plural("%(n)s new feedback", "%(n)s new feedback messages", n) % {"n": n}


@pytest.fixture
def conversation(pm_a, child_a, parent_a):
    return talk(
        pm_a, child_a, when=at(2025, 3, 3), summary="Gesprek over wennen.", parents=[parent_a]
    )


def test_manager_gives_feedback_and_it_is_shown(client_for, manager_a, conversation):
    client = client_for(manager_a)
    tip = Tip.objects.standard().get(number=6)

    response = client.post(
        feedback_url(conversation),
        {"went_well": WENT_WELL, "next_time": NEXT_TIME, "tip": tip.pk},
        follow=True,
    )

    assertRedirects(response, detail_url(conversation))
    assertContains(response, nl("Your feedback has been saved."))
    assertContains(response, WENT_WELL)
    assertContains(response, NEXT_TIME)
    assertContains(response, f"6. {tip.title_nl}")
    feedback = Feedback.objects.get()
    assert feedback.conversation == conversation
    assert feedback.author == manager_a.staff_member
    assert (feedback.went_well, feedback.next_time, feedback.tip) == (WENT_WELL, NEXT_TIME, tip)
    assert feedback.read_at is None


def test_author_is_told_on_home_and_reading_clears_it(client_for, manager_a, pm_a, conversation):
    client_for(manager_a).post(feedback_url(conversation), {"went_well": WENT_WELL})
    author = client_for(pm_a)

    assertContains(author.get(reverse("home")), new_feedback_text(1))

    detail = author.get(detail_url(conversation))
    assertContains(detail, WENT_WELL)
    assertContains(detail, "Ingrid Smit")  # who gave it
    assert Feedback.objects.get().read_at is not None
    assertNotContains(author.get(reverse("home")), new_feedback_text(1))


def test_two_unread_feedbacks_are_counted(client_for, manager_a, admin_user, pm_a, conversation):
    client_for(manager_a).post(feedback_url(conversation), {"went_well": WENT_WELL})
    client_for(admin_user).post(feedback_url(conversation), {"next_time": NEXT_TIME})

    assertContains(client_for(pm_a).get(reverse("home")), new_feedback_text(2))


def test_others_reading_the_conversation_do_not_mark_it_read(
    client_for, manager_a, pm_a2, pm_a, conversation
):
    client_for(manager_a).post(feedback_url(conversation), {"went_well": WENT_WELL})

    client_for(manager_a).get(detail_url(conversation))
    client_for(pm_a2).get(detail_url(conversation))

    assert Feedback.objects.get().read_at is None
    assertContains(client_for(pm_a).get(reverse("home")), new_feedback_text(1))


def test_empty_feedback_is_refused_and_nothing_stored(client_for, manager_a, conversation):
    response = client_for(manager_a).post(
        feedback_url(conversation), {"went_well": "   ", "next_time": ""}
    )

    assert response.status_code == 200
    assertContains(response, nl("Write what went well, a tip for next time, or both."))
    assert not Feedback.objects.exists()


def test_too_long_feedback_keeps_the_other_text(client_for, manager_a, conversation):
    response = client_for(manager_a).post(
        feedback_url(conversation), {"went_well": "x" * 3001, "next_time": NEXT_TIME}
    )

    assert response.status_code == 200
    assertContains(response, NEXT_TIME)
    assert not Feedback.objects.exists()


def test_pm_cannot_give_feedback(client_for, pm_a2, conversation):
    response = client_for(pm_a2).post(feedback_url(conversation), {"went_well": WENT_WELL})

    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_pm_sees_no_feedback_form(client_for, pm_a2, conversation):
    response = client_for(pm_a2).get(detail_url(conversation))
    assertNotContains(response, feedback_url(conversation))


def test_user_without_staff_record_gets_403(client_for, no_staff_user, conversation):
    response = client_for(no_staff_user).post(feedback_url(conversation), {"went_well": "x"})
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_manager_of_a_cannot_reach_a_conversation_at_b(client_for, manager_a, pm_b, child_b):
    at_b = talk(pm_b, child_b, when=at(2025, 3, 3))

    response = client_for(manager_a).post(feedback_url(at_b), {"went_well": WENT_WELL})

    assert response.status_code == 404
    assert not Feedback.objects.exists()


def test_admin_cannot_reach_a_conversation_of_another_organisation(
    client_for, admin_user, outsider, other_child
):
    foreign = talk(outsider, other_child, when=at(2025, 3, 3))

    response = client_for(admin_user).post(feedback_url(foreign), {"went_well": WENT_WELL})

    assert response.status_code == 404
    assert not Feedback.objects.exists()


def test_missing_conversation_is_404(client_for, manager_a):
    response = client_for(manager_a).post(
        reverse("feedback_create", args=[999999]), {"went_well": WENT_WELL}
    )
    assert response.status_code == 404


def test_get_is_not_allowed(client_for, manager_a, conversation):
    assert client_for(manager_a).get(feedback_url(conversation)).status_code == 405


def test_requires_login(client, conversation):
    url = feedback_url(conversation)
    response = client.post(url, {"went_well": WENT_WELL})
    assertRedirects(response, f"{reverse('login')}?next={url}", fetch_redirect_response=False)
    assert not Feedback.objects.exists()


def test_manager_cannot_give_feedback_on_own_conversation(client_for, manager_a, child_a):
    own = talk(manager_a, child_a, when=at(2025, 3, 3))
    client = client_for(manager_a)

    response = client.post(feedback_url(own), {"went_well": WENT_WELL})

    assert response.status_code == 403
    assert not Feedback.objects.exists()
    assertNotContains(client.get(detail_url(own)), feedback_url(own))


def test_feedback_is_for_the_conversations_author(client_for, manager_a, pm_a, conversation):
    """The recipient is stored on the row (the home page counts by it), also when the row
    is made without the form."""
    client_for(manager_a).post(feedback_url(conversation), {"went_well": WENT_WELL})
    direct = Feedback.objects.create(
        conversation=conversation, author=manager_a.staff_member, next_time=NEXT_TIME
    )

    assert set(Feedback.objects.values_list("recipient_id", flat=True)) == {pm_a.staff_member.pk}
    assert direct.recipient_id == pm_a.staff_member.pk
    assert Feedback.objects.unread_for(pm_a.staff_member.pk).count() == 2
    assert Feedback.objects.unread_for(manager_a.staff_member.pk).count() == 0
