"""Planning a talk so the parents get questions before it: the service's rules, the page,
cancelling."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from audit.models import Action, AuditEvent
from gesprekken.models import PlannedTalk, PreTalkAnswer
from portaal import notifications
from portaal.services.planning import cancel_planned_talk, plan_talk
from tests.factories import link_parent, make_parent
from tests.gesprekken.helpers import log_conversation

from .staff_helpers import make_answer

pytestmark = pytest.mark.django_db

NEXT_WEEK = timezone.localdate() + datetime.timedelta(days=7)


@pytest.fixture
def notified(monkeypatch) -> list:
    calls: list = []
    monkeypatch.setattr(
        notifications,
        "notify_parents",
        lambda parents, kind: calls.append((sorted(p.pk for p in parents), kind)),
    )
    return calls


@pytest.fixture
def planned(pm_a, child_a, parent_a) -> PlannedTalk:
    talk = PlannedTalk.objects.create(
        child=child_a,
        kind="tienminutengesprek",
        planned_for=NEXT_WEEK,
        planned_by=pm_a.staff_member,
    )
    talk.parents.set([parent_a])
    return talk


def plan_url(child) -> str:
    return reverse("talk_plan", args=[child.pk])


def post_data(parents, **extra) -> dict:
    data = {
        "soort": "tienminutengesprek",
        "planned_for": NEXT_WEEK.isoformat(),
        "parents": [p.pk for p in parents],
    }
    data.update(extra)
    return data


# --- the service ------------------------------------------------------------------------


def test_plan_talk_saves_audits_and_asks_the_parents(pm_a, child_a, parent_a, notified):
    talk = plan_talk(
        child=child_a,
        kind="evaluatie",
        planned_for=timezone.localdate(),
        parents=[parent_a],
        by=pm_a,
    )

    assert (talk.child, talk.kind, talk.planned_by) == (child_a, "evaluatie", pm_a.staff_member)
    assert list(talk.parents.all()) == [parent_a]
    assert notified == [([parent_a.pk], "question")]
    event = AuditEvent.objects.get(object_type="planned_talk")
    assert (event.action, event.object_id, event.child_id, event.user) == (
        Action.CREATE,
        talk.pk,
        child_a.pk,
        pm_a,
    )


@pytest.mark.parametrize(
    ("kind", "days", "who", "field"),
    [
        ("breng", 7, "mother", "kind"),
        ("bestaat-niet", 7, "mother", "kind"),
        ("tienminutengesprek", -1, "mother", "planned_for"),
        ("tienminutengesprek", 7, "nobody", "parents"),
        ("tienminutengesprek", 7, "other family", "parents"),
    ],
)
def test_plan_talk_refuses_bad_input(
    pm_a, child_a, parent_a, parent_b, notified, kind, days, who, field
):
    parents = {"mother": [parent_a], "nobody": [], "other family": [parent_a, parent_b]}[who]

    with pytest.raises(ValidationError) as refused:
        plan_talk(
            child=child_a,
            kind=kind,
            planned_for=timezone.localdate() + datetime.timedelta(days=days),
            parents=parents,
            by=pm_a,
        )

    assert field in refused.value.message_dict
    assert not PlannedTalk.objects.exists()
    assert notified == []


def test_cancel_removes_the_talk_and_its_answers(pm_a, planned, parent_a):
    make_answer(planned, parent_a, wish_to_discuss="Het slapen")
    pk = planned.pk

    cancel_planned_talk(planned_talk=planned, by=pm_a)

    assert not PlannedTalk.objects.exists()
    assert not PreTalkAnswer.objects.exists()
    event = AuditEvent.objects.get(object_type="planned_talk")
    assert (event.action, event.object_id) == (Action.DELETE, pk)


# --- the page ---------------------------------------------------------------------------


def test_plan_page_lists_the_childs_parents_ticked(client_for, pm_a, child_a, parent_a):
    response = client_for(pm_a).get(plan_url(child_a))

    assert response.status_code == 200
    assertContains(response, "Anouk de Vries (nog geen account voor het ouderportaal")
    assertContains(response, 'name="soort"')
    assertContains(response, "checked")
    # Only sit-down kinds can be planned.
    assertContains(response, 'value="tienminutengesprek"')
    assert 'value="breng"' not in response.content.decode()


def test_plan_page_saves_and_goes_to_the_preparation(client_for, pm_a, child_a, parent_a, notified):
    response = client_for(pm_a).post(plan_url(child_a), post_data([parent_a]), follow=True)

    assertRedirects(response, reverse("prepare", args=[child_a.pk]))
    assertContains(response, "Het gesprek is gepland.")
    talk = PlannedTalk.objects.get()
    assert (talk.planned_for, list(talk.parents.all())) == (NEXT_WEEK, [parent_a])
    assert notified == [([parent_a.pk], "question")]
    assertContains(response, "nog niet beantwoord")


def test_a_past_date_is_refused_at_the_field_in_dutch(client_for, pm_a, child_a, parent_a):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = client_for(pm_a).post(
        plan_url(child_a), post_data([parent_a], soort="evaluatie", planned_for=yesterday)
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["planned_for"] == ["Kies vandaag of een latere datum."]
    assert form["kind"].value() == "evaluatie"  # the other input is kept
    assert not PlannedTalk.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"soort": "breng"}, "kind"),
        ({"planned_for": ""}, "planned_for"),
        ({"planned_for": "31-02-2027"}, "planned_for"),
        ({"parents": ""}, "parents"),
    ],
)
def test_bad_input_is_refused_at_its_field(client_for, pm_a, child_a, parent_a, change, field):
    response = client_for(pm_a).post(plan_url(child_a), {**post_data([parent_a]), **change})

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not PlannedTalk.objects.exists()


def test_a_parent_of_another_child_cannot_be_asked(client_for, pm_a, child_a, parent_a, parent_b):
    response = client_for(pm_a).post(plan_url(child_a), post_data([parent_a, parent_b]))

    assert "parents" in response.context["form"].errors
    assert not PlannedTalk.objects.exists()


def test_any_colleague_of_the_location_may_plan(client_for, pm_a2, child_a, parent_a, notified):
    response = client_for(pm_a2).post(plan_url(child_a), post_data([parent_a]))

    assert response.status_code == 302
    assert PlannedTalk.objects.get().planned_by == pm_a2.staff_member


@pytest.mark.parametrize("role", ["pm_b", "outsider", "parent_user"])
def test_outside_the_scope_planning_is_a_404(client_for, request, child_a, parent_a, role):
    client = client_for(request.getfixturevalue(role))

    assert client.get(plan_url(child_a)).status_code == 404
    assert client.post(plan_url(child_a), post_data([parent_a])).status_code == 404
    assert not PlannedTalk.objects.exists()


# --- cancelling -------------------------------------------------------------------------


def test_cancel_goes_back_to_the_preparation(client_for, pm_a, child_a, planned):
    response = client_for(pm_a).post(reverse("talk_plan_cancel", args=[planned.pk]), follow=True)

    assertRedirects(response, reverse("prepare", args=[child_a.pk]))
    assertContains(response, "Het geplande gesprek is geannuleerd.")
    assert not PlannedTalk.objects.exists()


def test_a_colleague_may_not_cancel_someone_elses_planned_talk(client_for, pm_a2, planned):
    """The parents' answers go with a cancelled talk: only who planned it, or a manager."""
    response = client_for(pm_a2).post(reverse("talk_plan_cancel", args=[planned.pk]))

    assert response.status_code == 403
    assert PlannedTalk.objects.filter(pk=planned.pk).exists()


