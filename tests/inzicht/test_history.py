"""The manager's conversation history: access, scope, every filter, sorting, search, paging."""

from __future__ import annotations

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from gesprekken.models import Conversation
from inzicht.search import search_conversations
from tests.factories import make_child, make_group

from .helpers import at, bulk_talks, content, hrefs, listed_conversations, nl, talk

pytestmark = pytest.mark.django_db

URL = reverse("history")
HISTORY_MAX_QUERIES = 10  # the benchmark's target for a key page


def shown(client, **params) -> set[int]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return set(listed_conversations(response))


# --- access ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager_a", "admin_user"])
def test_managers_and_admins_open_the_history(client_for, request, who):
    response = client_for(request.getfixturevalue(who)).get(URL)
    assert response.status_code == 200


def test_requires_login(client):
    assertRedirects(client.get(URL), f"{reverse('login')}?next={URL}")


@pytest.mark.parametrize("who", ["pm_a", "pm_b", "outsider", "no_staff_user"])
def test_pms_and_users_without_staff_record_get_403(client_for, request, who):
    assert client_for(request.getfixturevalue(who)).get(URL).status_code == 403


def test_rejects_post(client_for, manager_a):
    assert client_for(manager_a).post(URL).status_code == 405


# --- scope -------------------------------------------------------------------------------


@pytest.fixture
def three_places(pm_a, pm_b, outsider, child_a, child_b, other_child):
    """One conversation at location A, one at B, one at the other organisation."""
    return {
        "a": talk(pm_a, child_a, when=at(2025, 3, 3), summary="Gesprek op Zonnebloem"),
        "b": talk(pm_b, child_b, when=at(2025, 3, 4), summary="Gesprek op Klaproos"),
        "other": talk(outsider, other_child, when=at(2025, 3, 5), summary="Gesprek Vuurtoren"),
    }


def test_manager_sees_only_own_location(client_for, manager_a, three_places):
    response = client_for(manager_a).get(URL)

    assert listed_conversations(response) == [three_places["a"].pk]
    assertContains(response, "Emma de Vries")
    assertNotContains(response, "Daan Jansen")
    assertNotContains(response, "Bakker")


def test_admin_sees_whole_organisation_but_not_the_other(client_for, admin_user, three_places):
    response = client_for(admin_user).get(URL)

    assert listed_conversations(response) == [three_places["b"].pk, three_places["a"].pk]
    assertNotContains(response, "Bakker")


def test_foreign_location_filter_shows_nothing_foreign(client_for, manager_a, three_places):
    ids = shown(client_for(manager_a), locatie=three_places["b"].location_id)
    assert three_places["b"].pk not in ids
    assert three_places["other"].pk not in ids
    ids = shown(client_for(manager_a), kind=three_places["other"].child_id)
    assert ids == set()


# --- a data set where every filter has a known answer --------------------------------------


