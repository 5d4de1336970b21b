"""The sit-down form: conversation, checklist, agreements and the speaking-time meter.

Bad input gets a message at the field, everything typed stays in the form, and
nothing is half-saved: no conversation, no agreement, no tip score.
"""

from __future__ import annotations

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from gesprekken.models import Conversation, FollowUp, Preparation, TipScore

from .helpers import days_ago, local_input, nl, shown, sit_down_data

pytestmark = pytest.mark.django_db

INVALID_CHOICE = "Select a valid choice. %(value)s is not one of the available choices."
NOT_SAVED = "Not saved yet: please correct the fields marked below."


def _url(child) -> str:
    return reverse("conversation_create", args=[child.pk])


def field_errors(response, field: str) -> str:
    """The error text shown under a crispy field (what aria-describedby points to)."""
    match = re.search(
        rf'<div id="id_{field}_error" class="invalid-feedback">(.*?)</div>',
        response.content.decode(),
        re.S,
    )
    return match.group(1) if match else ""


def nothing_saved() -> bool:
    return (
        not Conversation.objects.exists()
        and not FollowUp.objects.exists()
        and not TipScore.objects.exists()
    )


# --- access ---------------------------------------------------------------------------


def test_get_shows_the_empty_form(client_for, pm_a, child_a, parent_a, tips):
    response = client_for(pm_a).get(_url(child_a))

    assert response.status_code == 200
    assertContains(response, "Emma de Vries")
    assertContains(response, "Anouk de Vries")
    for number, tip in tips.items():
        assertContains(response, f'name="checklist-tip_{number}"', count=5)  # n.v.t. + 0-3
        assertContains(response, tip.title_nl)
    assertContains(response, 'name="afspraken-TOTAL_FORMS"')
    assertContains(response, 'name="idempotency_key"')
    # Handover talks have their own quick form.
    assertNotContains(response, '<option value="breng"')


def test_requires_login(client, child_a):
    url = _url(child_a)
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")
    assert client.post(url, sit_down_data()).status_code == 302
    assert nothing_saved()


@pytest.mark.parametrize("user", ["pm_b", "outsider", "no_staff_user"])
def test_child_outside_scope_is_404(client_for, request, child_a, user):
    client = client_for(request.getfixturevalue(user))

    assert client.get(_url(child_a)).status_code == 404
    assert client.post(_url(child_a), sit_down_data(levels={1: 3})).status_code == 404
    assert nothing_saved()


def test_missing_child_is_404(client_for, pm_a, child_a):
    assert (
        client_for(pm_a).get(reverse("conversation_create", args=[child_a.pk + 999])).status_code
        == 404
    )


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_rejects_other_methods(client_for, pm_a, child_a, method):
    assert getattr(client_for(pm_a), method)(_url(child_a)).status_code == 405
    assert nothing_saved()


# --- a valid conversation ---------------------------------------------------------------


