"""The benchmark's in-process measurements: pages, query counts, profiles, plans.

Everything here runs inside this process with the Django test client, against the same
database as the server under load (bench/load.py): the queries of one request and
whether their number holds on other data, a cProfile of one request, the time of each
block of the manager's overview, EXPLAIN ANALYZE of slow queries.
`bench/bench.py` runs them on the large seeded database; the smoke test
(tests/bench/test_bench_smoke.py) runs them briefly, so they cannot rot.
"""

from __future__ import annotations

import cProfile
import datetime
import io
import os
import pstats
import re
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median
from urllib.parse import urlencode

SLOW_QUERY_MS = 10.0  # queries at least this slow get an EXPLAIN ANALYZE in out/plans/


# --- what is measured --------------------------------------------------------------------


@dataclass
class Page:
    name: str
    label: str
    user: str | None
    path: str
    # The same page over other data (a child with few talks, page 2, ...): the number of
    # queries must not change.
    alt_path: str | None = None
    method: str = "GET"
    data: dict = field(default_factory=dict)


def discover() -> dict:
    """Ids for the pages: the benchmark users' location, a busy child, a rich conversation."""
    from django.db.models import Count  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from gesprekken.models import Conversation, ConversationShare  # noqa: PLC0415
    from kinderen.models import Child  # noqa: PLC0415
    from organisatie.models import StaffMember  # noqa: PLC0415

    pm = StaffMember.objects.get(user__username="bench_pm")
    manager = StaffMember.objects.get(user__username="bench_manager")
    location_id = manager.locations.values_list("pk", flat=True).get()
    talks = Conversation.objects.filter(location_id=location_id)
    per_child = talks.values("child_id").annotate(n=Count("pk")).order_by("-n", "child_id")
    busiest = per_child.first()
    quietest = per_child.order_by("n", "child_id").first()
    rich = (
        talks.filter(follow_ups__isnull=False, tip_scores__isnull=False)
        .exclude(author=manager)
        .order_by("-feedback", "-occurred_at")
        .values_list("pk", flat=True)
        .first()
    )
    plain = talks.filter(kind="breng").order_by("-occurred_at").values_list("pk", flat=True)[0]
    own_groups = pm.groups.values_list("pk", flat=True)
    at_the_door = (
        Child.objects.in_care()
        .filter(location_id=location_id, group__in=own_groups, parent_links__isnull=False)
        .order_by("pk")
        .values_list("pk", "parent_links__parent_id")
        .first()
    )
    # The parent portal (#15): the bench parent's richest shared talk (their agreement)
    # and a plain one (nothing but the summary).
    shares = ConversationShare.objects.filter(parents__account__user__username="bench_parent")
    portal_talk = (
        shares.filter(
            conversation__follow_ups__owner_parent__account__user__username="bench_parent"
        )
        .values_list("conversation_id", flat=True)
        .first()
    )
    portal_plain = (
        shares.filter(conversation__follow_ups__isnull=True)
        .exclude(conversation__parent_responses__isnull=False)
        .values_list("conversation_id", flat=True)
        .first()
    )
    today = timezone.localdate()
    return {
        "location_id": location_id,
        "child_id": busiest["child_id"],
        "child_conversations": busiest["n"],
        "quiet_child_id": quietest["child_id"],
        "conversation_id": rich or plain,
        "plain_conversation_id": plain,
        "handover_child_id": at_the_door[0],
        "handover_parent_id": at_the_door[1],
        "van": (today - datetime.timedelta(days=182)).isoformat(),
        "tot": today.isoformat(),
        "default_van": (today - datetime.timedelta(days=91)).isoformat(),
        "portal_conversation_id": portal_talk,
        "portal_plain_conversation_id": portal_plain or portal_talk,
    }