@pytest.fixture
def rows(pm_a, pm_a2, pm_b, outsider, location_a, child_a, child_b, other_child, parent_a):
    """Four talks at A, one at B, one at the other organisation.

    sleep: pm_a, Emma (Rupsjes), ten-minute, 6 Jan 2025, 100 % (7 of 7), timid parent,
           professional interpreter, parent_a present, an open agreement.
    eat:   pm_a2, Lucas (Vlinders), intake, 10 Feb 2025 14:00, 16.7 % (2 of 6), dominant
           parent, family interpreter, escalated, an overdue agreement.
    door:  pm_a, Emma, drop-off, 17 Mar 2025 08:15, unscored, equal, parent_a present.
    call:  pm_a2, Emma, phone call, 1 Apr 2025 16:30, 66.7 % (6 of 6), ended early,
           a child interpreted, an agreement that is done.
    """
    today = timezone.localdate()
    group_a2 = make_group(location_a, "Vlinders")
    lucas = make_child(group_a2, first_name="Lucas", last_name="Peters")
    everything = {1: 3, 3: 3, 5: 3, 6: 3, 7: 3, 9: 3, 10: 3}
    return {
        "sleep": talk(
            pm_a,
            child_a,
            when=at(2025, 1, 6, 9),
            summary="Emma wil niet slapen tussen de middag.",
            parent_stance="timide",
            interpreter="professioneel",
            parents=[parent_a],
            levels=everything,
            follow_ups=[
                {
                    "description": "Knuffel meenemen van thuis",
                    "due_date": today + datetime.timedelta(days=7),
                }
            ],
        ),
        "eat": talk(
            pm_a2,
            lucas,
            kind="intake",
            when=at(2025, 2, 10, 14),
            summary="Gesprek over eten.",
            parent_view="Moeder vindt de broccoli lastig.",
            parent_stance="dominant",
            interpreter="familie",
            escalated=True,
            levels={1: 0, 5: 1},
            follow_ups=[
                {
                    "description": "Bellen met het consultatiebureau",
                    "due_date": today - datetime.timedelta(days=3),
                    "owner_staff": pm_a2.staff_member,
                }
            ],
        ),
        "door": talk(
            pm_a,
            child_a,
            kind="breng",
            when=at(2025, 3, 17, 8, 15),
            summary="Rustige ochtend.",
            parent_stance="gelijkwaardig",
            parents=[parent_a],
        ),
        "call": talk(
            pm_a2,
            child_a,
            kind="telefonisch",
            when=at(2025, 4, 1, 16, 30),
            summary="Koorts gemeld.",
            ended_early=True,
            interpreter="kind",
            levels={1: 2, 3: 2, 5: 2, 6: 2, 9: 2, 10: 2},
            follow_ups=[
                {
                    "description": "Thermometer terugbrengen",
                    "due_date": today - datetime.timedelta(days=10),
                    "done_at": timezone.now(),
                }
            ],
        ),
        "b": talk(
            pm_b, child_b, when=at(2025, 2, 11), summary="Daan wil niet slapen.", escalated=True
        ),
        "other": talk(outsider, other_child, when=at(2025, 2, 12), summary="Emma wil niet slapen."),
    }


def ids(rows, *names) -> set[int]:
    return {rows[name].pk for name in names}


def test_data_set_scores_as_documented(rows):
    scores = {name: rows[name].score_percentage for name in ("sleep", "eat", "door", "call")}
    assert scores == {"sleep": 100, "eat": 17, "door": None, "call": 67}  # whole percent, half up


def test_without_filters_manager_sees_the_four_at_a_newest_first(client_for, manager_a, rows):
    response = client_for(manager_a).get(URL)
    assert listed_conversations(response) == [
        rows["call"].pk,
        rows["door"].pk,
        rows["eat"].pk,
        rows["sleep"].pk,
    ]


def test_filter_location(client_for, admin_user, rows, location_a, location_b):
    client = client_for(admin_user)
    assert shown(client, locatie=location_a.pk) == ids(rows, "sleep", "eat", "door", "call")
    assert shown(client, locatie=location_b.pk) == ids(rows, "b")


def test_filter_group(client_for, manager_a, rows, group_a):
    client = client_for(manager_a)
    assert shown(client, groep=group_a.pk) == ids(rows, "sleep", "door", "call")
    assert shown(client, groep=rows["eat"].child.group_id) == ids(rows, "eat")


def test_filter_staff_member(client_for, manager_a, pm_a, pm_a2, rows):
    client = client_for(manager_a)
    assert shown(client, medewerker=pm_a2.staff_member.pk) == ids(rows, "eat", "call")
    assert shown(client, medewerker=pm_a.staff_member.pk) == ids(rows, "sleep", "door")


def test_filter_child(client_for, manager_a, child_a, rows):
    assert shown(client_for(manager_a), kind=child_a.pk) == ids(rows, "sleep", "door", "call")


def test_filter_parent(client_for, manager_a, parent_a, rows):
    assert shown(client_for(manager_a), ouder=parent_a.pk) == ids(rows, "sleep", "door")


def test_filter_kind_of_conversation(client_for, manager_a, rows):
    client = client_for(manager_a)
    assert shown(client, soort="breng") == ids(rows, "door")
    assert shown(client, soort="intake") == ids(rows, "eat")
    assert shown(client, soort="evaluatie") == set()


def test_filter_period_includes_both_days(client_for, manager_a, rows):
    client = client_for(manager_a)
    assert shown(client, van="2025-02-10", tot="2025-03-17") == ids(rows, "eat", "door")
    assert shown(client, van="2025-02-11") == ids(rows, "door", "call")
    assert shown(client, tot="2025-02-09") == ids(rows, "sleep")