def test_saves_conversation_checklist_and_agreements(
    client_for, pm_a, pm_a2, child_a, parent_a, tips
):
    due = timezone.localdate() + datetime.timedelta(days=14)
    data = sit_down_data(
        parents=[parent_a],
        co_staff=[str(pm_a2.staff_member.pk)],
        topics=["slapen", "ouderparticipatie"],
        parent_stance="timide",
        own_stance="naast",
        parent_view="Thuis slaapt ze wel goed.",
        # 5 is n.v.t., 6/9/10 stay open (tip 2 would be refused: see below).
        levels={1: 3, 3: 2, 4: 1, 5: "nvt", 7: 0},
        agreements=[
            {
                "description": "Slaapritme thuis een week bijhouden",
                "owner": f"parent:{parent_a.pk}",
                "due_date": due.isoformat(),
            },
            {
                "description": "Terugkoppelen in het volgende gesprek",
                "owner": f"staff:{pm_a.staff_member.pk}",
                "due_date": due.strftime("%d-%m-%Y"),
            },
        ],
    )

    response = client_for(pm_a).post(_url(child_a), data)

    conversation = Conversation.objects.get()
    assertRedirects(response, reverse("conversation_detail", args=[conversation.pk]))
    assert conversation.kind == "tienminutengesprek"
    assert conversation.author == pm_a.staff_member
    assert conversation.location_id == child_a.location_id
    assert conversation.parent_stance == "timide"
    assert conversation.participation_discussed
    assert list(conversation.parents.all()) == [parent_a]
    assert list(conversation.co_staff.all()) == [pm_a2.staff_member]
    assert conversation.duration_minutes == 20
    # Applicable: 1, 3, 4 (participation), 6, 7 (timid), 9, 10 = 7 (5 is n.v.t.).
    # Scored: 1, 3, 4, 7 = 3 + 2 + 1 + 0 = 6 of 4 x 3 = 12 -> 50 %.
    assert conversation.score_percentage == Decimal("50.0")
    assert (conversation.score_scored, conversation.score_applicable) == (4, 7)
    assert dict(conversation.tip_scores.values_list("tip__number", "level")) == {
        1: 3,
        3: 2,
        4: 1,
        5: None,
        7: 0,
    }
    agreements = list(conversation.follow_ups.order_by("description"))
    assert [(a.description, a.owner_parent, a.owner_staff, a.due_date) for a in agreements] == [
        ("Slaapritme thuis een week bijhouden", parent_a, None, due),
        ("Terugkoppelen in het volgende gesprek", None, pm_a.staff_member, due),
    ]
    assert conversation.history.count() == 1

    detail = client_for(pm_a).get(response.url)
    assertContains(detail, "Emma slaapt slecht sinds de verhuizing.")
    assertContains(detail, "Thuis slaapt ze wel goed.")
    assertContains(detail, "Slaapritme thuis een week bijhouden")
    assertContains(detail, "Anouk de Vries")
    assertContains(detail, "50 %")


def test_blank_extra_agreement_row_is_ignored(client_for, pm_a, child_a):
    data = sit_down_data(agreements=[{"description": "", "owner": "", "due_date": ""}])

    response = client_for(pm_a).post(_url(child_a), data)

    assert response.status_code == 302
    assert Conversation.objects.count() == 1
    assert not FollowUp.objects.exists()


def test_double_submit_saves_once(client_for, pm_a, child_a):
    client = client_for(pm_a)
    data = sit_down_data(levels={1: 3}, agreements=[{"description": "Bellen", "owner": ""}])

    first = client.post(_url(child_a), data)
    second = client.post(_url(child_a), data)

    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert Conversation.objects.count() == 1
    assert FollowUp.objects.count() == 1
    assert TipScore.objects.count() == 1


@pytest.mark.parametrize("level", ["4", "-1", "veel"])
def test_checklist_level_out_of_range_saves_nothing(client_for, pm_a, child_a, level):
    response = client_for(pm_a).post(_url(child_a), sit_down_data(levels={1: level, 5: 2}))

    assert response.status_code == 200
    assertContains(response, nl(INVALID_CHOICE, value=level))
    assertContains(response, 'name="checklist-tip_5" id="id_checklist-tip_5_3" value="2" checked')
    assert nothing_saved()


# --- one bad agreement: nothing saved, everything kept --------------------------------------