def test_a_manager_may_cancel_a_planned_talk(client_for, manager_a, planned):
    client_for(manager_a).post(reverse("talk_plan_cancel", args=[planned.pk]))

    assert not PlannedTalk.objects.filter(pk=planned.pk).exists()


def test_planning_the_same_talk_twice_makes_one(pm_a, child_a, parent_a):
    """A double tap on the plan form: one planned talk, one e-mail's worth of questions."""
    day = timezone.localdate() + datetime.timedelta(days=5)
    first = plan_talk(
        child=child_a, kind="tienminutengesprek", planned_for=day, parents=[parent_a], by=pm_a
    )
    second = plan_talk(
        child=child_a, kind="tienminutengesprek", planned_for=day, parents=[parent_a], by=pm_a
    )

    assert first.pk == second.pk
    assert PlannedTalk.objects.count() == 1


def test_logging_the_talk_closes_its_questions(pm_a, child_a, parent_a):
    day = timezone.localdate() + datetime.timedelta(days=2)
    planned = plan_talk(
        child=child_a, kind="tienminutengesprek", planned_for=day, parents=[parent_a], by=pm_a
    )

    talk = log_conversation(pm_a, child_a, parents=[parent_a], kind="tienminutengesprek")

    planned.refresh_from_db()
    assert planned.held == talk
    assert not PlannedTalk.objects.upcoming().exists()


def test_a_parent_without_authority_is_not_asked(pm_a, child_a, org):
    father = make_parent(org, first_name="Kees", last_name="de Vries")
    link_parent(child_a, father, has_parental_authority=False)

    with pytest.raises(ValidationError) as raised:
        plan_talk(
            child=child_a,
            kind="tienminutengesprek",
            planned_for=timezone.localdate() + datetime.timedelta(days=3),
            parents=[father],
            by=pm_a,
        )

    assert "gezag" in str(raised.value.message_dict["parents"])


@pytest.mark.parametrize("role", ["pm_b", "outsider", "parent_user"])
def test_outside_the_scope_cancelling_is_a_404(client_for, request, planned, role):
    response = client_for(request.getfixturevalue(role)).post(
        reverse("talk_plan_cancel", args=[planned.pk])
    )

    assert response.status_code == 404
    assert PlannedTalk.objects.filter(pk=planned.pk).exists()


def test_cancel_answers_only_post(client_for, pm_a, planned):
    response = client_for(pm_a).get(reverse("talk_plan_cancel", args=[planned.pk]))

    assert response.status_code == 405
    assert PlannedTalk.objects.exists()