def test_filter_score_range(client_for, manager_a, rows):
    client = client_for(manager_a)
    assert shown(client, score_min=50) == ids(rows, "sleep", "call")
    assert shown(client, score_max=50) == ids(rows, "eat")
    assert shown(client, score_min=60, score_max=90) == ids(rows, "call")


def test_filter_completeness(client_for, manager_a, rows):
    client = client_for(manager_a)
    assert shown(client, volledigheid="compleet") == ids(rows, "sleep", "call")
    assert shown(client, volledigheid="onvolledig") == ids(rows, "eat")
    assert shown(client, volledigheid="leeg") == ids(rows, "door")


def test_filter_parent_stance(client_for, manager_a, rows):
    client = client_for(manager_a)
    assert shown(client, houding="timide") == ids(rows, "sleep")
    assert shown(client, houding="dominant") == ids(rows, "eat")
    assert shown(client, houding="gelijkwaardig") == ids(rows, "door")


def test_filter_course(client_for, manager_a, rows):
    client = client_for(manager_a)
    assert shown(client, verloop="escalatie") == ids(rows, "eat", "call")
    assert shown(client, verloop="geescaleerd") == ids(rows, "eat")
    assert shown(client, verloop="beeindigd") == ids(rows, "call")


def test_filter_agreements(client_for, manager_a, rows):
    client = client_for(manager_a)
    # "call" has only a done agreement: neither open nor overdue.
    assert shown(client, afspraken="open") == ids(rows, "sleep", "eat")
    assert shown(client, afspraken="te-laat") == ids(rows, "eat")


def test_filter_interpreter(client_for, manager_a, rows):
    client = client_for(manager_a)
    assert shown(client, tolk="ja") == ids(rows, "sleep", "eat", "call")
    assert shown(client, tolk="professioneel") == ids(rows, "sleep")
    assert shown(client, tolk="familie") == ids(rows, "eat")
    assert shown(client, tolk="kind") == ids(rows, "call")


def test_filters_combine(client_for, manager_a, child_a, rows):
    client = client_for(manager_a)
    assert shown(client, kind=child_a.pk, tolk="ja") == ids(rows, "sleep", "call")
    assert shown(client, kind=child_a.pk, tolk="ja", volledigheid="compleet", score_max=70) == ids(
        rows, "call"
    )
    assert shown(client, soort="breng", verloop="escalatie") == set()


# --- sorting -------------------------------------------------------------------------------


def test_sort_by_score(client_for, manager_a, rows):
    client = client_for(manager_a)
    scored = [rows["eat"].pk, rows["call"].pk, rows["sleep"].pk]

    ascending = listed_conversations(client.get(URL, {"sorteer": "score"}))
    descending = listed_conversations(client.get(URL, {"sorteer": "-score"}))

    # Unscored talks sort last; an incomplete score ("eat": 2 tips scored) sorts after the
    # complete ones either way, whatever its percentage.
    complete = [rows["call"].pk, rows["sleep"].pk]
    assert [pk for pk in ascending if pk in scored] == [*complete, rows["eat"].pk]
    assert [pk for pk in descending if pk in scored] == [*complete[::-1], rows["eat"].pk]
    assert (
        sorted(ascending) == sorted(descending) == sorted(ids(rows, *"sleep eat door call".split()))
    )


def test_sort_by_child(client_for, manager_a, rows):
    client = client_for(manager_a)
    emma = ids(rows, "sleep", "door", "call")

    ascending = listed_conversations(client.get(URL, {"sorteer": "kind"}))
    descending = listed_conversations(client.get(URL, {"sorteer": "-kind"}))

    assert set(ascending[:3]) == emma and ascending[3] == rows["eat"].pk  # Emma < Lucas
    assert descending[0] == rows["eat"].pk and set(descending[1:]) == emma


# --- paging --------------------------------------------------------------------------------


