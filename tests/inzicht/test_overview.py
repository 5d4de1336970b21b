"""The manager's overview, checked against numbers worked out by hand on a small data set.

Today is frozen at Wednesday 11 June 2025. The period asked for is 21 April - 25 May 2025.
At location A (manager_a's):

talk   when (2025)     kind        by     child  levels        score  notes
sam    Fri 18 Apr 10h  ten-minute  pm_a   Sam    1:0           0      before the period
a1     Tue 22 Apr 10h  intake      pm_a   Emma   1:1 5:1       33.3
a2     Tue  6 May 10h  ten-minute  pm_a   Emma   1:3 5:2 9:1   66.7   parent_a
a3     Wed  7 May  8h  drop-off    pm_a2  Noor   1:3 2:3       100    Henk
a4     Tue 13 May 17h  pick-up     pm_a2  Noor   -             -      Henk, escalated
a5     Tue 20 May 10h  evaluation  pm_a   Emma   1:1 5:1 9:1   33.3   ended early
after  Wed  4 Jun  8h  drop-off    pm_a   Emma   1:0           0      after the period

Team average per tip: 1 -> 8/4 = 2.0; 2 -> 3.0 (1); 5 -> 4/3 = 1.3 (3); 9 -> 2/2 = 1.0.
Per staff member: Maartje (a1 a2 a5) 1 -> 1.7, 5 -> 1.3, 9 -> 1.0; Sanne (a3) 1 -> 3.0, 2 -> 3.0.
Per month: April 33.3 (1 talk), May (66.7 + 100 + 33.3) / 3 = 66.7 (3 talks).
Children: Emma last talked to a week ago, Noor 4 weeks, Sam 7.7 weeks, Vera never.
"""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from gesprekken.models import FollowUp, Tip
from inzicht.dashboard import HARDEST_TIP_MIN_SCORES
from ouders.models import Relationship
from tests.factories import link_parent, make_child, make_children, make_parent

