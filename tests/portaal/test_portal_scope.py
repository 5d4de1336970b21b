"""Who sees what in the portal: a parent sees their own children's shared talks, planned
talks and agreements, through their own link to each child; everything else is a 404,
the same as a record that does not exist. Staff never see the portal's pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gesprekken.models import FollowUp, ParentResponse, PreTalkAnswer
from ouders.models import ChildParent, ParentAccount
from tests.factories import make_parent, make_parent_account
from tests.gesprekken.helpers import days_ago, log_conversation

from .helpers import agreement_for, plan, share

pytestmark = pytest.mark.django_db

PAGES = ("portal_home", "portal_participation", "portal_settings")


@pytest.fixture
def family_of_two(org, pm_a, pm_b, child_a, child_b, parent_a):
    """parent_a is also the mother of child_b (location B): a talk about each child,
    both shared with her, each with her agreement, and a planned talk for each."""
    ChildParent.objects.create(child=child_b, parent=parent_a, has_parental_authority=True)
    talks = {
        "a": log_conversation(pm_a, child_a, parents=[parent_a], occurred_at=days_ago(3)),
        "b": log_conversation(pm_b, child_b, parents=[parent_a], occurred_at=days_ago(2)),
    }
    for talk in talks.values():
        share(talk, [parent_a])
        agreement_for(talk, parent_a, f"Afspraak over {talk.child.first_name}")
    planned = {"a": plan(child_a, [parent_a]), "b": plan(child_b, [parent_a])}
    return talks, planned


def test_a_parent_of_two_children_at_two_locations_sees_both(
    parent_client, family_of_two, child_a, child_b
):
    talks, planned = family_of_two

    home = parent_client.get(reverse("portal_home")).content.decode()

    assert child_a.first_name in home and child_b.first_name in home
    for key in ("a", "b"):
        assert reverse("portal_conversation", args=[talks[key].pk]) in home
        assert reverse("portal_questions", args=[planned[key].pk]) in home
        assert f"Afspraak over {talks[key].child.first_name}" in home
        assert (
            parent_client.get(reverse("portal_conversation", args=[talks[key].pk])).status_code
            == 200
        )
        assert (
            parent_client.get(reverse("portal_questions", args=[planned[key].pk])).status_code
            == 200
        )


def test_a_parent_without_authority_sees_nothing_of_that_child(
    org, client_for, pm_a, child_a, group_a
):
    """...unless the organisation lets parents without parental authority see it."""
    stepfather = make_parent(org, first_name="Joost", last_name="Bakker")
    ChildParent.objects.create(child=child_a, parent=stepfather, has_parental_authority=False)
    user = make_parent_account(stepfather, "ouder.joost")
    talk = log_conversation(pm_a, child_a, parents=[stepfather], occurred_at=days_ago(1))
    share(talk, [stepfather])
    agreement = agreement_for(talk, stepfather)
    planned = plan(child_a, [stepfather])
    client = client_for(user)

    home = client.get(reverse("portal_home")).content.decode()
    assert child_a.first_name not in home.split("<main", 1)[1]
    assert reverse("portal_conversation", args=[talk.pk]) not in home
    assert client.get(reverse("portal_conversation", args=[talk.pk])).status_code == 404
    assert client.get(reverse("portal_questions", args=[planned.pk])).status_code == 404
    assert (
        client.post(
            reverse("portal_agreement_done", args=[agreement.pk]), {"done": "1"}
        ).status_code
        == 404
    )

    org.portal_parents_without_authority = True
    org.save()
    client = client_for(user)  # a fresh request reads the setting again

    home = client.get(reverse("portal_home")).content.decode()
    assert child_a.first_name in home.split("<main", 1)[1]
    assert client.get(reverse("portal_conversation", args=[talk.pk])).status_code == 200
    assert client.get(reverse("portal_questions", args=[planned.pk])).status_code == 200
    assert (
        client.post(
            reverse("portal_agreement_done", args=[agreement.pk]), {"done": "1"}
        ).status_code
        == 302
    )


def test_a_talk_not_shared_with_this_parent_is_404(
    org, parent_client, pm_a, child_a, parent_a, talk_a
):
    father = make_parent(org, first_name="Bram", last_name="de Vries")
    ChildParent.objects.create(child=child_a, parent=father)
    share(talk_a, [father])  # shared with the father only
    unshared = log_conversation(pm_a, child_a, parents=[parent_a], occurred_at=days_ago(4))

    for talk in (talk_a, unshared):
        url = reverse("portal_conversation", args=[talk.pk])
        assert parent_client.get(url).status_code == 404
        assert parent_client.post(url, {"own_view": "Toch"}).status_code == 404
    assert not ParentResponse.objects.exists()


def test_a_planned_talk_without_this_parent_is_404(org, parent_client, child_a):
    father = make_parent(org, first_name="Bram", last_name="de Vries")
    ChildParent.objects.create(child=child_a, parent=father)
    planned = plan(child_a, [father])

    assert parent_client.get(reverse("portal_questions", args=[planned.pk])).status_code == 404


def test_another_family_gets_404_with_this_parents_ids(
    client_for, other_family_user, parent_a, shared_a, agreement_of_parent, child_a
):
    planned = plan(child_a, [parent_a])
    client = client_for(other_family_user)
    conversation_url = reverse("portal_conversation", args=[shared_a.conversation_id])
    questions_url = reverse("portal_questions", args=[planned.pk])
    done_url = reverse("portal_agreement_done", args=[agreement_of_parent.pk])

    assert client.get(conversation_url).status_code == 404
    assert client.post(conversation_url, {"own_view": "Van een ander"}).status_code == 404
    assert client.get(questions_url).status_code == 404
    assert client.post(questions_url, {"going_well": "Van een ander"}).status_code == 404
    assert client.post(done_url, {"done": "1"}).status_code == 404

    agreement_of_parent.refresh_from_db()
    assert agreement_of_parent.done_at is None
    assert not ParentResponse.objects.exists()
    assert not PreTalkAnswer.objects.exists()
    home = client.get(reverse("portal_home")).content.decode()
    assert "Emma" not in home.split("<main", 1)[1]


def test_another_organisations_parent_gets_404(
    client_for, other_parent, shared_a, agreement_of_parent
):
    client = client_for(make_parent_account(other_parent, "ouder.lotte"))

    assert (
        client.get(reverse("portal_conversation", args=[shared_a.conversation_id])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("portal_agreement_done", args=[agreement_of_parent.pk]), {"done": "1"}
        ).status_code
        == 404
    )


def test_a_parents_own_pages_change_only_their_own_records(
    client_for, other_family_user, parent_user, parent_a
):
    client = client_for(other_family_user)
    client.post(
        reverse("portal_participation"), {"likes_to_help_with": "Koken", "availability": "Ma"}
    )
    client.post(reverse("portal_settings"), {"language": "pl"})

    parent_a.refresh_from_db()
    assert parent_a.likes_to_help_with == ""
    assert ParentAccount.objects.get(parent=parent_a).language == "nl"
    other = ParentAccount.objects.get(user=other_family_user)
    assert other.language == "pl" and other.availability == "Ma"


@pytest.mark.parametrize("role", ["pm_a", "manager_a", "admin_user", "pm_b", "no_staff_user"])
def test_staff_get_404_on_every_portal_page(
    request, client_for, role, shared_a, agreement_of_parent, child_a, parent_a
):
    planned = plan(child_a, [parent_a])
    client = client_for(request.getfixturevalue(role))

    for name in PAGES:
        assert client.get(reverse(name)).status_code == 404, name
    assert (
        client.get(reverse("portal_conversation", args=[shared_a.conversation_id])).status_code
        == 404
    )
    assert client.get(reverse("portal_questions", args=[planned.pk])).status_code == 404
    assert (
        client.post(
            reverse("portal_agreement_done", args=[agreement_of_parent.pk]), {"done": "1"}
        ).status_code
        == 404
    )
    assert client.post(reverse("portal_language"), {"language": "nl"}).status_code == 404
    assert FollowUp.objects.get(pk=agreement_of_parent.pk).done_at is None


def test_wrong_methods_are_405(parent_client, shared_a, agreement_of_parent, child_a, parent_a):
    planned = plan(child_a, [parent_a])
    get_or_post = [
        reverse("portal_conversation", args=[shared_a.conversation_id]),
        reverse("portal_questions", args=[planned.pk]),
        reverse("portal_participation"),
        reverse("portal_settings"),
    ]
    post_only = [
        reverse("portal_agreement_done", args=[agreement_of_parent.pk]),
        reverse("portal_language"),
    ]

    assert parent_client.post(reverse("portal_home")).status_code == 405
    for url in get_or_post:
        assert parent_client.put(url).status_code == 405, url
        assert parent_client.delete(url).status_code == 405, url
    for url in post_only:
        assert parent_client.get(url).status_code == 405, url


def test_a_missing_record_is_404(parent_client):
    for name in ("portal_conversation", "portal_questions"):
        assert parent_client.get(reverse(name, args=[999999])).status_code == 404
    assert (
        parent_client.post(
            reverse("portal_agreement_done", args=[999999]), {"done": "1"}
        ).status_code
        == 404
    )


def test_the_services_check_the_scope_themselves(
    other_family_user, parent_a, shared_a, agreement_of_parent, child_a
):
    from django.core.exceptions import PermissionDenied

    from portaal.services.responses import answer_questions, mark_agreement_done, save_response

    other = other_family_user.parent_account.parent
    planned = plan(child_a, [parent_a])
    with pytest.raises(PermissionDenied):
        save_response(
            parent=other,
            conversation=shared_a.conversation,
            own_view="x",
            felt_heard=3,
            felt_heard_comment="",
        )
    with pytest.raises(PermissionDenied):
        mark_agreement_done(parent=other, follow_up=agreement_of_parent, done=True)
    with pytest.raises(PermissionDenied):
        answer_questions(
            parent=other, planned_talk=planned, wish_to_discuss="x", seen_at_home="", going_well=""
        )
    # The same calls for the right parent work without a request (audited as her login).
    save_response(
        parent=parent_a,
        conversation=shared_a.conversation,
        own_view="Goed",
        felt_heard=None,
        felt_heard_comment="",
    )
    assert ParentResponse.objects.get().own_view == "Goed"