def test_filters_survive_pagination(client_for, manager_a, pm_a, pm_a2, child_a):
    for n in range(30):
        talk(pm_a, child_a, kind="breng", when=at(2025, 1, 1) + datetime.timedelta(hours=n))
    for n in range(5):  # same kind, other author: filtered out
        talk(pm_a2, child_a, kind="breng", when=at(2025, 2, 1) + datetime.timedelta(hours=n))
    talk(pm_a, child_a, kind="haal", when=at(2025, 3, 1))  # same author, other kind
    client = client_for(manager_a)
    params = {"soort": "breng", "medewerker": pm_a.staff_member.pk}

    first = client.get(URL, params)
    next_links = [h for h in hrefs(first) if "pagina=2" in h]

    assert len(listed_conversations(first)) == 25
    assert len(set(next_links)) == 1
    query = parse_qs(urlsplit(next_links[0]).query)
    assert query == {"soort": ["breng"], "medewerker": [str(pm_a.staff_member.pk)], "pagina": ["2"]}
    second = client.get(URL + next_links[0])
    assert len(listed_conversations(second)) == 5
    expected = set(
        Conversation.objects.filter(kind="breng", author=pm_a.staff_member).values_list(
            "pk", flat=True
        )
    )
    assert set(listed_conversations(first)) | set(listed_conversations(second)) == expected


def test_urls_carry_ids_never_names(client_for, manager_a, pm_a, child_a, parent_a):
    for n in range(26):
        talk(pm_a, child_a, when=at(2025, 1, 1) + datetime.timedelta(hours=n), parents=[parent_a])
    client = client_for(manager_a)
    names = ["Emma", "Vries", "Anouk"]

    for params in ({"kind": child_a.pk}, {"ouder": parent_a.pk}):
        response = client.get(URL, params)
        assert len(listed_conversations(response)) == 25
        history_links = [h for h in hrefs(response) if h.startswith("?") or "geschiedenis" in h]
        assert any("pagina=2" in h for h in history_links)
        assert any(h.startswith(reverse("history_export")) for h in history_links)
        for link in history_links:
            assert not any(name in link for name in names), link
        ((field, value),) = params.items()
        assert all(f"{field}={value}" in h for h in history_links if "pagina=2" in h)
        # The form submits the focus as a hidden id, not as a name.
        hidden = re.findall(
            r'<input type="hidden" name="(kind|ouder)" value="([^"]*)"', content(response)
        )
        assert (field, str(value)) in hidden


# --- search --------------------------------------------------------------------------------


def test_search_finds_a_word_in_the_summary(client_for, manager_a, rows):
    assert shown(client_for(manager_a), q="slapen") == ids(rows, "sleep")


def test_search_finds_a_word_in_an_agreement(client_for, manager_a, rows):
    assert shown(client_for(manager_a), q="consultatiebureau") == ids(rows, "eat")


def test_search_finds_a_word_in_the_parents_view(client_for, manager_a, rows):
    assert shown(client_for(manager_a), q="broccoli") == ids(rows, "eat")


def test_search_combines_with_filters(client_for, manager_a, rows):
    assert shown(client_for(manager_a), q="slapen", soort="breng") == set()


def test_search_does_not_leak_across_organisations(client_for, admin_user, other_admin, rows):
    assert shown(client_for(admin_user), q="slapen") == ids(rows, "sleep", "b")
    assert shown(client_for(other_admin), q="slapen") == ids(rows, "other")


def test_search_words_must_be_together_in_the_text_or_in_one_agreement(client_for, manager_a, rows):
    """All words in the talk's text, or all in one agreement: the same on both databases."""
    assert shown(client_for(manager_a), q="slapen knuffel") == set()


