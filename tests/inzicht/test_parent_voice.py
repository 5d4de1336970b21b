"""Both sides on the manager's page: the parents' "felt heard" beside the staff's own score.

Today is frozen at Wednesday 11 June 2025; the default period is January - 11 June 2025.
The figures below are worked out by hand. At location A (Zonnebloem), in May 2025, six
talks shared with three parents (P1, P2, P3):

talk  shared with  answers (felt heard)  staff score (complete?)
t1    P1, P2       P1 5, P2 4            100    yes
t2    P3           P3 3                  66.7   yes
t3    P1           P1 4                  33.3   yes
t4    P2           P2 2                  66.7   yes
t5    P3           -                     0      yes   (not answered: not in the score)
t6    P1           P1: own view only     50     no    (answered, no felt heard)

Felt heard: 5 answers (5+4+3+4+2 = 18) of 3 parents: average 3.6 of 5, on the scale
(18 - 5) / (4 x 5) = 65 %. Own score of the same talks, paired with the answers (t1 twice):
(100 + 100 + 66.7 + 33.3 + 66.7) / 5 = 73.34 -> 73 %. Answered: t1, t2, t3, t4, t6 = 5 of 6
shared talks -> 83 %.

In April at A: one talk shared with P1, answered 1 (score 50, incomplete): 1 answer, too few;
no complete score ("–"); answered 1 of 1 = 100 %.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from gesprekken.models import Conversation, ConversationShare, ParentResponse
from inzicht.parent_voice import (
    PARENT_VOICE_MIN_ANSWERS,
    PARENT_VOICE_MIN_PARENTS,
    Cell,
    Period,
    default_period,
    whole_months,
)
from tests.factories import link_parent, make_child, make_children, make_parent

from .helpers import at, bulk_talks, content, nl, nl_date, nl_template, section, table, talk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

URL = reverse("parent_voice")
CAPTION = "Felt heard (% of the scale) and own score (%) per location and month"
HEADER = ["Location", "Month", "Parents felt heard", "Own score", "Answers", "Answered"]
# Session, user with scope, two-step device, locations, three grouped queries, the audit row.
PARENT_VOICE_MAX_QUERIES = 8
MAY = datetime.date(2025, 5, 1)
APRIL = datetime.date(2025, 4, 1)


def share(conversation: Conversation, parents, *, by=None) -> ConversationShare:
    shared = ConversationShare.objects.create(
        conversation=conversation, summary_for_parents="Samenvatting voor ouders", shared_by=by
    )
    shared.parents.set(parents)
    return shared


def answer(conversation: Conversation, parent, felt_heard: int | None, **fields):
    return ParentResponse.objects.create(
        conversation=conversation, parent=parent, felt_heard=felt_heard, **fields
    )


def scored(conversation: Conversation, percentage: str, *, complete: bool = True) -> Conversation:
    """Give a talk its stored score directly (the scoring rules have their own tests)."""
    Conversation.objects.filter(pk=conversation.pk).update(
        score_percentage=Decimal(percentage), score_complete=complete
    )
    return conversation


def shared_talk(pm, child, when, parents, answers=(), *, score="50", complete=True):
    """A talk shared with ``parents``; ``answers`` is a list of (parent, felt heard)."""
    conversation = scored(talk(pm, child, when=when, parents=parents), score, complete=complete)
    share(conversation, parents)
    for parent, felt_heard in answers:
        answer(conversation, parent, felt_heard)
    return conversation


@pytest.fixture
def three_parents(org, group_a):
    parents = []
    for name in ("Pieter", "Priya", "Paula"):
        child = make_child(group_a, first_name=f"Kind van {name}")
        parent = make_parent(org, first_name=name, last_name="Ouder")
        link_parent(child, parent)
        parents.append((parent, child))
    return parents


@pytest.fixture
def data(pm_a, three_parents):
    (p1, c1), (p2, c2), (p3, c3) = three_parents
    t1 = shared_talk(pm_a, c1, at(2025, 5, 2), [p1, p2], [(p1, 5), (p2, 4)], score="100")
    shared_talk(pm_a, c3, at(2025, 5, 6), [p3], [(p3, 3)], score="66.7")
    shared_talk(pm_a, c1, at(2025, 5, 13), [p1], [(p1, 4)], score="33.3")
    shared_talk(pm_a, c2, at(2025, 5, 20), [p2], [(p2, 2)], score="66.7")
    shared_talk(pm_a, c3, at(2025, 5, 27), [p3], score="0")
    t6 = shared_talk(pm_a, c1, at(2025, 5, 28), [p1], score="50", complete=False)
    answer(t6, p1, None, own_view="Mijn eigen kijk op het gesprek")
    # April: one answer only.
    shared_talk(pm_a, c1, at(2025, 4, 15), [p1], [(p1, 1)], score="50", complete=False)
    # A talk not shared: its score and any answer stay out.
    scored(talk(pm_a, c2, when=at(2025, 5, 21), parents=[p2]), "0")
    ParentResponse.objects.filter(conversation=t1, parent=p1).update(
        felt_heard_comment="Ik voelde me echt gehoord, Pieter"
    )
    return three_parents


def rows(response) -> list[list[str]]:
    return table(section(response, "voice-h"), nl_template(CAPTION))


def row_for(response, location: str, month: datetime.date) -> list[str]:
    found = [r for r in rows(response)[1:] if r[0] == location and r[1] == nl_date(month, "F Y")]
    assert len(found) == 1, rows(response)
    return found[0]


def page(client_for, user, params=None):
    response = client_for(user).get(URL, params or {})
    assert response.status_code == 200
    return response


# --- access ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager_a", "admin_user", "other_admin"])
def test_managers_and_admins_open_the_page(client_for, request, who):
    assert client_for(request.getfixturevalue(who)).get(URL).status_code == 200


def test_requires_login(client):
    assertRedirects(client.get(URL), f"{reverse('login')}?next={URL}")


@pytest.mark.parametrize("who", ["pm_a", "pm_b", "outsider", "no_staff_user"])
def test_pms_get_403(client_for, request, who):
    assert client_for(request.getfixturevalue(who)).get(URL).status_code == 403


def test_parents_get_404(client_for, parent_user):
    assert client_for(parent_user).get(URL).status_code == 404


def test_rejects_post(client_for, manager_a):
    assert client_for(manager_a).post(URL).status_code == 405


def test_the_overview_links_to_it(client_for, manager_a):
    assert f'href="{URL}"' in content(client_for(manager_a).get(reverse("overview")))


# --- the figures, by hand ---------------------------------------------------------------------


def test_figures_per_team_and_month(client_for, manager_a, data):
    response = page(client_for, manager_a)
    table_rows = rows(response)

    assert table_rows[0] == [nl(h) for h in HEADER]
    # One location: no row over all locations; April before May.
    assert [r[1] for r in table_rows[1:]] == [nl_date(APRIL, "F Y"), nl_date(MAY, "F Y")]
    assert row_for(response, "Zonnebloem", MAY) == [
        "Zonnebloem",
        nl_date(MAY, "F Y"),
        "65 % (3,6 van 5)",
        "73 %",
        "5",
        "83 % (5 van 6)",
    ]


def test_too_few_answers_hides_the_figure_but_not_the_rest(client_for, manager_a, data):
    assert row_for(page(client_for, manager_a), "Zonnebloem", APRIL) == [
        "Zonnebloem",
        nl_date(APRIL, "F Y"),
        nl("too few answers"),
        "–",  # its only answered talk has an incomplete score
        "1",
        "100 % (1 van 1)",
    ]


def test_the_page_states_the_rule_and_the_scale(client_for, manager_a):
    html = content(page(client_for, manager_a))

    assert "Pas vanaf 5 antwoorden van minstens 3 ouders, zodat geen ouder herkenbaar is." in html
    assert "te weinig antwoorden" in html
    assert "(1 = 0 %, 3 = 50 %, 5 = 100 %)" in html


def test_no_parent_answer_or_name_on_the_page(client_for, manager_a, admin_user, data):
    for user in (manager_a, admin_user):
        html = content(page(client_for, user))
        for text in ("Pieter", "Priya", "Paula", "Ik voelde me", "Mijn eigen kijk", "Emma"):
            assert text not in html


def test_an_empty_period_says_so(client_for, manager_a, data):
    response = page(client_for, manager_a, {"van": "2025-01-01", "tot": "2025-03-31"})
    assert rows(response)[1:] == [[nl("No conversations shared with parents in this period.")]]


def test_the_selected_period_chooses_the_months(client_for, manager_a, data):
    response = page(client_for, manager_a, {"van": "2025-05-01", "tot": "2025-05-31"})
    assert [r[1] for r in rows(response)[1:]] == [nl_date(MAY, "F Y")]


def test_always_whole_months(client_for, manager_a, data):
    """Part of May could be subtracted from the whole of May: the page shows all of May."""
    whole = rows(page(client_for, manager_a, {"van": "2025-05-01", "tot": "2025-05-31"}))
    part = page(client_for, manager_a, {"van": "2025-05-10", "tot": "2025-05-20"})

    assert rows(part) == whole
    assert nl_date(datetime.date(2025, 5, 31), "j M Y") in content(part)


def test_whole_months():
    def widened(start, end):
        period = whole_months(Period(start, end))
        return period.start, period.end

    d = datetime.date
    assert widened(d(2025, 2, 10), d(2025, 2, 11)) == (d(2025, 2, 1), d(2025, 2, 28))
    assert widened(d(2024, 1, 31), d(2024, 2, 1)) == (d(2024, 1, 1), d(2024, 2, 29))
    assert widened(d(2024, 12, 1), d(2025, 12, 31)) == (d(2024, 12, 1), d(2025, 12, 31))


def test_default_period_is_the_last_six_months():
    assert default_period(datetime.date(2025, 6, 11)).start == datetime.date(2025, 1, 1)
    assert default_period(datetime.date(2025, 3, 31)).start == datetime.date(2024, 10, 1)
    assert default_period(datetime.date(2025, 12, 1)).start == datetime.date(2025, 7, 1)


def test_months_are_amsterdam_months(client_for, manager_a, pm_a, three_parents):
    """31 May 23:30 in Amsterdam is 21:30 UTC; 1 June 00:30 is still 31 May in UTC."""
    (p1, c1), (p2, _c2), (p3, _c3) = three_parents
    for when in (at(2025, 5, 31, 23, 30), at(2025, 6, 1, 0, 30)):
        shared_talk(pm_a, c1, when, [p1, p2, p3], [(p1, 5), (p2, 5), (p3, 5)])
    response = page(client_for, manager_a)

    assert row_for(response, "Zonnebloem", MAY)[4] == "3"
    assert row_for(response, "Zonnebloem", datetime.date(2025, 6, 1))[4] == "3"


def test_a_talk_no_longer_shared_leaves_the_figures(client_for, manager_a, data):
    ConversationShare.objects.filter(conversation__occurred_at__lt=at(2025, 5, 1)).delete()
    response = page(client_for, manager_a)
    assert [r[1] for r in rows(response)[1:]] == [nl_date(MAY, "F Y")]


def test_a_talk_shared_and_answered_long_after_it_took_place_counts(
    client_for, manager_a, pm_a, three_parents
):
    """The query starts from shares and answers since the period began: a talk of January
    shared and answered in June still counts in January (and a share is never older)."""
    (p1, c1), _p2, _p3 = three_parents
    january = at(2025, 1, 3)
    assert ConversationShare._meta.get_field("shared_at").default() > january
    shared_talk(pm_a, c1, january, [p1], [(p1, 5)])
    response = page(client_for, manager_a, {"van": "2025-01-01", "tot": "2025-01-31"})

    assert row_for(response, "Zonnebloem", datetime.date(2025, 1, 1))[4:] == [
        "1",
        "100 % (1 van 1)",
    ]


# --- the threshold --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answered_by", "shown"),
    [
        ([0, 1, 2, 0], False),  # 4 answers (of 3 parents)
        ([0, 1, 0, 1, 0], False),  # 5 answers of 2 parents
        ([0, 1, 2, 0, 1], True),  # 5 answers of 3 parents
    ],
)
def test_threshold(client_for, manager_a, pm_a, three_parents, answered_by, shown):
    for day, who in enumerate(answered_by, start=1):
        parent, child = three_parents[who]
        # Every answer 4 of 5: 75 % of the scale.
        shared_talk(pm_a, child, at(2025, 5, day), [parent], [(parent, 4)], score="80")
    cell = row_for(page(client_for, manager_a), "Zonnebloem", MAY)

    assert cell[2] == ("75 % (4,0 van 5)" if shown else nl("too few answers"))
    assert cell[3:] == [
        "80 %",
        str(len(answered_by)),
        f"100 % ({len(answered_by)} van {len(answered_by)})",
    ]


def test_threshold_constants():
    assert (PARENT_VOICE_MIN_ANSWERS, PARENT_VOICE_MIN_PARENTS) == (5, 3)
    assert not Cell(MAY, answers=4, parents=4, heard_sum=20).enough
    assert not Cell(MAY, answers=5, parents=2, heard_sum=25).enough
    assert Cell(MAY, answers=5, parents=3, heard_sum=25).felt_heard_percent == 100
    assert Cell(MAY, answers=5, parents=3, heard_sum=5).felt_heard_percent == 0
    # 1, 2, 2, 3, 3 -> 11: (11 - 5) / 20 = 30 %, average 2.2.
    cell = Cell(MAY, answers=5, parents=3, heard_sum=11)
    assert (cell.felt_heard_percent, cell.felt_heard_average) == (30, 2.2)


# --- scope --------------------------------------------------------------------------------------


@pytest.fixture
def at_b(pm_b, org, group_b):
    """Location B (Klaproos), May: 5 answers of 3 parents, all 'completely' (100 %)."""
    parents = []
    for n in range(3):
        child = make_child(group_b, first_name=f"Klaproos{n}")
        parent = make_parent(org, first_name=f"Bouder{n}")
        link_parent(child, parent)
        parents.append((parent, child))
    for day, who in enumerate([0, 1, 2, 0, 1], start=1):
        parent, child = parents[who]
        shared_talk(pm_b, child, at(2025, 5, day), [parent], [(parent, 5)], score="40")
    return parents


@pytest.fixture
def at_other_org(outsider, other_org, other_group):
    parents = []
    for n in range(3):
        child = make_child(other_group, first_name=f"Anker{n}")
        parent = make_parent(other_org, first_name=f"Aouder{n}")
        link_parent(child, parent)
        parents.append((parent, child))
    for day, who in enumerate([0, 1, 2, 0, 1], start=1):
        parent, child = parents[who]
        shared_talk(outsider, child, at(2025, 5, day), [parent], [(parent, 1)], score="90")
    return parents


def test_manager_of_a_sees_nothing_of_b_or_the_other_organisation(
    client_for, manager_a, data, at_b, at_other_org
):
    response = page(client_for, manager_a)
    names = {r[0] for r in rows(response)[1:]}

    assert names == {"Zonnebloem"}
    assert "Klaproos" not in content(response)
    assert "Vuurtoren" not in content(response)
    # A's May cell is exactly as without B and the other organisation.
    assert row_for(response, "Zonnebloem", MAY)[2:] == [
        "65 % (3,6 van 5)",
        "73 %",
        "5",
        "83 % (5 van 6)",
    ]


def test_admin_sees_every_location_and_all_of_them_per_month(
    client_for, admin_user, data, at_b, at_other_org
):
    """May over A and B: 10 answers (18 + 25 = 43) of 6 parents: (43 - 10) / 40 = 82.5 -> 83 %,
    average 4.3; own score (366.7 + 5 x 40) / 10 = 56.67 -> 57 %; answered 10 of 11 -> 91 %."""
    response = page(client_for, admin_user)
    all_mine = nl("All my locations")

    assert row_for(response, "Klaproos", MAY)[2:] == [
        "100 % (5,0 van 5)",
        "40 %",
        "5",
        "100 % (5 van 5)",
    ]
    assert row_for(response, all_mine, MAY)[2:] == [
        "83 % (4,3 van 5)",
        "57 %",
        "10",
        "91 % (10 van 11)",
    ]
    assert row_for(response, all_mine, APRIL)[2] == nl("too few answers")
    # The months over all locations come first.
    assert [r[0] for r in rows(response)[1:]] == [
        all_mine,
        all_mine,
        "Klaproos",
        "Zonnebloem",
        "Zonnebloem",
    ]
    assert "Vuurtoren" not in content(response)


def test_all_locations_counts_each_parent_once(
    client_for, admin_user, pm_a, pm_b, org, group_b, three_parents
):
    """Two parents answer at A and B (4 + 1 answers): each cell too few, and over both still
    only 2 different parents: too few."""
    (p1, c1), (p2, c2), _p3 = three_parents
    for day, (parent, child) in enumerate([(p1, c1), (p2, c2), (p1, c1), (p2, c2)], start=1):
        shared_talk(pm_a, child, at(2025, 5, day), [parent], [(parent, 3)])
    child_at_b = make_child(group_b)
    link_parent(child_at_b, p1)
    shared_talk(pm_b, child_at_b, at(2025, 5, 9), [p1], [(p1, 3)])
    response = page(client_for, admin_user)

    row = row_for(response, nl("All my locations"), MAY)
    assert row[2] == nl("too few answers")
    assert row[4] == "5"


def test_all_locations_never_gives_away_a_hidden_location(
    client_for, admin_user, data, pm_b, org, group_b
):
    """May: A is shown (5 answers of 3 parents), B has one answer. Over both, 6 answers of
    4 parents would pass the rule, but minus A's figures it would show B's one answer."""
    child = make_child(group_b)
    parent = make_parent(org, first_name="Bea")
    link_parent(child, parent)
    shared_talk(pm_b, child, at(2025, 5, 5), [parent], [(parent, 1)])
    response = page(client_for, admin_user)

    assert row_for(response, "Zonnebloem", MAY)[2] == "65 % (3,6 van 5)"
    assert row_for(response, "Klaproos", MAY)[2] == nl("too few answers")
    assert row_for(response, nl("All my locations"), MAY)[2] == nl("too few answers")


def test_all_locations_shows_what_no_location_has_alone(
    client_for, admin_user, pm_a, pm_b, org, group_b, three_parents
):
    """4 answers of 3 parents at A and at B: each too few; over both 8 answers of 6 parents,
    and nothing shown to subtract: (8 x 4 - 8) / 32 = 75 %."""
    at_b = []
    for _n in range(3):
        child = make_child(group_b)
        parent = make_parent(org)
        link_parent(child, parent)
        at_b.append((parent, child))
    for pm, parents in ((pm_a, three_parents), (pm_b, at_b)):
        for day, who in enumerate([0, 1, 2, 0], start=1):
            parent, child = parents[who]
            shared_talk(pm, child, at(2025, 5, day), [parent], [(parent, 4)])
    response = page(client_for, admin_user)

    assert row_for(response, "Zonnebloem", MAY)[2] == nl("too few answers")
    assert row_for(response, "Klaproos", MAY)[2] == nl("too few answers")
    assert row_for(response, nl("All my locations"), MAY)[2:5] == ["75 % (4,0 van 5)", "50 %", "8"]


def test_admin_can_narrow_to_one_location(client_for, admin_user, location_b, data, at_b):
    response = page(
        client_for, admin_user, {"van": "2025-01-01", "tot": "2025-06-11", "locatie": location_b.pk}
    )
    assert {r[0] for r in rows(response)[1:]} == {"Klaproos"}


def test_other_organisation_admin_sees_only_their_own(
    client_for, other_admin, data, at_b, at_other_org
):
    response = page(client_for, other_admin)

    assert {r[0] for r in rows(response)[1:]} == {"Vuurtoren"}
    assert row_for(response, "Vuurtoren", MAY)[2:] == [
        "0 % (1,0 van 5)",
        "90 %",
        "5",
        "100 % (5 van 5)",
    ]


def test_a_foreign_location_is_refused(client_for, manager_a, location_b, data, at_b):
    response = page(
        client_for, manager_a, {"van": "2025-01-01", "tot": "2025-06-11", "locatie": location_b.pk}
    )
    assert "Klaproos" not in content(response)


# --- query count --------------------------------------------------------------------------------


def _grow(pm, group, org, n: int) -> None:
    """n more shared talks, two in three answered by a parent."""
    children = make_children(group, 10, prefix="Gedeeld")
    parents = [make_parent(org) for _ in children]
    talks = bulk_talks(pm, children, n, start=at(2025, 1, 5), kind="tienminutengesprek")
    shares = ConversationShare.objects.bulk_create(
        ConversationShare(conversation=t, summary_for_parents="Samenvatting") for t in talks
    )
    ConversationShare.parents.through.objects.bulk_create(
        ConversationShare.parents.through(
            conversationshare_id=s.pk, parent_id=parents[i % len(parents)].pk
        )
        for i, s in enumerate(shares)
    )
    ParentResponse.objects.bulk_create(
        ParentResponse(conversation=t, parent=parents[i % len(parents)], felt_heard=1 + i % 5)
        for i, t in enumerate(talks)
        if i % 3
    )


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["manager_a", "admin_user"])
def test_query_count_does_not_grow_with_data(
    client_for, request, who, pm_a, pm_b, group_a, group_b, org
):
    """guards against N+1"""
    client = client_for(request.getfixturevalue(who))
    client.get(URL)  # warm up
    _grow(pm_a, group_a, org, 10)
    small = _queries(client)
    _grow(pm_a, group_a, org, 145)
    _grow(pm_b, group_b, org, 145)
    large = _queries(client)

    assert small == large
    assert large <= PARENT_VOICE_MAX_QUERIES