def pages(ids: dict) -> list[Page]:
    from django.urls import reverse  # noqa: PLC0415

    history = reverse("history")
    overview = reverse("overview")
    parent_voice = reverse("parent_voice")
    filtered = urlencode(
        {"van": ids["van"], "tot": ids["tot"], "locatie": ids["location_id"], "q": "slapen"}
    )
    location_overview = urlencode(
        {"van": ids["default_van"], "tot": ids["tot"], "locatie": ids["location_id"]}
    )
    return [
        Page("healthz", "/healthz (baseline)", None, reverse("healthz")),
        # Not a key page: an almost empty page behind the login (session, user, two-step
        # check, the page frame), the floor every key page stands on.
        Page("floor", "search form (empty page: the floor)", "bench_pm", reverse("search")),
        Page("home", "pm'er home", "bench_pm", reverse("home")),
        Page(
            "child",
            "child page (busiest child)",
            "bench_pm",
            reverse("child_detail", args=[ids["child_id"]]),
            alt_path=reverse("child_detail", args=[ids["quiet_child_id"]]),
        ),
        Page(
            "history",
            "history, page 1",
            "bench_manager",
            history,
            alt_path=f"{history}?pagina=3",
        ),
        Page(
            "history_filtered",
            "history, period + location + 'slapen'",
            "bench_manager",
            f"{history}?{filtered}",
        ),
        Page(
            "conversation",
            "conversation detail",
            "bench_manager",
            reverse("conversation_detail", args=[ids["conversation_id"]]),
            alt_path=reverse("conversation_detail", args=[ids["plain_conversation_id"]]),
        ),
        Page(
            "overview_location",
            "overview, one location",
            "bench_manager",
            f"{overview}?{location_overview}",
        ),
        Page(
            "overview_org",
            "overview, whole organisation",
            "bench_admin",
            overview,
            alt_path=f"{overview}?{location_overview}",
        ),
        # The parent portal (#15): the parent's start page and a shared talk; the
        # manager's page of what parents answered (felt heard beside the own score).
        Page("portal_home", "parent portal start page", "bench_parent", reverse("portal_home")),
        Page(
            "portal_conversation",
            "parent portal: a shared talk",
            "bench_parent",
            reverse("portal_conversation", args=[ids["portal_conversation_id"]]),
            alt_path=reverse("portal_conversation", args=[ids["portal_plain_conversation_id"]]),
        ),
        Page(
            "parent_voice_location",
            "parents' voice, one location",
            "bench_manager",
            parent_voice,
        ),
        Page(
            "parent_voice_org",
            "parents' voice, whole organisation",
            "bench_admin",
            parent_voice,
            alt_path=f"{parent_voice}?{urlencode({'locatie': ids['location_id']})}",
        ),
        Page(
            "handover_post",
            "handover talk (POST)",
            "bench_pm",
            reverse("handover", args=[ids["handover_child_id"]]),
            method="POST",
            data={
                "soort": "breng",
                "tone": "fijn",
                "summary": "Goed geslapen en vrolijk binnengekomen",
                "parents": str(ids["handover_parent_id"]),
            },
        ),
    ]


# --- in-process --------------------------------------------------------------------------


@dataclass
class Query:
    sql: str
    ms: float
    in_template: bool = False


class _TemplateDepth:
    """Whether a query runs while a template renders (a lazy queryset in the template)."""

    depth = 0

    @classmethod
    def tracking(cls):
        import contextlib  # noqa: PLC0415

        from django.template import base  # noqa: PLC0415

        original = base.Template.render

        def render(self, context):
            cls.depth += 1
            try:
                return original(self, context)
            finally:
                cls.depth -= 1

        @contextlib.contextmanager
        def patched():
            base.Template.render = render
            try:
                yield
            finally:
                base.Template.render = original

        return patched()


class QueryLog:
    """Every query with its own duration (Django's execute wrapper, no DEBUG needed)."""

    def __init__(self) -> None:
        self.queries: list[Query] = []

    def __call__(self, execute, sql, params, many, context):
        from django.db import connection  # noqa: PLC0415

        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            try:
                text = connection.ops.last_executed_query(context["cursor"], sql, params)
            except Exception:  # noqa: BLE001 - the text is only for the report
                text = sql
            self.queries.append(Query(str(text), elapsed, _TemplateDepth.depth > 0))

    @property
    def count(self) -> int:
        return len(self.queries)

    @property
    def ms(self) -> float:
        return sum(q.ms for q in self.queries)


def client_for(username: str | None):
    """A Django test client logged in as the user, two-step verified like a real session."""
    from django.apps import apps  # noqa: PLC0415
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    client = Client(HTTP_HOST="127.0.0.1")
    if username is None:
        return client
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    if apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp import DEVICE_ID_SESSION_KEY  # noqa: PLC0415
        from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
    return client


