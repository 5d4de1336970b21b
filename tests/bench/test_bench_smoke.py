"""The benchmark cannot rot: a tiny seed_large, then every measurement of bench/ briefly.

`make bench` itself (a million conversations, minutes of wrk) is not part of the suite;
this runs the same code on scale 0.002 (one location, 40 children, ~2,000 talks) against
pytest-django's live_server, with one-second wrk runs when wrk is installed.
"""

from __future__ import annotations

import time
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F
from django.utils import timezone

from bench import load, measure
from bench.bench import markdown, verdicts
from demo.large import Plan
from gesprekken.models import Conversation, ConversationShare, ParentResponse, Tip
from gesprekken.scoring import NOT_APPLICABLE, score_conversation
from kinderen.models import Child
from organisatie.models import Location, StaffMember
from ouders.models import ParentAccount

SCALE = 0.002


@pytest.fixture
def seeded(django_db_serialized_rollback, transactional_db) -> str:
    """Transactional (the live server must see the rows), with the ten tips restored."""
    out = StringIO()
    call_command("seed_large", scale=SCALE, force=True, stdout=out)
    return out.getvalue()


def test_plan_scales_down_to_fractions():
    assert (Plan(1).locations, Plan(1).children, Plan(1).conversations) == (200, 20_000, 1_000_000)
    assert (Plan(0.01).locations, Plan(0.01).children, Plan(0.01).managers) == (2, 200, 1)
    assert Plan(SCALE).locations == 1
    assert Plan(SCALE).children >= 6  # at least one child per group


def test_refuses_without_debug_or_force(db):
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_large", scale=SCALE, stdout=StringIO())
    assert not Location.objects.exists()


def test_seed_is_consistent(seeded):
    """Denormalised columns as the service would write them; the scores recomputed agree."""
    assert "Seeded in" in seeded
    assert Location.objects.count() == 1
    assert Child.objects.count() == Plan(SCALE).children
    talks = Conversation.objects.all()
    assert 1_500 < talks.count() < 2_600
    assert not talks.exclude(location_id=F("child__location_id")).exists()
    assert not talks.exclude(version=1).exists()
    handover = talks.filter(kind__in=["breng", "haal"]).count()
    assert handover > 0.75 * talks.count()  # far more talks at the door than sit-down
    mentors = Child.objects.exclude(mentor__locations=F("location_id"))
    assert not mentors.exists()  # the trigger's rule, checked once more
    assert StaffMember.objects.filter(user__username__startswith="bench_").count() == 3
    # The parent portal (#15): the bench parent sees their shared talks.
    bench_parent = ParentAccount.objects.get(user__username="bench_parent").parent
    assert ConversationShare.objects.for_parent(bench_parent).count() >= 20
    assert ConversationShare.objects.exclude(parents=bench_parent).exists()
    assert ParentResponse.objects.exclude(parent=bench_parent).exists()
    rules = [tip.rule for tip in Tip.objects.standard()]
    sample = talks.prefetch_related("tip_scores__tip").order_by("pk")[::37]
    for talk in sample:
        assert talk.participation_discussed == ("ouderparticipatie" in talk.topics)
        levels = {
            s.tip.number: NOT_APPLICABLE if s.level is None else s.level
            for s in talk.tip_scores.all()
            if not s.proposed
        }
        result = score_conversation(
            rules=rules,
            kind=talk.kind,
            parent_stance=talk.parent_stance or None,
            participation_discussed=talk.participation_discussed,
            levels=levels,
            speaking_seconds=(talk.staff_seconds, talk.parent_seconds),
        )
        expected = None if result.percentage is None else Decimal(str(result.percentage))
        assert (talk.score_percentage, talk.score_scored, talk.score_applicable) == (
            expected,
            result.scored,
            result.applicable,
        )
    with pytest.raises(CommandError, match="already exists"):
        call_command("seed_large", scale=SCALE, force=True, stdout=StringIO())


