"""The overview's kept totals (inzicht/rollups/) equal the raw aggregates after every write.

Each test writes the way the app (or an admin, a cascade, a bulk load) does and then
compares everything the triggers keep with what the raw data says: the daily totals per
kind and per tip, ``Child.last_talk_at``, ``Parent.last_handover_at`` /
``last_sit_down_at``, ``Conversation.day`` and ``FollowUp.location``. The same tests
run on SQLite (``make test``) and PostgreSQL (``make test-postgres``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from gesprekken.derived import local_day
from gesprekken.models import Conversation, FollowUp, TipScore
from gesprekken.scoring import is_complete
from gesprekken.services import conversation_delete, conversation_update
from gesprekken.vocabulary import HANDOVER_KINDS
from inzicht import rollups
from inzicht.models import DayTipTotal, DayTotal
from kinderen.models import Child
from ouders.models import Parent
from privacy.services import family_erase, purge_organization
from tests.factories import link_parent, make_child, make_parent
from tests.gesprekken.helpers import log_conversation
from tests.inzicht.helpers import bulk_talks

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = datetime.UTC


def at(year, month, day, hour=10, minute=0, tz=AMSTERDAM) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=tz)


def kept_values() -> dict[str, dict]:
    """Everything the triggers keep, read through the ORM."""
    return {
        "day totals": {
            (row.location_id, row.day, row.kind): (
                row.n,
                row.scored_n,
                row.complete_n,
                row.score_tenths,
                row.escalated_n,
                row.stance_n,
                row.beside_n,
            )
            for row in DayTotal.objects.all()
            if row.n or row.scored_n or row.score_tenths or row.escalated_n
        },
        "tip totals": {
            (row.location_id, row.day, row.tip_id): (row.n, row.level_sum)
            for row in DayTipTotal.objects.all()
            if row.n or row.level_sum
        },
        "child last talk": dict(Child.objects.values_list("pk", "last_talk_at")),
        "parent last talks": {
            pk: (handover, sit_down)
            for pk, handover, sit_down in Parent.objects.values_list(
                "pk", "last_handover_at", "last_sit_down_at"
            )
        },
        "conversation day": dict(Conversation.objects.values_list("pk", "day")),
        "agreement location": dict(FollowUp.objects.values_list("pk", "location_id")),
    }


def python_values() -> dict[str, dict]:
    """The same values computed in Python from the raw rows: an oracle that shares no SQL
    with the triggers, the check or the rebuild (all three come from one statement)."""
    talks = {talk.pk: talk for talk in Conversation.objects.all()}
    day = {pk: talk.occurred_at.astimezone(AMSTERDAM).date() for pk, talk in talks.items()}
    days: dict[tuple, list[int]] = defaultdict(lambda: [0] * 7)
    for pk, talk in talks.items():
        row = days[(talk.location_id, day[pk], talk.kind)]
        row[0] += 1
        if talk.score_percentage is not None:
            row[1] += 1
        # Only a score complete enough to count (the pure rule, not the stored flag).
        if is_complete(talk.score_scored, talk.score_applicable):
            row[2] += 1
            row[3] += int(talk.score_percentage * 10)
        row[4] += talk.escalated or talk.ended_early
        row[5] += talk.own_stance != ""
        row[6] += talk.own_stance == "naast"
    tips: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for score in TipScore.objects.exclude(level=None):
        talk = talks[score.conversation_id]
        if not is_complete(talk.score_scored, talk.score_applicable):
            continue
        row = tips[(talk.location_id, day[talk.pk], score.tip_id)]
        row[0] += 1
        row[1] += score.level
    children = dict.fromkeys(Child.objects.values_list("pk", flat=True))
    for talk in talks.values():
        latest = children[talk.child_id]
        children[talk.child_id] = max(latest, talk.occurred_at) if latest else talk.occurred_at
    parents = {pk: [None, None] for pk in Parent.objects.values_list("pk", flat=True)}
    for link in Conversation.parents.through.objects.all():
        talk = talks[link.conversation_id]
        slot = parents[link.parent_id]
        index = 0 if talk.kind in HANDOVER_KINDS else 1
        if slot[index] is None or slot[index] < talk.occurred_at:
            slot[index] = talk.occurred_at
    return {
        "day totals": {key: tuple(row) for key, row in days.items()},
        "tip totals": {key: tuple(row) for key, row in tips.items()},
        "child last talk": children,
        "parent last talks": {pk: tuple(slot) for pk, slot in parents.items()},
        "conversation day": day,
        "agreement location": {
            pk: talks[talk].location_id
            for pk, talk in FollowUp.objects.values_list("pk", "conversation_id")
        },
    }


def assert_consistent() -> None:
    assert rollups.expected_triggers() <= rollups.installed_triggers()
    assert rollups.differences() == {}
    assert kept_values() == python_values()


def totals(location) -> dict[tuple, tuple]:
    """The non-zero daily totals of one location: (day, kind) -> (n, scored, tenths, escalated);
    the tenths count complete scores only."""
    return {
        (row.day, row.kind): (row.n, row.scored_n, row.score_tenths, row.escalated_n)
        for row in DayTotal.objects.filter(location=location)
        if row.n or row.scored_n or row.score_tenths or row.escalated_n
    }


def tip_totals(location) -> dict[tuple, tuple]:
    return {
        (row.day, row.tip.number): (row.n, row.level_sum)
        for row in DayTipTotal.objects.filter(location=location).select_related("tip")
        if row.n or row.level_sum
    }


def edit(conversation: Conversation, user, **changes) -> Conversation:
    """An edit through the service, as the edit form does (levels and parents replaced)."""
    levels = changes.pop("levels", None)
    if levels is None:
        levels = {s.tip.number: s.level for s in conversation.tip_scores.select_related("tip")}
    parents = changes.pop("parents", None)
    if parents is None:
        parents = list(conversation.parents.all())
    fields = {"kind": conversation.kind, "occurred_at": conversation.occurred_at, **changes}
    return conversation_update(
        conversation=conversation,
        expected_version=conversation.version,
        fields=fields,
        parents=parents,
        co_staff=[],
        levels=levels,
        changed_by=user,
    )


# --- inserts ---------------------------------------------------------------------------------


def test_a_logged_conversation_is_counted(pm_a, child_a, parent_a, location_a):
    talk = log_conversation(
        pm_a,
        child_a,
        kind="tienminutengesprek",
        occurred_at=at(2025, 5, 6, 23, 30),  # 21:30 UTC: still the 6th in Amsterdam
        parents=[parent_a],
        levels={1: 3, 5: 2, 6: 1, 9: None},  # 3 of 5 tips: complete enough to count
        escalated=True,
        follow_ups=[{"description": "Bellen", "due_date": datetime.date(2025, 5, 20)}],
    )

    day = datetime.date(2025, 5, 6)
    assert talk.day == day
    assert totals(location_a) == {
        (day, "tienminutengesprek"): (1, 1, round(talk.score_percentage * 10), 1)
    }
    assert tip_totals(location_a) == {(day, 1): (1, 3), (day, 5): (1, 2), (day, 6): (1, 1)}
    child_a.refresh_from_db()
    parent_a.refresh_from_db()
    assert child_a.last_talk_at == talk.occurred_at
    assert parent_a.last_sit_down_at == talk.occurred_at
    assert parent_a.last_handover_at is None
    assert FollowUp.objects.get().location_id == location_a.pk
    assert_consistent()


def test_handover_sets_the_parents_door_time(pm_a, child_a, parent_a):
    talk = log_conversation(
        pm_a, child_a, kind="breng", occurred_at=at(2025, 5, 7, 8), parents=[parent_a]
    )

    parent_a.refresh_from_db()
    assert parent_a.last_handover_at == talk.occurred_at
    assert parent_a.last_sit_down_at is None
    assert_consistent()


def test_bulk_inserts_fill_day_and_location(pm_a, group_a, location_a):
    children = [make_child(group_a), make_child(group_a)]
    rows = bulk_talks(pm_a, children, 30, start=at(2025, 3, 29, 20))  # across the DST change
    FollowUp.objects.bulk_create(
        FollowUp(conversation=row, description="Afspraak") for row in rows[:5]
    )

    for row in Conversation.objects.all():
        assert row.day == local_day(row.occurred_at)
    assert set(FollowUp.objects.values_list("location_id", flat=True)) == {location_a.pk}
    assert sum(n for n, *_ in totals(location_a).values()) == 30
    assert_consistent()


# --- edits -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # Across midnight in Amsterdam (22:30 and 23:30 UTC in summer).
        (at(2025, 5, 6, 23, 30), at(2025, 5, 7, 0, 30)),
        # Into summer time: 00:30 UTC is 01:30 CET on the 30th, 23:30 UTC the 29th.
        (datetime.datetime(2025, 3, 29, 23, 30, tzinfo=UTC), at(2025, 3, 30, 1, 30)),
        # Out of summer time: 22:30 UTC on 25 Oct is 00:30 CEST on the 26th.
        (datetime.datetime(2025, 10, 25, 21, 30, tzinfo=UTC), at(2025, 10, 26, 0, 30)),
        # A year and a location's worth of days back.
        (at(2025, 6, 1), at(2024, 12, 31, 23, 59)),
    ],
)
def test_moving_a_talk_moves_its_totals(pm_a, child_a, parent_a, before, after):
    talk = log_conversation(
        pm_a, child_a, occurred_at=before, parents=[parent_a], levels={1: 2, 5: 1, 6: 1}
    )
    assert talk.day == before.astimezone(AMSTERDAM).date()

    edit(talk, pm_a, occurred_at=after)

    talk.refresh_from_db()
    assert talk.day == after.astimezone(AMSTERDAM).date()
    assert {day for day, _kind in totals(talk.location)} == {talk.day}
    assert {day for day, _tip in tip_totals(talk.location)} == {talk.day}
    assert_consistent()


def test_dst_boundaries_to_the_minute(pm_a, child_a):
    """The local day of the moments right around both changes of 2025 and 2026."""
    moments = [
        datetime.datetime(2025, 3, 29, 22, 59, tzinfo=UTC),
        datetime.datetime(2025, 3, 29, 23, 0, tzinfo=UTC),
        datetime.datetime(2025, 3, 30, 0, 59, tzinfo=UTC),
        datetime.datetime(2025, 3, 30, 1, 0, tzinfo=UTC),
        datetime.datetime(2025, 3, 30, 21, 59, tzinfo=UTC),
        datetime.datetime(2025, 3, 30, 22, 0, tzinfo=UTC),
        datetime.datetime(2025, 10, 25, 21, 59, tzinfo=UTC),
        datetime.datetime(2025, 10, 25, 22, 0, tzinfo=UTC),
        datetime.datetime(2025, 10, 26, 0, 59, tzinfo=UTC),
        datetime.datetime(2025, 10, 26, 1, 0, tzinfo=UTC),
        datetime.datetime(2025, 10, 26, 22, 59, tzinfo=UTC),
        datetime.datetime(2025, 10, 26, 23, 0, tzinfo=UTC),
        datetime.datetime(2026, 3, 28, 23, 0, tzinfo=UTC),
        datetime.datetime(2026, 10, 24, 22, 0, tzinfo=UTC),
    ]
    for moment in moments:
        log_conversation(pm_a, child_a, occurred_at=moment)
    assert_consistent()  # includes Conversation.day against the database's own conversion


@settings(max_examples=200)
@given(
    st.datetimes(
        min_value=datetime.datetime(1996, 1, 1),
        max_value=datetime.datetime(2037, 12, 31),
        timezones=st.just(UTC),
    )
)
def test_database_local_day_matches_python(moment):
    """The SQL for the local date (the EU rule on SQLite) agrees with zoneinfo."""
    expression = rollups.local_day_sql("x", connection.vendor)
    value = connection.ops.adapt_datetimefield_value(moment)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {expression} FROM (SELECT %s AS x) t", [value])  # noqa: S608
        (day,) = cursor.fetchone()
    assert str(day) == moment.astimezone(AMSTERDAM).date().isoformat()


def test_changing_kind_score_and_escalation(pm_a, child_a, parent_a, location_a):
    talk = log_conversation(
        pm_a, child_a, kind="breng", occurred_at=at(2025, 5, 7, 8), parents=[parent_a]
    )
    edit(talk, pm_a, kind="evaluatie", escalated=True, levels={1: 3, 5: 3, 9: 0})

    day = datetime.date(2025, 5, 7)
    talk.refresh_from_db()
    assert totals(location_a) == {(day, "evaluatie"): (1, 1, round(talk.score_percentage * 10), 1)}
    parent_a.refresh_from_db()
    assert parent_a.last_handover_at is None
    assert parent_a.last_sit_down_at == talk.occurred_at
    assert_consistent()


def test_tip_scores_added_changed_and_removed(pm_a, child_a, location_a):
    # One tip: incomplete, so not in the per-tip totals; three: complete enough to count.
    talk = log_conversation(pm_a, child_a, occurred_at=at(2025, 5, 6), levels={1: 1})
    day = datetime.date(2025, 5, 6)
    assert tip_totals(location_a) == {}
    edit(talk, pm_a, levels={1: 3, 5: 2, 6: 0})
    assert tip_totals(location_a) == {(day, 1): (1, 3), (day, 5): (1, 2), (day, 6): (1, 0)}

    TipScore.objects.filter(conversation=talk, tip__number=1).update(level=None)  # n.v.t.
    assert tip_totals(location_a) == {(day, 5): (1, 2), (day, 6): (1, 0)}
    TipScore.objects.filter(conversation=talk).delete()
    assert tip_totals(location_a) == {}
    assert_consistent()


def test_parents_changed(pm_a, child_a, parent_a, org):
    other = make_parent(org)
    link_parent(child_a, other)
    talk = log_conversation(
        pm_a, child_a, kind="haal", occurred_at=at(2025, 5, 7, 17), parents=[parent_a]
    )
    edit(talk, pm_a, parents=[other])

    parent_a.refresh_from_db()
    other.refresh_from_db()
    assert parent_a.last_handover_at is None
    assert other.last_handover_at == talk.occurred_at
    talk.parents.add(parent_a)
    talk.parents.remove(other)
    parent_a.refresh_from_db()
    assert parent_a.last_handover_at == talk.occurred_at
    assert_consistent()


def test_admin_style_queryset_updates(pm_a, child_a, parent_a, location_b, group_b):
    """Writes that bypass save(): the totals still follow, the agreements move along."""
    talk = log_conversation(
        pm_a,
        child_a,
        occurred_at=at(2025, 5, 6),
        parents=[parent_a],
        levels={1: 2},
        follow_ups=[{"description": "Bellen"}],
    )
    Conversation.objects.filter(pk=talk.pk).update(location=location_b, kind="zorggesprek")
    assert FollowUp.objects.get().location_id == location_b.pk
    assert_consistent()

    other_child = make_child(group_b)
    Conversation.objects.filter(pk=talk.pk).update(child=other_child, escalated=True)
    child_a.refresh_from_db()
    other_child.refresh_from_db()
    assert child_a.last_talk_at is None
    assert other_child.last_talk_at == talk.occurred_at
    assert_consistent()


def test_a_stale_day_is_refused(pm_a, child_a):
    talk = log_conversation(pm_a, child_a, occurred_at=at(2025, 5, 6))

    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.filter(pk=talk.pk).update(occurred_at=at(2025, 5, 8))
    # Saving with the new time fills the day, update_fields too.
    talk.occurred_at = at(2025, 5, 8)
    talk.save(update_fields=["occurred_at"])
    talk.refresh_from_db()
    assert talk.day == datetime.date(2025, 5, 8)
    assert_consistent()


def test_an_agreement_at_another_location_is_refused(pm_a, child_a, location_b):
    talk = log_conversation(pm_a, child_a, follow_ups=[{"description": "Bellen"}])

    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.filter(conversation=talk).update(location=location_b)


# --- deletes ---------------------------------------------------------------------------------


def test_deleting_one_talk(pm_a, child_a, parent_a, location_a):
    first = log_conversation(
        pm_a, child_a, occurred_at=at(2025, 5, 1), parents=[parent_a], levels={1: 1, 5: 1, 6: 1}
    )
    last = log_conversation(
        pm_a, child_a, occurred_at=at(2025, 5, 6), parents=[parent_a], levels={1: 3, 5: 3, 6: 3}
    )
    conversation_delete(conversation=last, reason="Dubbel", deleted_by=pm_a)

    child_a.refresh_from_db()
    parent_a.refresh_from_db()
    assert child_a.last_talk_at == first.occurred_at
    assert parent_a.last_sit_down_at == first.occurred_at
    first_day = datetime.date(2025, 5, 1)
    assert tip_totals(location_a) == {(first_day, n): (1, 1) for n in (1, 5, 6)}
    assert_consistent()


def test_queryset_delete(pm_a, child_a, parent_a, group_a):
    others = [make_child(group_a) for _ in range(3)]
    for n, child in enumerate([child_a, *others]):
        log_conversation(pm_a, child, occurred_at=at(2025, 5, 1 + n), levels={1: n % 4})
    log_conversation(pm_a, child_a, kind="breng", occurred_at=at(2025, 5, 9), parents=[parent_a])

    Conversation.objects.filter(occurred_at__gte=at(2025, 5, 2)).delete()

    child_a.refresh_from_db()
    parent_a.refresh_from_db()
    assert child_a.last_talk_at == at(2025, 5, 1)
    assert parent_a.last_handover_at is None
    assert_consistent()


def test_deleting_a_child_cascades(pm_a, group_a, org):
    child = make_child(group_a)
    parent = make_parent(org)
    link_parent(child, parent)
    log_conversation(pm_a, child, occurred_at=at(2025, 5, 1), parents=[parent], levels={1: 2})

    child.delete()

    parent.refresh_from_db()
    assert parent.last_sit_down_at is None
    assert not any(totals(group_a.location).values())
    assert_consistent()


def test_family_erasure(pm_a, child_a, parent_a, admin_user, location_a):
    log_conversation(
        pm_a,
        child_a,
        occurred_at=at(2025, 5, 1),
        parents=[parent_a],
        levels={1: 2, 5: 1},
        follow_ups=[{"description": "Bellen"}],
    )

    family_erase(child=child_a, reason="Verzoek", by_user=admin_user)

    assert not Parent.objects.filter(pk=parent_a.pk).exists()
    assert totals(location_a) == {}
    assert tip_totals(location_a) == {}
    assert_consistent()


def test_purge_expired(pm_a, group_a, org, location_a):
    child = make_child(
        group_a,
        date_of_birth=datetime.date(2014, 1, 1),
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2016, 1, 1),
    )
    log_conversation(pm_a, child, occurred_at=at(2015, 6, 1), levels={1: 2})
    assert totals(location_a)

    purge_organization(organization=org, today=datetime.date(2025, 6, 1))

    assert not Child.objects.filter(pk=child.pk).exists()
    assert totals(location_a) == {}
    assert_consistent()


# --- rebuild and check -----------------------------------------------------------------------


def test_rebuild_repairs_everything(pm_a, child_a, parent_a):
    log_conversation(
        pm_a, child_a, occurred_at=at(2025, 5, 1), parents=[parent_a], levels={1: 2, 5: 2, 6: 2}
    )
    DayTotal.objects.update(n=99)
    DayTipTotal.objects.all().delete()
    Child.objects.update(last_talk_at=None)
    Parent.objects.update(last_sit_down_at=at(2020, 1, 1))
    assert set(rollups.differences()) == {
        "day totals",
        "tip totals",
        "child last talk",
        "parent last talks",
    }
    with pytest.raises(CommandError):
        call_command("rebuild_rollups", "--check", stdout=None, stderr=None)

    call_command("rebuild_rollups")
    call_command("rebuild_rollups")  # idempotent

    assert_consistent()
    call_command("rebuild_rollups", "--check")


# --- random write sequences ------------------------------------------------------------------

OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["log", "move", "kind", "levels", "parents", "delete", "bulk_delete"]),
        st.integers(min_value=0, max_value=10_000),
    ),
    min_size=1,
    max_size=12,
)
KINDS = ["breng", "haal", "tienminutengesprek", "evaluatie", "telefonisch"]


@settings(max_examples=25)
@given(OPERATIONS)
def test_random_write_sequences_keep_the_totals(pm_a, child_a, parent_a, group_a, operations):
    children = [child_a, *Child.objects.filter(group=group_a).exclude(pk=child_a.pk)[:1]]
    if len(children) == 1:
        children.append(make_child(group_a))
    base = at(2025, 3, 28, 20)  # a few days around the change to summer time
    for operation, n in operations:
        talks = list(Conversation.objects.order_by("pk"))
        talk = talks[n % len(talks)] if talks else None
        when = base + datetime.timedelta(minutes=97 * n)
        levels = {1 + n % 10: n % 4, 1 + (n // 10) % 10: None if n % 5 == 0 else (n // 3) % 4}
        if operation == "log" or talk is None:
            log_conversation(
                pm_a,
                children[n % 2],
                kind=KINDS[n % len(KINDS)],
                occurred_at=when,
                parents=[parent_a] if n % 3 else [],
                levels=levels,
                escalated=n % 7 == 0,
                ended_early=n % 11 == 0,
            )
        elif operation == "move":
            edit(talk, pm_a, occurred_at=when)
        elif operation == "kind":
            edit(talk, pm_a, kind=KINDS[n % len(KINDS)], escalated=n % 2 == 0)
        elif operation == "levels":
            edit(talk, pm_a, levels=levels)
        elif operation == "parents":
            edit(talk, pm_a, parents=[] if talk.parents.exists() else [parent_a])
        elif operation == "delete":
            conversation_delete(conversation=talk, reason="test", deleted_by=pm_a)
        else:
            Conversation.objects.filter(day=talk.day).delete()
        assert rollups.differences() == {}, operation
    assert kept_values() == python_values()

    # The rebuild recomputes the same values from nothing.
    DayTotal.objects.all().delete()
    DayTipTotal.objects.update(n=7)
    Child.objects.update(last_talk_at=None)
    Parent.objects.update(last_handover_at=at(2020, 1, 1), last_sit_down_at=None)
    rollups.rebuild()
    assert kept_values() == python_values()
    assert rollups.differences() == {}


# --- the bulk seeds --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_seed_large_leaves_the_totals_right():
    """PostgreSQL loads with the triggers off and rebuilds; SQLite fires them row by row."""
    call_command("seed_large", scale=0.002, force=True, stdout=StringIO())

    assert DayTotal.objects.exists()
    assert_consistent()


def test_saving_a_stale_child_or_parent_keeps_the_trigger_values(pm_a, child_a, parent_a):
    """A child and parent loaded before a talk was logged, then saved in full (an admin
    edit): the last-talk columns the triggers wrote stay."""
    stale_child = Child.objects.get(pk=child_a.pk)
    stale_parent = Parent.objects.get(pk=parent_a.pk)
    assert stale_child.last_talk_at is None and stale_parent.last_handover_at is None
    talk = log_conversation(pm_a, child_a, parents=[parent_a], kind="breng", tone="fijn")

    stale_child.first_name = "Anders"
    stale_child.save()
    stale_parent.phone = "0612345678"
    stale_parent.save()

    child_a.refresh_from_db()
    parent_a.refresh_from_db()
    assert child_a.first_name == "Anders" and parent_a.phone == "0612345678"
    assert child_a.last_talk_at == talk.occurred_at
    assert parent_a.last_handover_at == talk.occurred_at