@pytest.mark.parametrize(
    ("field", "bad_value", "message"),
    [
        ("due_date", "31-02-2026", "Enter a valid date."),
        ("description", "x" * 501, None),
        ("owner", "staff:{outsider}", INVALID_CHOICE),
    ],
    ids=["impossible-date", "description-too-long", "owner-of-another-organisation"],
)
def test_one_bad_agreement_saves_nothing(
    client_for, pm_a, outsider, child_a, parent_a, field, bad_value, message
):
    bad_value = bad_value.format(outsider=outsider.staff_member.pk)
    bad_row = {"description": "Logopedie aanvragen", "owner": "", "due_date": ""}
    bad_row[field] = bad_value
    data = sit_down_data(
        parents=[parent_a],
        summary="Samenvatting die niet verloren mag gaan",
        levels={1: 3, 5: 2},
        agreements=[
            {"description": "Slaapritme bijhouden", "owner": f"parent:{parent_a.pk}"},
            bad_row,
        ],
    )

    response = client_for(pm_a).post(_url(child_a), data)

    assert response.status_code == 200
    assert nothing_saved()
    assertContains(response, nl(NOT_SAVED))
    if message:
        assertContains(response, nl(message, value=bad_value))
    assert re.search(
        rf'<(input|select)(?=[^>]*name="afspraken-1-{field}")'
        r'(?=[^>]*class="form-(control|select) is-invalid")',
        response.content.decode(),
    )
    # What the user typed is still there.
    assertContains(response, "Samenvatting die niet verloren mag gaan")
    assertContains(response, 'value="Slaapritme bijhouden"')
    assertContains(response, f'<option value="parent:{parent_a.pk}" selected>')
    assertContains(response, 'name="checklist-tip_1" id="id_checklist-tip_1_4" value="3" checked')
    assertContains(response, 'name="checklist-tip_5" id="id_checklist-tip_5_3" value="2" checked')
    if field != "owner":
        assertContains(response, f'value="{bad_value}"')


# --- date and time ----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_time_in_the_dst_gap_is_rejected_at_the_field(client_for, pm_a, child_a, language):
    client = client_for(pm_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    # On 29 March 2026 the clocks in the Netherlands jumped from 02:00 to 03:00.
    response = client.post(_url(child_a), sit_down_data(occurred_at="2026-03-29T02:30"))

    assert response.status_code == 200
    expected = shown(
        "%(time)s does not exist in the Netherlands: the clocks went forward an hour "
        "that night. Choose another time.",
        language,
        time="29-03-2026 02:30",
    )
    assert expected in field_errors(response, "occurred_at")
    assertContains(response, 'value="2026-03-29T02:30"')
    assert nothing_saved()


def test_time_just_after_the_dst_gap_is_fine(client_for, pm_a, child_a):
    response = client_for(pm_a).post(_url(child_a), sit_down_data(occurred_at="2026-03-29T03:30"))

    assert response.status_code == 302
    occurred = Conversation.objects.get().occurred_at
    assert occurred == datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.UTC)


def test_future_time_is_rejected(client_for, pm_a, child_a):
    tomorrow = timezone.now() + datetime.timedelta(days=1)

    response = client_for(pm_a).post(_url(child_a), sit_down_data(occurred_at=tomorrow))

    assert response.status_code == 200
    assert nl("A conversation cannot be in the future. Log it after it took place.") in (
        field_errors(response, "occurred_at")
    )
    assert nothing_saved()


def test_time_that_does_not_parse_is_rejected(client_for, pm_a, child_a):
    response = client_for(pm_a).post(_url(child_a), sit_down_data(occurred_at="gisteren"))

    assert response.status_code == 200
    assert nl("Enter a valid date/time.") in field_errors(response, "occurred_at")
    assert nothing_saved()


# --- the speaking-time meter --------------------------------------------------------------


@pytest.mark.parametrize(
    ("staff", "parent", "field"),
    [("5", "", "parent_minutes"), ("", "4.5", "staff_minutes")],
)
def test_only_one_speaking_time_is_an_error(client_for, pm_a, child_a, staff, parent, field):
    data = sit_down_data(staff_minutes=staff, parent_minutes=parent)

    response = client_for(pm_a).post(_url(child_a), data)

    assert response.status_code == 200
    assert nl("Fill in both speaking times, or neither.") in field_errors(response, field)
    assert nothing_saved()