@pytest.mark.usefixtures("postgres_only")
def test_dutch_stemming_on_postgres(client_for, manager_a, pm_a, child_a):
    """What the Dutch snowball stemmer really gives (checked with to_tsvector on PostgreSQL).

    slapen -> 'slap', slaap -> 'slap', but the irregular sliep stays 'sliep' and slaapt
    stays 'slaapt': the search finds the noun, not every form of the verb.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('dutch', 'sliep slaapt slapen slaap')::text")
        assert cursor.fetchone()[0] == "'slaapt':2 'slap':3,4 'sliep':1"
    noun = talk(pm_a, child_a, when=at(2025, 5, 1), summary="De slaap gaat al beter.")
    exact = talk(pm_a, child_a, when=at(2025, 5, 2), summary="Emma kan moeilijk slapen.")
    talk(pm_a, child_a, when=at(2025, 5, 3), summary="Hij sliep slecht.")
    talk(pm_a, child_a, when=at(2025, 5, 4), summary="Ze slaapt goed.")

    assert shown(client_for(manager_a), q="slapen") == {noun.pk, exact.pk}
    assert shown(client_for(manager_a), q="Slaap") == {noun.pk, exact.pk}


@pytest.mark.usefixtures("postgres_only")
def test_search_can_use_the_gin_indexes_on_postgres(admin_user, pm_a, child_a):
    """With nothing else narrowing the list (an admin over the whole organisation), both
    halves of the match can come from their GIN index, combined in a BitmapOr; the SQL
    expressions must stay identical to the indexes for that."""
    for n in range(30):
        talk(pm_a, child_a, when=at(2025, 1, 1) + datetime.timedelta(hours=n), summary=f"Tekst {n}")
    queryset = search_conversations(Conversation.objects.order_by(), "slapen")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("ANALYZE gesprekken_conversation")
    plan = queryset.explain()
    assert "conv_fulltext_dutch_idx" in plan, plan
    assert "followup_fulltext_dutch_idx" in plan, plan
    assert "Sort" not in plan, plan
    scoped = search_conversations(Conversation.objects.visible_to(admin_user).for_list(), "x")
    assert "= ANY(ARRAY(" in str(scoped.query)


# --- query counts --------------------------------------------------------------------------


def _queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params or {})
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_conversations(
    client_for, manager_a, pm_a, group_a, child_a, parent_a
):
    """guards against N+1"""
    children = [child_a] + [make_child(group_a) for _ in range(9)]
    client = client_for(manager_a)
    client.get(URL)  # warm up: session, content types
    bulk_talks(pm_a, children, 3, start=at(2024, 1, 1))
    few = _queries(client)
    bulk_talks(pm_a, children, 27, start=at(2024, 2, 1))
    thirty = _queries(client)
    bulk_talks(pm_a, children, 270, start=at(2024, 3, 1))
    three_hundred = _queries(client)
    filtered = _queries(client, {"kind": child_a.pk, "ouder": parent_a.pk, "q": "Bulk"})

    assert few == thirty == three_hundred
    assert three_hundred <= HISTORY_MAX_QUERIES
    assert filtered <= HISTORY_MAX_QUERIES


# --- a large chain's admin: groups and staff wait for a location ----------------------------


@pytest.fixture
def chain(org, location_a, group_a, pm_a, admin_user):
    """An organisation with more than MANY_LOCATIONS locations, a group and pm'er each."""
    from inzicht.filters import MANY_LOCATIONS
    from organisatie.models import Role
    from tests.factories import make_group, make_location, make_staff

    places = []
    for n in range(MANY_LOCATIONS):
        location = make_location(org, name=f"Vestiging {n}")
        group = make_group(location, name=f"Groep {n}")
        staff = make_staff(f"pm_chain_{n}", org, Role.PM, [location], [group], first_name=f"Pm{n}")
        places.append((location, group, staff))
    return places


def _options(response, name: str) -> list[str]:
    html = response.content.decode()
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d*)"', select)


def test_large_chain_picks_a_location_before_groups_and_staff(
    client_for, admin_user, chain, group_a, pm_a
):
    client = client_for(admin_user)
    location, group, staff = chain[0]

    unfiltered = client.get(URL)
    assert _options(unfiltered, "groep") == [""] and _options(unfiltered, "medewerker") == [""]
    assertContains(unfiltered, nl("Choose a location first."), count=2)

    chosen = client.get(URL, {"locatie": location.pk})
    assert _options(chosen, "groep") == ["", str(group.pk)]
    assert str(staff.staff_member.pk) in _options(chosen, "medewerker")
    assert str(pm_a.staff_member.pk) not in _options(chosen, "medewerker")
    assertNotContains(chosen, nl("Choose a location first."))

    # A link with a group but no location still filters, and shows the chosen group.
    linked = client.get(URL, {"groep": group_a.pk})
    assert linked.status_code == 200 and not linked.context["filter"].form.errors
    assert _options(linked, "groep") == ["", str(group_a.pk)]


def test_a_few_locations_list_every_group(client_for, manager_a, group_a):
    response = client_for(manager_a).get(URL)
    assert str(group_a.pk) in _options(response, "groep")
    assertNotContains(response, nl("Choose a location first."))