from .helpers import (
    at,
    bulk_talks,
    content,
    items,
    nl,
    nl_date,
    nl_lazy,
    nl_template,
    section,
    table,
    talk,
    text,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

URL = reverse("overview")
PERIOD = {"van": "2025-04-21", "tot": "2025-05-25"}
# One aggregate query per block; the own-stance share per team and month (#11) is a new block.
OVERVIEW_MAX_QUERIES = 18


TREND_CAPTION = (
    "Average score (%) per month of the conversations whose score is complete enough to count"
)


@pytest.fixture
def data(
    pm_a, pm_a2, pm_b, outsider, org, group_a, group_b, other_group, child_a, parent_a,
    child_b, parent_b, other_child, other_parent,
):  # fmt: skip
    noor = make_child(group_a, first_name="Noor", last_name="Dekker")
    henk = make_parent(org, first_name="Henk", last_name="Dekker")
    link_parent(noor, henk, relationship=Relationship.FATHER)
    sam = make_child(group_a, first_name="Sam", last_name="Stil")
    vera = make_child(group_a, first_name="Vera", last_name="Nooit")
    talks = {
        "sam": talk(pm_a, sam, when=at(2025, 4, 18), levels={1: 0}),
        "a1": talk(
            pm_a,
            child_a,
            kind="intake",
            when=at(2025, 4, 22),
            levels={1: 1, 5: 1},
            follow_ups=[
                {
                    "description": "Oude afspraak, al gedaan",
                    "due_date": datetime.date(2025, 5, 1),
                    "done_at": at(2025, 5, 2),
                }
            ],
        ),
        "a2": talk(
            pm_a,
            child_a,
            when=at(2025, 5, 6),
            parents=[parent_a],
            levels={1: 3, 5: 2, 9: 1},
            follow_ups=[
                {
                    "description": "Slaapzak meenemen",
                    "due_date": datetime.date(2025, 6, 1),
                    "owner_staff": pm_a.staff_member,
                },
                {"description": "Fotoboek delen", "due_date": datetime.date(2025, 6, 20)},
            ],
        ),
        "a3": talk(
            pm_a2, noor, kind="breng", when=at(2025, 5, 7, 8), parents=[henk], levels={1: 3, 2: 3}
        ),
        "a4": talk(
            pm_a2, noor, kind="haal", when=at(2025, 5, 13, 17), parents=[henk], escalated=True
        ),
        "a5": talk(
            pm_a,
            child_a,
            kind="evaluatie",
            when=at(2025, 5, 20),
            ended_early=True,
            levels={1: 1, 5: 1, 9: 1},
            follow_ups=[
                {
                    "description": "Logopedie bellen",
                    "due_date": datetime.date(2025, 5, 25),
                    "owner_parent": parent_a,
                }
            ],
        ),
        "after": talk(
            pm_a, child_a, kind="breng", when=at(2025, 6, 4, 8), parents=[parent_a], levels={1: 0}
        ),
    }
    # Location B and the other organisation: the same kinds of signals, never shown to manager_a.
    make_child(group_b, first_name="Bram", last_name="Stilte")
    talk(
        pm_b,
        child_b,
        kind="breng",
        when=at(2025, 5, 6, 8),
        parents=[parent_b],
        escalated=True,
        levels={1: 0, 2: 0},
        follow_ups=[{"description": "Afspraak op Klaproos", "due_date": datetime.date(2025, 5, 1)}],
    )
    make_child(other_group, first_name="Wim", last_name="Zee")
    talk(
        outsider,
        other_child,
        kind="breng",
        when=at(2025, 5, 6, 8),
        parents=[other_parent],
        escalated=True,
        levels={1: 0},
        follow_ups=[{"description": "Afspraak Vuurtoren", "due_date": datetime.date(2025, 5, 1)}],
    )
    return {"talks": talks, "noor": noor, "henk": henk, "sam": sam, "vera": vera}


def tip_titles() -> dict[int, str]:
    return {tip.number: tip.title_nl for tip in Tip.objects.standard()}


def chart_data(response) -> dict:
    match = re.search(
        r'<script id="chart-data" type="application/json">(.*?)</script>', content(response)
    )
    assert match
    return json.loads(match.group(1))


def badge(fragment: str) -> str:
    return text(re.search(r'<span class="badge[^"]*">(.*?)</span>', fragment).group(1))


@pytest.fixture
def page(client_for, manager_a, data):
    response = client_for(manager_a).get(URL, PERIOD)
    assert response.status_code == 200
    return response


# --- access ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager_a", "admin_user"])
def test_managers_and_admins_open_the_overview(client_for, request, who):
    assert client_for(request.getfixturevalue(who)).get(URL).status_code == 200


def test_requires_login(client):
    assertRedirects(client.get(URL), f"{reverse('login')}?next={URL}")


@pytest.mark.parametrize("who", ["pm_a", "outsider", "no_staff_user"])
def test_pms_and_users_without_staff_record_get_403(client_for, request, who):
    assert client_for(request.getfixturevalue(who)).get(URL).status_code == 403


def test_rejects_post(client_for, manager_a):
    assert client_for(manager_a).post(URL, PERIOD).status_code == 405


# --- the blocks, by hand ---------------------------------------------------------------------


def test_conversations_per_week_per_kind(page):
    rows = table(section(page, "weekly-h"), nl("Conversations per week (week starting) and kind"))
    kinds = ["Drop-off talk", "Pick-up talk", "Ten-minute talk", "Intake", "Evaluation"]

    assert rows[0] == [nl("Week of"), *[nl(k) for k in kinds], nl("Total")]
    by_week = {row[0]: row[1:] for row in rows[1:]}
    assert by_week[nl_date(datetime.date(2025, 4, 21), "j M Y")] == ["0", "0", "0", "1", "0", "1"]
    assert by_week[nl_date(datetime.date(2025, 5, 5), "j M Y")] == ["1", "0", "1", "0", "0", "2"]
    assert by_week[nl_date(datetime.date(2025, 5, 12), "j M Y")] == ["0", "1", "0", "0", "0", "1"]
    assert by_week[nl_date(datetime.date(2025, 5, 19), "j M Y")] == ["0", "0", "0", "0", "1", "1"]
    weekly = chart_data(page)["weekly"]
    assert [s["label"] for s in weekly["series"]] == [nl(k) for k in kinds]
    per_week = zip(*[s["data"] for s in weekly["series"]], strict=True)
    counts = dict(zip(weekly["labels"], per_week, strict=True))
    # The chart's weeks are worded in Dutch, as the table's are (no ISO dates).
    assert counts.pop(nl_date(datetime.date(2025, 4, 21), "j M")) == (0, 0, 0, 1, 0)
    assert counts.pop(nl_date(datetime.date(2025, 5, 5), "j M")) == (1, 0, 1, 0, 0)
    assert counts.pop(nl_date(datetime.date(2025, 5, 12), "j M")) == (0, 1, 0, 0, 0)
    assert counts.pop(nl_date(datetime.date(2025, 5, 19), "j M")) == (0, 0, 0, 0, 1)
    assert all(week == (0, 0, 0, 0, 0) for week in counts.values())


def test_a_week_without_conversations_shows_zero(page):
    rows = table(section(page, "weekly-h"), nl("Conversations per week (week starting) and kind"))
    weeks = [row[0] for row in rows[1:]]
    assert weeks == [
        nl_date(datetime.date(2025, 4, 21) + datetime.timedelta(weeks=n), "j M Y") for n in range(5)
    ]
    assert rows[2][1:] == ["0", "0", "0", "0", "0", "0"]  # week of 28 April


def test_team_average_per_tip(page):
    titles = tip_titles()
    block = section(page, "tips-h")
    rows = table(block, nl("Average level per tip (0–3) and number of scores"))
    # Only talks whose score is complete enough count: a2 (3, 2, 1) and a5 (1, 1, 1); the
    # one- and two-tip scores (sam, a1, the drop-off a3) stay out.
    expected = {1: ("2,0", "2"), 5: ("1,5", "2"), 9: ("1,0", "2")}

    assert rows[1:] == [[f"{n}. {titles[n]}", *expected.get(n, ("–", "0"))] for n in range(1, 11)]
    assert chart_data(page)["tips"]["data"] == [
        2.0,
        None,
        None,
        None,
        1.5,
        None,
        None,
        None,
        1.0,
        None,
    ]
    # Two scores per tip are too few to name the hardest tip; the page says how many count.
    assert "subject for coaching" not in text(block) and "coaching of training" not in text(block)
    assert str(HARDEST_TIP_MIN_SCORES) in text(block)


def test_per_staff_member_matrix(page):
    rows = table(section(page, "tips-h"), nl("Average level per tip and staff member (0–3)"))
    dash = "–"
    titles = tip_titles()

    # A row per tip, headed by its name (readable at any width); a column per staff member.
    # Sanne's only scored talk (a3, two tips) is incomplete: it counts for nobody.
    assert rows[0][:2] == [nl("Tip"), "Maartje Visser"]
    assert [row[0] for row in rows[1:]] == [f"{n}. {titles[n]}" for n in range(1, 11)]
    levels = {n: row[1] for n, row in enumerate(rows[1:], start=1)}
    assert levels[1] == "2,0" and levels[5] == "1,5" and levels[9] == "1,0"
    assert all(levels[n] == dash for n in (2, 3, 4, 6, 7, 8, 10))


def test_monthly_trend(page):
    rows = table(section(page, "trend-h"), nl_template(TREND_CAPTION))

    # April has only incomplete scores; May: a2 (67 %) and a5 (33 %), a3 incomplete.
    assert rows[1:] == [[nl_date(datetime.date(2025, 5, 1), "F Y"), "50 %", "2"]]
    assert chart_data(page)["trend"] == {
        "labels": [nl_date(datetime.date(2025, 5, 1), "M Y")],
        "data": [50],
    }


def test_reach_alert_lists_quiet_children_longest_silence_first(page):
    block = section(page, "reach-h")
    listed = items(block)

    assert nl("No conversation in %(weeks)s weeks") % {"weeks": 6} in text(block)
    assert badge(block) == "2"
    assert len(listed) == 2
    assert listed[0] == f"Vera Nooit · Rupsjes · {nl('never')}"
    sam_last = nl_date(datetime.date(2025, 4, 18), "j M Y")
    assert listed[1] == f"Sam Stil · Rupsjes · {nl('last')} {sam_last}"
    assert "Emma" not in text(block)  # talked to last week
    assert "Noor" not in text(block)  # four weeks ago


def test_reach_alert_follows_the_organisation_setting(client_for, admin_user, manager_a, data):
    response = client_for(admin_user).post(
        reverse("organization_settings"),
        {"reach_alert_weeks": 3, "sit_down_alert_months": 12, "retention_months": 24},
    )
    assert response.status_code == 302

    block = section(client_for(manager_a).get(URL, PERIOD), "reach-h")

    assert nl("No conversation in %(weeks)s weeks") % {"weeks": 3} in text(block)
    assert [item.split(" · ")[0] for item in items(block)] == [
        "Vera Nooit",
        "Sam Stil",
        "Noor Dekker",
    ]

    client_for(admin_user).post(
        reverse("organization_settings"),
        {"reach_alert_weeks": 8, "sit_down_alert_months": 12, "retention_months": 24},
    )
    block = section(client_for(manager_a).get(URL, PERIOD), "reach-h")
    assert [item.split(" · ")[0] for item in items(block)] == ["Vera Nooit"]


def test_handover_only_parents(page):
    block = section(page, "door-h")

    # parent_a also had a ten-minute talk. Each parent says whose parent they are.
    assert items(block) == [
        f"Henk Dekker · {nl('parent of')} Noor (Rupsjes) {nl('Their conversations')}"
    ]
    assert badge(block) == "1"


def test_overdue_agreements_oldest_first_with_owner(page):
    block = section(page, "overdue-h")
    due = nl("due")

    assert items(block) == [
        f"Logopedie bellen Emma de Vries (Rupsjes) · {due}"
        f" {nl_date(datetime.date(2025, 5, 25), 'j M Y')} · Anouk de Vries",
        f"Slaapzak meenemen Emma de Vries (Rupsjes) · {due}"
        f" {nl_date(datetime.date(2025, 6, 1), 'j M Y')} · Maartje Visser",
    ]
    assert badge(block) == "2"


def test_escalated_or_ended_early_in_the_period(page):
    block = section(page, "esc-h")

    # Who: the child, the group and the parents who were there.
    assert items(block) == [
        f"{nl('Evaluation')} · Emma de Vries (Rupsjes) ·"
        f" {nl_date(datetime.date(2025, 5, 20), 'j M Y')} · Maartje Visser",
        f"{nl('Pick-up talk')} · Noor Dekker (Rupsjes) ·"
        f" {nl_date(datetime.date(2025, 5, 13), 'j M Y')} · Sanne de Boer"
        f" {nl('with')} Henk Dekker",
    ]
    assert badge(block) == "2"
    history = re.search(
        r'href="(/gesprekken/geschiedenis/\?verloop=escalatie[^"]*)"', content(page)
    )
    assert history and "van=2025-04-21" in history.group(1) and "tot=2025-05-25" in history.group(1)


def test_nothing_of_location_b_or_the_other_organisation(page):
    for foreign in [
        "Klaproos", "Daan", "Bram", "Mohammed", "Kees Mulder",
        "Vuurtoren", "Bakker", "Wim", "Lotte", "Olaf",
    ]:  # fmt: skip
        assertNotContains(page, foreign)


def test_admin_sees_location_b_and_can_narrow_to_it(client_for, admin_user, data, location_b):
    client = client_for(admin_user)
    everything = client.get(URL, PERIOD)
    assert "Bram Stilte" in text(section(everything, "reach-h"))
    assertNotContains(everything, "Wim")

    only_b = client.get(URL, {**PERIOD, "locatie": location_b.pk})
    assertContains(only_b, "Klaproos")
    assert [item.split(" · ")[0] for item in items(section(only_b, "reach-h"))] == ["Bram Stilte"]
    assert items(section(only_b, "door-h"))[0].startswith("Mohammed Jansen · ")
    assert [i.split(" · ")[0] for i in items(section(only_b, "overdue-h"))] == [
        "Afspraak op Klaproos Daan Jansen (Ontdekkers)"
    ]
    assertNotContains(only_b, "Henk Dekker")


# --- period and location validation ----------------------------------------------------------


def default_period_line() -> str:
    return nl("Period: %(start)s – %(end)s") % {
        "start": nl_date(datetime.date(2025, 3, 12), "j M Y"),
        "end": nl_date(datetime.date(2025, 6, 11), "j M Y"),
    }


def test_default_period_is_the_last_13_weeks(client_for, manager_a, data):
    response = client_for(manager_a).get(URL)
    assert default_period_line() in text(content(response))


def test_end_before_start_shows_an_error_and_uses_the_default(client_for, manager_a, data):
    response = client_for(manager_a).get(URL, {"van": "2025-05-10", "tot": "2025-05-01"})

    assert response.status_code == 200
    assertContains(response, nl("The end date cannot be before the start date."))
    assertContains(response, 'id="error_1_id_tot"')  # at the field
    assert default_period_line() in text(content(response))
    assertContains(response, 'value="2025-05-10"')  # what the user typed stays
    # The default period (12 March - 11 June) holds all seven talks at A, "sam" and "after" too.
    rows = table(
        section(response, "weekly-h"), nl("Conversations per week (week starting) and kind")
    )
    assert sum(int(row[-1]) for row in rows[1:]) == 7


def test_period_longer_than_two_years_is_refused(client_for, manager_a, data):
    response = client_for(manager_a).get(URL, {"van": "2022-01-01", "tot": "2025-05-01"})
    assertContains(response, nl("Choose a period of at most two years."))
    assert default_period_line() in text(content(response))


def test_foreign_location_is_a_form_error_and_shows_nothing_foreign(
    client_for, admin_user, other_location, data
):
    response = client_for(admin_user).get(URL, {**PERIOD, "locatie": other_location.pk})

    assert response.status_code == 200
    invalid = forms.ModelChoiceField.default_error_messages["invalid_choice"]
    assertContains(response, nl_lazy(invalid))
    assertContains(response, 'id="error_1_id_locatie"')  # at the field
    assert default_period_line() in text(content(response))
    for foreign in ["Vuurtoren", "Wim", "Bakker", "Afspraak Vuurtoren", "Lotte"]:
        assertNotContains(response, foreign)


def test_manager_with_one_location_cannot_pick_another(client_for, manager_a, location_b, data):
    response = client_for(manager_a).get(URL, {**PERIOD, "locatie": location_b.pk})

    assert response.status_code == 200
    assertNotContains(response, "Klaproos")
    assertNotContains(response, "Bram")
    assert "Vera Nooit" in text(section(response, "reach-h"))


# --- query counts ----------------------------------------------------------------------------


def _grow(pm, group, parent_org, n: int) -> None:
    """n conversations, n/10 quiet children with a parent, n/10 overdue agreements."""
    children = make_children(group, max(n // 10, 1), prefix="Stil")
    for child in children:
        link_parent(child, make_parent(parent_org))
    talkers = make_children(group, 5, prefix="Prater")
    rows = bulk_talks(pm, talkers, n, start=at(2025, 4, 1))
    FollowUp.objects.bulk_create(
        FollowUp(
            conversation=row, description=f"Afspraak {row.pk}", due_date=datetime.date(2025, 5, 1)
        )
        for row in rows[: max(n // 10, 1)]
    )


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["manager_a", "admin_user"])
def test_query_count_does_not_grow_with_data(client_for, request, who, pm_a, group_a, org):
    """guards against N+1"""
    client = client_for(request.getfixturevalue(who))
    client.get(URL)  # warm up
    _grow(pm_a, group_a, org, 20)
    small = _queries(client)
    _grow(pm_a, group_a, org, 180)
    large = _queries(client)

    assert small == large
    assert large <= OVERVIEW_MAX_QUERIES


# --- the kept totals (inzicht/rollups/) -------------------------------------------------


def test_deleted_and_moved_talks_leave_the_blocks(client_for, manager_a, pm_a, data):
    """Totals that fell to zero show nothing: no empty kind column, no month, no badge."""
    talks = data["talks"]
    talks["a1"].delete()  # the only intake
    talks["a5"].delete()  # the only evaluation, ended early
    talks["a4"].delete()  # the escalated pick-up

    response = client_for(manager_a).get(URL, PERIOD)

    rows = table(
        section(response, "weekly-h"), nl("Conversations per week (week starting) and kind")
    )
    assert rows[0] == [nl("Week of"), nl("Drop-off talk"), nl("Ten-minute talk"), nl("Total")]
    trend = table(
        section(response, "trend-h"),
        nl_template(TREND_CAPTION),
    )
    assert trend[1:] == [[nl_date(datetime.date(2025, 5, 1), "F Y"), "67 %", "1"]]
    assert badge(section(response, "esc-h")) == "0"
    assert items(section(response, "esc-h")) == [nl("None in this period.")]


def test_sit_down_alert_follows_the_organisation_setting(client_for, manager_a, admin_user, data):
    """Henk's only talks are at the door; with a one-month window parent_a (ten-minute talk
    on 6 May, five weeks before today) joins him."""
    block = section(client_for(manager_a).get(URL, PERIOD), "door-h")
    assert badge(block) == "1"

    client_for(admin_user).post(
        reverse("organization_settings"),
        {"reach_alert_weeks": 6, "sit_down_alert_months": 1, "retention_months": 24},
    )
    block = section(client_for(manager_a).get(URL, PERIOD), "door-h")
    assert badge(block) == "2"


def test_show_all_lifts_the_list_limit(client_for, manager_a, group_a, data):
    make_children(group_a, 30, prefix="Stil")
    client = client_for(manager_a)

    cut = section(client.get(URL, PERIOD), "reach-h")
    assert len(items(cut)) == 25
    assert "alle=1" in cut

    full = section(client.get(URL, {**PERIOD, "alle": "1"}), "reach-h")
    assert len(items(full)) == int(badge(full)) > 25