def test_speaking_times_longer_than_the_talk_are_an_error(client_for, pm_a, child_a):
    data = sit_down_data(duration=15, staff_minutes="10", parent_minutes="11")

    response = client_for(pm_a).post(_url(child_a), data)

    assert response.status_code == 200
    message = nl(
        "Together the speaking times (%(total)s min) are longer than the conversation "
        "(%(duration)s min).",
        total="21",
        duration="15",
    )
    assert message in field_errors(response, "parent_minutes")
    assert nothing_saved()


def test_speaking_times_within_five_minutes_of_the_duration_are_fine(client_for, pm_a, child_a):
    data = sit_down_data(duration=15, staff_minutes="10", parent_minutes="10")

    assert client_for(pm_a).post(_url(child_a), data).status_code == 302
    conversation = Conversation.objects.get()
    assert (conversation.staff_seconds, conversation.parent_seconds) == (600, 600)


def test_negative_speaking_time_is_an_error(client_for, pm_a, child_a):
    data = sit_down_data(staff_minutes="-1", parent_minutes="3")

    response = client_for(pm_a).post(_url(child_a), data)

    assert response.status_code == 200
    errors = field_errors(response, "staff_minutes")
    assert nl("Ensure this value is greater than or equal to %(limit_value)s.", limit_value=0) in (
        errors
    )
    # The typed value is wrong, not missing.
    assert nl("Fill in both speaking times, or neither.") not in errors
    assert nothing_saved()


def test_meter_proposes_the_speaking_tip(client_for, pm_a, child_a, tips):
    client = client_for(pm_a)
    data = sit_down_data(duration=15, staff_minutes="6", parent_minutes="7", levels={1: 1})

    response = client.post(_url(child_a), data)

    conversation = Conversation.objects.get()
    assert (conversation.staff_seconds, conversation.parent_seconds) == (360, 420)
    # Parents spoke 7 of 13 minutes (54 %): tip 3 "fully" (3), stored marked as proposed,
    # so every per-tip figure counts what the percentage counts. (1 + 3) / 6 = 66.7 -> 67 %
    assert conversation.score_percentage == 67
    assert (conversation.score_scored, conversation.score_applicable) == (2, 6)
    assert set(conversation.tip_scores.values_list("tip__number", "level", "proposed")) == {
        (1, 1, False),
        (3, 3, True),
    }

    detail = client.get(response.url)
    assertContains(
        detail,
        f'<tr><th scope="row" class="fw-normal">3. {tips[3].title_nl}</th>'
        f"<td>{nl('fully')} (3) · {nl('from the meter')}</td></tr>",
        html=True,
    )


def test_explicit_speaking_level_beats_the_meter(client_for, pm_a, child_a, tips):
    data = sit_down_data(duration=15, staff_minutes="6", parent_minutes="7", levels={1: 3, 3: 1})

    client_for(pm_a).post(_url(child_a), data)

    conversation = Conversation.objects.get()
    assert conversation.score_percentage == 67  # (3 + 1) / 6, half up
    assert dict(conversation.tip_scores.values_list("tip__number", "level")) == {1: 3, 3: 1}


# --- preparation ------------------------------------------------------------------------


def test_preparation_is_carried_into_the_form_and_linked(client_for, pm_a, child_a):
    client = client_for(pm_a)
    preparation = Preparation.objects.create(
        child=child_a, author=pm_a.staff_member, notes="Vragen naar het slaapritueel thuis"
    )
    url = f"{_url(child_a)}?voorbereiding={preparation.pk}"

    form = client.get(url)

    assertContains(form, "Vragen naar het slaapritueel thuis")
    assertContains(form, f'<input type="hidden" name="voorbereiding" value="{preparation.pk}">')

    response = client.post(
        url, sit_down_data(preparation_notes="Vragen naar het slaapritueel thuis")
    )

    conversation = Conversation.objects.get()
    assertRedirects(response, reverse("conversation_detail", args=[conversation.pk]))
    preparation.refresh_from_db()
    assert preparation.conversation == conversation
    assert conversation.preparation_notes == "Vragen naar het slaapritueel thuis"
    assertContains(client.get(response.url), "Vragen naar het slaapritueel thuis")