def _send(client, page: Page, path: str | None = None):
    path = path or page.path
    if page.method == "POST":
        # A key and a note of its own: a repeated note is taken for a resubmitted form.
        token = uuid.uuid4()
        data = {**page.data, "idempotency_key": str(token)}
        data["summary"] = f"{data.get('summary', '')} {token.hex[:6]}".strip()
        return client.post(path, data)
    return client.get(path)


def logged_request(client, page: Page, path: str | None = None) -> tuple[int, QueryLog, float]:
    from django.db import connection  # noqa: PLC0415

    log = QueryLog()
    started = time.perf_counter()
    with connection.execute_wrapper(log):
        response = _send(client, page, path)
    return response.status_code, log, (time.perf_counter() - started) * 1000


@dataclass
class QueryCount:
    status: int
    queries: int
    alt_queries: int | None
    db_ms: float
    total_ms: float
    slowest: list[tuple[float, str]]

    @property
    def constant(self) -> bool:
        return self.alt_queries is None or self.alt_queries == self.queries


def count_queries(page: Page, *, repeat: int = 3, out_dir: Path | None = None) -> QueryCount:
    """Queries of one request after a warm-up; the fastest of `repeat` runs for the times.

    With ``out_dir``, every query of that request goes to out_dir/<page>.sql with its time.
    """
    client = client_for(page.user)
    _send(client, page)  # warm-up: caches, connection, translations
    runs = [logged_request(client, page) for _ in range(repeat)]
    status, log, total_ms = min(runs, key=lambda run: run[2])
    alt = None
    if page.alt_path:
        _send(client, page, page.alt_path)
        alt = logged_request(client, page, page.alt_path)[1].count
    slowest = sorted(((q.ms, q.sql) for q in log.queries), reverse=True)[:5]
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        listing = [f"-- {page.label}: {page.method} {page.path} -> {status}, {log.count} queries"]
        listing += [f"\n-- {n}: {q.ms:.2f} ms\n{q.sql};" for n, q in enumerate(log.queries, 1)]
        (out_dir / f"{page.name}.sql").write_text("\n".join(listing) + "\n")
    return QueryCount(status, log.count, alt, log.ms, total_ms, slowest)


@dataclass
class Profile:
    total_ms: float
    template_ms: float  # rendering, without the SQL of lazy querysets evaluated in templates
    template_sql_ms: float  # the SQL run from inside templates
    db_ms: float
    queries: int
    hot_spots: list[str]
    file: str


def profile_request(page: Page, out_dir: Path) -> Profile:
    """cProfile one warm request; the full listing goes to out_dir/<page>.txt."""
    client = client_for(page.user)
    _send(client, page)
    profiler = cProfile.Profile()
    with _TemplateDepth.tracking():
        profiler.enable()
        status, log, total_ms = logged_request(client, page)
        profiler.disable()
    template_sql_ms = sum(q.ms for q in log.queries if q.in_template)
    stats = pstats.Stats(profiler)
    template_ms = 0.0
    for (filename, _line, function), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        if function == "render" and filename.endswith(
            os.path.join("django", "template", "base.py")
        ):
            template_ms = max(template_ms, ct * 1000)
    # Own time in Python: the driver's execute is the SQL, reported on its own.
    own_time = sorted(
        (item for item in stats.stats.items() if "psycopg" not in item[0][2]),
        key=lambda item: item[1][2],
        reverse=True,
    )
    hot_spots = [
        f"{_short(filename)}:{line} {function} {tt * 1000:.1f} ms own, {nc} calls"
        for (filename, line, function), (_cc, nc, tt, _ct, _callers) in own_time[:10]
    ]
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{page.name}.txt"
    buffer = io.StringIO()
    buffer.write(f"{page.label}: {page.method} {page.path} -> {status}\n")
    buffer.write(f"{total_ms:.1f} ms under cProfile, {log.count} queries, {log.ms:.1f} ms SQL\n\n")
    pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(45)
    pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(30)
    target.write_text(buffer.getvalue())
    template_ms = max(0.0, template_ms - template_sql_ms)
    return Profile(
        total_ms, template_ms, template_sql_ms, log.ms, log.count, hot_spots, str(target)
    )


def _short(filename: str) -> str:
    for marker in ("site-packages" + os.sep, str(Path(__file__).resolve().parent.parent) + os.sep):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


OUTSIDE = "(outside the blocks)"


@dataclass
class Block:
    name: str
    wall_ms: float
    sql_ms: float
    queries: int
    sql: list[str]