def test_measurements_run(seeded, live_server, tmp_path):
    """Every measurement of bench/bench.py, briefly: the benchmark's code keeps working."""
    pages = measure.pages(measure.discover())
    by_name = {page.name: page for page in pages}

    queries = {page.name: measure.count_queries(page, repeat=1) for page in pages}
    for page in pages:
        assert queries[page.name].status == (302 if page.method == "POST" else 200), page.name
        assert queries[page.name].queries > 0
    profile = measure.profile_request(by_name["child"], tmp_path / "profiles")
    assert profile.hot_spots and (tmp_path / "profiles" / "child.txt").exists()
    blocks = measure.overview_blocks(by_name["overview_org"], repeat=1)
    names = {block.name for block in blocks}
    assert measure.OUTSIDE in names and len(names) > 3
    plan = measure.explain(blocks[0].sql[0], "smoke", tmp_path / "plans")
    if connection.vendor == "postgresql":
        assert plan is not None and plan.execution_ms >= 0
    else:
        assert plan is None

    base_url = live_server.url
    users = {page.user for page in pages} - {None}
    browsers = {None: None} | {user: load.Browser(base_url).login(user) for user in users}
    for page in pages:
        expected = 302 if page.method == "POST" else 200
        assert load.check_page(browsers[page.user], base_url, page) == expected, page.name

    results = {
        "date": "smoke",
        "machine": load.machine(),
        "loadavg_after": [],
        "config": {"workers": 0, "connections": 1, "threads": 1, "duration": 1},
        "seed": {},
        "counts": {},
        "pages": [{"name": p.name, "label": p.label, "user": p.user} for p in pages],
        "queries": {n: {**measure.as_dict(q), "constant": q.constant} for n, q in queries.items()},
        "profiles": {"child": measure.as_dict(profile)},
        "blocks": {"location": [], "organisation": [measure.as_dict(b) for b in blocks]},
        "plans": [measure.as_dict(plan)] if plan else [],
        "wrk": {},
    }
    if load.wrk_available():
        sessions = load.write_post_sessions(
            [browsers["bench_pm"], load.Browser(base_url).login("bench_pm")],
            tmp_path / "sessions.txt",
        )
        for name in ("healthz", "child", "handover_post"):
            page = by_name[name]
            started = timezone.now()
            result = load.run_wrk(
                base_url,
                page,
                browsers[page.user],
                duration=1,
                connections=1,
                threads=1,
                post_sessions=sessions,
            )
            assert result.requests > 0 and result.requests_per_s > 0, result.raw
            assert result.non_2xx_3xx == result.socket_errors == result.bad_responses == 0
            if page.method == "POST":
                # The same author, child and moment within five minutes: a request logs a
                # talk or corrects the one just logged (gesprekken/door.py).
                assert Conversation.objects.filter(updated_at__gte=started).exists()
            results["wrk"][name] = measure.as_dict(result)
        _wait_until_the_server_is_idle()
    results["verdicts"] = verdicts(results)
    assert "| child page" in markdown(results)


def test_parse_wrk_output():
    output = """Running 10s test @ http://127.0.0.1:8000/healthz
  2 threads and 16 connections
  Latency Distribution
     50%  812.00us
     75%    1.10ms
     90%    1.52ms
     99%    2.10s
  12345 requests in 10.00s, 2.00MB read
  Non-2xx or 3xx responses: 3
  Socket errors: connect 0, read 1, write 0, timeout 2
Requests/sec:   1234.50
bad_responses: 4
"""
    result = load.parse_wrk(output)
    assert (result.requests_per_s, result.requests) == (1234.5, 12345)
    assert (result.p50_ms, result.p99_ms) == (0.812, 2100.0)
    assert (result.non_2xx_3xx, result.socket_errors, result.bad_responses) == (3, 3, 4)


def _wait_until_the_server_is_idle(timeout: float = 5.0) -> None:
    """wrk stops mid-request: let the live server finish writing (conversations, audit rows)
    before the test's flush, or the flush races with those inserts."""
    from audit.models import AuditEvent

    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        now = (Conversation.objects.count(), AuditEvent.objects.count())
        if now == last:
            return
        last = now
        time.sleep(0.25)