@pytest.mark.parametrize("owner", ["pm_a2", "manager_a"])
def test_preparation_of_another_user_cannot_be_used(client_for, request, pm_a, child_a, owner):
    author = request.getfixturevalue(owner)
    preparation = Preparation.objects.create(
        child=child_a, author=author.staff_member, notes="Persoonlijke notities van een collega"
    )
    client = client_for(pm_a)
    url = f"{_url(child_a)}?voorbereiding={preparation.pk}"

    form = client.get(url)

    assert form.status_code == 200
    assertNotContains(form, "Persoonlijke notities van een collega")
    assertNotContains(form, 'name="voorbereiding"')

    response = client.post(url, sit_down_data(voorbereiding=str(preparation.pk)))

    assert response.status_code == 302
    preparation.refresh_from_db()
    assert preparation.conversation is None
    assert Conversation.objects.get().preparation_notes == ""


def test_preparation_for_another_child_is_not_carried(client_for, pm_a, child_a, group_a):
    from tests.factories import make_child

    sibling = make_child(group_a, first_name="Noor", last_name="de Vries")
    preparation = Preparation.objects.create(
        child=sibling, author=pm_a.staff_member, notes="Notities over Noor"
    )

    form = client_for(pm_a).get(f"{_url(child_a)}?voorbereiding={preparation.pk}")

    assertNotContains(form, "Notities over Noor")


# --- keys ---------------------------------------------------------------------------------


def test_key_used_by_another_user_is_refused(client_for, pm_a, pm_a2, child_a):
    key = uuid.uuid4()
    assert (
        client_for(pm_a).post(_url(child_a), sit_down_data(idempotency_key=key)).status_code == 302
    )

    response = client_for(pm_a2).post(
        _url(child_a), sit_down_data(idempotency_key=key, summary="Van een collega")
    )

    assert response.status_code == 400
    assert Conversation.objects.get().author == pm_a.staff_member
    assert not Conversation.objects.filter(summary="Van een collega").exists()


def test_local_time_is_stored_as_the_moment_the_user_meant(client_for, pm_a, child_a):
    moment = days_ago(3, hour=14)

    client_for(pm_a).post(_url(child_a), sit_down_data(occurred_at=local_input(moment)))

    assert Conversation.objects.get().occurred_at == moment


def test_speaking_time_message_writes_numbers_the_dutch_way(client_for, pm_a, child_a):
    data = sit_down_data(duration=60, staff_minutes="35.5", parent_minutes="34.5")

    response = client_for(pm_a).post(_url(child_a), data)

    errors = field_errors(response, "parent_minutes")
    assert "70,0" in errors and "70.0" not in errors


def test_agreement_due_before_the_talk_is_refused_at_the_field(client_for, pm_a, child_a):
    talk_day = timezone.localdate() - datetime.timedelta(days=3)
    data = sit_down_data(
        occurred_at=f"{talk_day.isoformat()}T10:00",
        agreements=[
            {
                "description": "Bellen",
                "owner": "",
                "due_date": (talk_day - datetime.timedelta(days=1)).isoformat(),
            }
        ],
    )

    response = client_for(pm_a).post(_url(child_a), data)

    assert response.status_code == 200
    assert nothing_saved()
    assert "afspraken-0-due_date" in response.content.decode()
    formset = response.context["formset"]
    assert formset.forms[0].errors["due_date"]


def test_agreement_due_on_the_day_of_the_talk_is_fine(client_for, pm_a, child_a):
    talk_day = timezone.localdate() - datetime.timedelta(days=3)
    data = sit_down_data(
        occurred_at=f"{talk_day.isoformat()}T10:00",
        agreements=[{"description": "Bellen", "owner": "", "due_date": talk_day.isoformat()}],
    )

    response = client_for(pm_a).post(_url(child_a), data)

    assert response.status_code == 302