class _BlockRecorder:
    """Wraps the dashboard's functions: wall time and queries per top-level call."""

    def __init__(self) -> None:
        self.log = QueryLog()
        self.blocks: dict[str, Block] = {}
        self.in_blocks: set[int] = set()
        self.depth = 0

    def wrap(self, name: str, function):
        def wrapper(*args, **kwargs):
            if self.depth:  # a block calling a helper: counted in the block
                return function(*args, **kwargs)
            self.depth += 1
            first = self.log.count
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                wall = (time.perf_counter() - started) * 1000
                self.depth -= 1
                queries = self.log.queries[first:]
                if queries:
                    self.in_blocks.update(range(first, self.log.count))
                    block = self.blocks.setdefault(name, Block(name, 0.0, 0.0, 0, []))
                    block.wall_ms += wall
                    block.sql_ms += sum(q.ms for q in queries)
                    block.queries += len(queries)
                    block.sql += [q.sql for q in queries]

        return wrapper


def overview_blocks(page: Page, *, repeat: int = 3) -> list[Block]:
    """Time each block of the overview as the view runs it (the dashboard's functions).

    The view calls ``dashboard.<block>(...)``; each call is wrapped for the duration of
    the request and records its wall time and its queries. Queries outside the blocks
    (session, user, scope, the audit row, ...) are reported as "(outside the blocks)".
    """
    import inspect  # noqa: PLC0415

    from django.db import connection  # noqa: PLC0415

    from inzicht import dashboard  # noqa: PLC0415

    client = client_for(page.user)
    _send(client, page)
    functions = {
        name: function
        for name, function in vars(dashboard).items()
        if inspect.isfunction(function)
        and function.__module__ == dashboard.__name__
        and not name.startswith("_")
    }
    runs: list[dict[str, Block]] = []
    for _ in range(repeat):
        recorder = _BlockRecorder()
        log, blocks = recorder.log, recorder.blocks
        for name, function in functions.items():
            setattr(dashboard, name, recorder.wrap(name, function))
        try:
            with connection.execute_wrapper(log):
                response = _send(client, page)
        finally:
            for name, function in functions.items():
                setattr(dashboard, name, function)
        if response.status_code != 200:
            raise RuntimeError(f"{page.path} answered {response.status_code}")
        outside = [q for i, q in enumerate(log.queries) if i not in recorder.in_blocks]
        blocks[OUTSIDE] = Block(
            OUTSIDE, 0.0, sum(q.ms for q in outside), len(outside), [q.sql for q in outside]
        )
        runs.append(blocks)
    result = []
    for name, block in runs[-1].items():
        block.wall_ms = median(run[name].wall_ms for run in runs if name in run)
        block.sql_ms = median(run[name].sql_ms for run in runs if name in run)
        result.append(block)
    return result


@dataclass
class Plan:
    label: str
    execution_ms: float
    summary: list[str]
    file: str


_NODE = re.compile(
    r"(Seq Scan|Parallel Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan|Bitmap Index Scan)"
    r"(?: Backward)?(?: using (\S+))? on (\S+)(?: \S+)?\s+\(cost=[^)]*\) "
    r"\(actual time=[\d.]+\.\.([\d.]+) rows=(\d+) loops=(\d+)\)"
)


def explain(sql: str, label: str, out_dir: Path) -> Plan | None:
    """EXPLAIN (ANALYZE, BUFFERS) a SELECT on PostgreSQL; the plan goes to out_dir/<label>.txt."""
    from django.db import connection  # noqa: PLC0415

    if connection.vendor != "postgresql" or not sql.lstrip().upper().startswith("SELECT"):
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        text = "\n".join(row[0] for row in cursor.fetchall())
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{label}.txt"
    target.write_text(f"{sql}\n\n{text}\n")
    executed = re.search(r"Execution Time: ([\d.]+) ms", text)
    summary = []
    for node, index, table, end_ms, rows, loops in _NODE.findall(text):
        using = f" using {index}" if index else ""
        summary.append(f"{node} on {table}{using}: {rows} rows x {loops} loops, {end_ms} ms")
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("Sort Method", "Rows Removed by Filter")) or "external" in line:
            summary.append(stripped)
    return Plan(label, float(executed.group(1)) if executed else 0.0, summary[:12], str(target))


def as_dict(value) -> dict:
    return asdict(value)
