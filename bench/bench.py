"""The benchmark: measure the key pages on a large database (bench/run.sh sets it up).

    DATABASE_URL=postgres://... .venv/bin/python bench/bench.py [--duration 10]

Starts gunicorn with production settings (DEBUG off, sync workers = 2 x cores, on a
free loopback port), logs the benchmark users in over HTTP, warms every page up and
loads it with wrk (bounded: -t2 -c16 -d10s by default, loopback only). In the same
run, in-process against the same database: the SQL queries per page (and whether
they stay the same on other data), a cProfile of one request per page, the time of
each block of the manager's overview, and EXPLAIN ANALYZE of the organisation-wide
overview's queries and of every query slower than 10 ms. Writes bench/out/results.json
and bench/out/results.md (plans and profiles next to them).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import load, measure  # noqa: E402

TARGETS = {
    "ratio_to_healthz": 0.25,  # requests/s of every key page against /healthz
    "p99_ms": 150.0,  # at 16 connections
    "queries": 10,  # per page, the same on other data
    "overview_org_sql_ms": 300.0,  # all queries of the organisation-wide overview
}
POST_SESSIONS = 16


def production_environment() -> dict[str, str]:
    """The settings gunicorn and this process share (production-like, plain HTTP)."""
    return {
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL": "0",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "ouderportaal.settings",
        "STATIC_ROOT": os.environ.get("STATIC_ROOT", str(ROOT / "bench" / "out" / "staticfiles")),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, *, workers: int, port: int, log: Path) -> None:
        self.workers, self.port, self.log = workers, port, log
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Gunicorn:
        binary = Path(sys.executable).with_name("gunicorn")
        command = [
            str(binary),
            "ouderportaal.wsgi",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ]
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def seed_summary(path: Path) -> dict:
    """The seed's own report (bench/run.sh keeps it in out/seed.log)."""
    if not path.exists():
        return {}
    text = path.read_text()
    summary: dict = {"log": str(path)}
    for line in text.splitlines():
        if line.startswith("Seeded in"):
            summary["seconds"] = float(line.split()[2])
        elif line.strip().startswith("rows ") and "rows/s" in line:
            parts = line.split()
            summary["rows"] = int(parts[1].replace(",", ""))
            summary["rows_per_s"] = int(parts[2].strip("(").replace(",", ""))
        elif line.startswith("Seeding scale"):
            summary["scale"] = float(line.split()[2])
    return summary


def table_counts() -> dict[str, int]:
    from django.db import connection  # noqa: PLC0415

    from gesprekken.models import Conversation, FollowUp, TipScore  # noqa: PLC0415
    from kinderen.models import Child  # noqa: PLC0415
    from organisatie.models import Location  # noqa: PLC0415
    from ouders.models import Parent  # noqa: PLC0415

    counts = {}
    for model in (Location, Child, Parent, Conversation, TipScore, FollowUp):
        if connection.vendor == "postgresql":  # the estimate: a count(*) of 1M rows is slow
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [model._meta.db_table],
                )
                counts[model._meta.db_table] = cursor.fetchone()[0]
        else:
            counts[model._meta.db_table] = model.objects.count()
    return counts


def in_process(pages: list[measure.Page], out: Path) -> dict:
    """Queries, profiles, overview blocks and plans; before the load test changes the data."""
    queries = {page.name: measure.count_queries(page, out_dir=out / "queries") for page in pages}
    profiles = {page.name: measure.profile_request(page, out / "profiles") for page in pages}
    by_name = {page.name: page for page in pages}
    blocks = {
        "location": measure.overview_blocks(by_name["overview_location"]),
        "organisation": measure.overview_blocks(by_name["overview_org"]),
    }
    plans = []
    for block in blocks["organisation"]:
        for n, sql in enumerate(block.sql, start=1):
            name = block.name.strip("()").replace(" ", "-")
            plan = measure.explain(sql, f"overview_org-{name}-{n}", out / "plans")
            if plan is not None:
                plans.append(plan)
    for page_name, count in queries.items():
        for n, (ms, sql) in enumerate(count.slowest, start=1):
            if ms >= measure.SLOW_QUERY_MS:
                plan = measure.explain(sql, f"slow-{page_name}-{n}", out / "plans")
                if plan is not None:
                    plans.append(plan)
    return {"queries": queries, "profiles": profiles, "blocks": blocks, "plans": plans}


def load_test(
    pages: list[measure.Page],
    base_url: str,
    out: Path,
    *,
    duration: float,
    warmup: float,
    connections: int,
    threads: int,
    workers: int,
) -> dict:
    """Log in over HTTP, check every page answers as it should, then wrk each in turn."""
    from gesprekken.models import Conversation  # noqa: PLC0415

    browsers: dict[str | None, load.Browser | None] = {None: None}
    for page in pages:
        if page.user not in browsers:
            browsers[page.user] = load.Browser(base_url).login(page.user)
    post_page = next((page for page in pages if page.method == "POST"), None)
    post_sessions = None
    if post_page is not None:
        post_sessions = load.write_post_sessions(
            [load.Browser(base_url).login(post_page.user) for _ in range(POST_SESSIONS)],
            out / "post_sessions.txt",
        )
    for page in pages:
        status = load.check_page(browsers[page.user], base_url, page)
        expected = 302 if page.method == "POST" else 200
        if status != expected:
            raise RuntimeError(f"{page.name}: {page.path} answered {status}, not {expected}")
    results = {}
    for page in pages:
        options = {
            "connections": connections,
            "threads": threads,
            "post_sessions": post_sessions if page.method == "POST" else None,
        }
        browser = browsers[page.user]
        load.wait_until_idle(base_url, workers)
        load.run_wrk(base_url, page, browser, duration=warmup, **options)
        load.wait_until_idle(base_url, workers)
        before = Conversation.objects.count() if page.method == "POST" else 0
        result = load.run_wrk(base_url, page, browser, duration=duration, **options)
        if page.method == "POST":
            result.created = Conversation.objects.count() - before
        results[page.name] = result
        print(
            f"  {page.name:<18} {result.requests_per_s:>8.1f} req/s  p50 {result.p50_ms:>7.1f} ms"
            f"  p99 {result.p99_ms:>7.1f} ms",
            flush=True,
        )
    if post_sessions is not None:
        post_sessions.unlink(missing_ok=True)
    return results


def verdicts(results: dict) -> dict:
    baseline = results["wrk"].get("healthz", {}).get("requests_per_s") or 1.0
    rows = {}
    for page in results["pages"]:
        name = page["name"]
        wrk = results["wrk"].get(name)
        queries = results["queries"][name]
        row = {"queries_ok": queries["queries"] <= TARGETS["queries"] and queries["constant"]}
        if wrk:
            ratio = wrk["requests_per_s"] / baseline
            row.update(
                ratio=round(ratio, 3),
                ratio_ok=ratio >= TARGETS["ratio_to_healthz"],
                p99_ok=wrk["requests"] > 0 and wrk["p99_ms"] < TARGETS["p99_ms"],
                errors=wrk["non_2xx_3xx"] + wrk["socket_errors"] + wrk["bad_responses"],
            )
            if wrk.get("created") is not None and wrk["created"] < 0.95 * wrk["requests"]:
                # Every POST must log a talk; fewer means the run measured something else.
                row["errors"] += wrk["requests"] - wrk["created"]
        rows[name] = row
    org_sql = sum(
        b["sql_ms"] for b in results["blocks"]["organisation"] if not b["name"].startswith("(")
    )
    return {
        "pages": rows,
        "overview_org_sql_ms": round(org_sql, 1),
        "overview_org_ok": org_sql <= TARGETS["overview_org_sql_ms"],
    }


def _mark(ok: bool | None) -> str:
    return "" if ok is None else ("ok" if ok else "**over**")


def markdown(results: dict) -> str:
    m = results["machine"]
    v = results["verdicts"]
    seed = results["seed"]
    lines = [
        f"# Benchmark {results['date']}",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB, {m['os']}; "
        f"{m['database']}, Python {m['python']}, Django {m['django']}; gunicorn "
        f"{results['config']['workers']} sync workers; wrk -t{results['config']['threads']} "
        f"-c{results['config']['connections']} -d{results['config']['duration']}s. "
        f"Load average before/after: {' '.join(m['loadavg'])} / "
        f"{' '.join(results['loadavg_after'])}.",
        "",
        "Data: "
        + ", ".join(f"{table} {n:,}" for table, n in results["counts"].items())
        + (
            f". Seed: scale {seed.get('scale')}, {seed.get('seconds', 0):.0f} s, "
            f"{seed.get('rows_per_s', 0):,} rows/s."
            if seed
            else "."
        ),
        "",
        "| page | user | req/s | × /healthz | p50 ms | p99 ms | SQL queries (other data) | "
        "server ms (SQL ms) | verdict |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in results["pages"]:
        name = page["name"]
        wrk = results["wrk"].get(name, {})
        q = results["queries"][name]
        verdict = v["pages"][name]
        problems = []
        if wrk and not verdict.get("ratio_ok", True):
            problems.append("req/s")
        if wrk and not verdict.get("p99_ok", True):
            problems.append("p99")
        if not verdict["queries_ok"]:
            problems.append("queries")
        if verdict.get("errors"):
            problems.append(f"{verdict['errors']} errors")
        alt = f" ({q['alt_queries']})" if q["alt_queries"] is not None else ""
        if wrk.get("requests"):
            load = (
                f"{wrk['requests_per_s']:.1f} | {verdict['ratio']:.2f} | "
                f"{wrk['p50_ms']:.1f} | {wrk['p99_ms']:.1f}"
            )
        else:  # wrk only counts requests that finished within the run
            load = "0 | 0 | none finished | none finished"
        lines.append(
            f"| {page['label']} | {page['user'] or '-'} | {load} | {q['queries']}{alt} | "
            f"{q['total_ms']:.1f} ({q['db_ms']:.1f}) | "
            f"{'ok' if not problems else 'over: ' + ', '.join(problems)} |"
        )
    lines += [
        "",
        "Targets: every page ≥ 0.25 × /healthz req/s, p99 < 150 ms at "
        f"{results['config']['connections']} connections, ≤ 10 SQL queries per page and the "
        "same on other data, organisation-wide overview queries ≤ 300 ms in total. "
        "Server ms: one warm request in-process (Django test client, same database).",
        "",
        "## Overview blocks (in-process, median of 3, SQL time as measured by the driver)",
        "",
        "| block | location: wall ms | SQL ms | queries "
        "| organisation: wall ms | SQL ms | queries |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    location = {b["name"]: b for b in results["blocks"]["location"]}
    for block in results["blocks"]["organisation"]:
        here = location.get(block["name"], {})
        lines.append(
            f"| {block['name']} | {here.get('wall_ms', 0):.1f} | {here.get('sql_ms', 0):.1f} | "
            f"{here.get('queries', 0)} | {block['wall_ms']:.1f} | {block['sql_ms']:.1f} | "
            f"{block['queries']} |"
        )
    lines += [
        "",
        f"Organisation-wide overview, SQL in the blocks: {v['overview_org_sql_ms']:.1f} ms "
        f"({_mark(v['overview_org_ok'])}, target ≤ 300 ms).",
        "",
        "## Slowest plans (EXPLAIN ANALYZE)",
        "",
    ]
    for plan in sorted(results["plans"], key=lambda p: -p["execution_ms"])[:12]:
        lines.append(
            f"- `{plan['label']}` {plan['execution_ms']:.1f} ms ({Path(plan['file']).name})"
        )
        lines += [f"    - {item}" for item in plan["summary"][:6]]
    lines += ["", "## Where the time goes in one request (cProfile)", ""]
    lines += [
        "| page | total ms (under cProfile) | templates ms (SQL in templates) | SQL ms "
        "| top own-time function |",
        "|---|---:|---:|---:|---|",
    ]
    for name, profile in results["profiles"].items():
        top = profile["hot_spots"][0] if profile["hot_spots"] else ""
        lines.append(
            f"| {name} | {profile['total_ms']:.1f} | {profile['template_ms']:.1f} "
            f"({profile['template_sql_ms']:.1f}) | {profile['db_ms']:.1f} | {top} |"
        )
    rss = results.get("memory", {})
    if rss:
        lines += [
            "",
            f"Gunicorn memory: peak worker RSS (VmHWM) {rss['peak_worker_mib']} MiB; "
            + ", ".join(
                f"worker {pid}: {s.get('VmHWM', 0)} MiB peak" for pid, s in rss["workers"].items()
            )
            + f"; master {rss['master'].get('VmHWM', 0)} MiB.",
        ]
    post = results["wrk"].get("handover_post", {})
    if post:
        lines += [
            "",
            f"Handover POST: {post.get('requests', 0)} requests, "
            f"{post.get('created')} conversations saved.",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument(
        "--duration", type=float, default=float(os.environ.get("BENCH_DURATION", 10))
    )
    parser.add_argument("--warmup", type=float, default=float(os.environ.get("BENCH_WARMUP", 3)))
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        parser.error("DATABASE_URL must point at the seeded PostgreSQL database")
    if not load.wrk_available():
        parser.error("wrk is missing: apt-get install wrk")
    os.environ.update(production_environment())

    import django  # noqa: PLC0415

    django.setup()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC)
    ids = measure.discover()
    pages = measure.pages(ids)
    results: dict = {
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "machine": load.machine(),
        "config": {
            "workers": args.workers,
            "connections": args.connections,
            "threads": args.threads,
            "duration": args.duration,
            "warmup": args.warmup,
        },
        "seed": seed_summary(out / "seed.log"),
        "counts": table_counts(),
        "ids": ids,
        "pages": [
            {"name": p.name, "label": p.label, "user": p.user, "path": p.path} for p in pages
        ],
    }
    print("In-process: queries, profiles, overview blocks, plans ...", flush=True)
    found = in_process(pages, out)
    results["queries"] = {
        name: {**measure.as_dict(q), "constant": q.constant} for name, q in found["queries"].items()
    }
    results["profiles"] = {name: measure.as_dict(p) for name, p in found["profiles"].items()}
    results["blocks"] = {
        scope: [measure.as_dict(b) for b in blocks] for scope, blocks in found["blocks"].items()
    }
    results["plans"] = [measure.as_dict(p) for p in found["plans"]]

    server = Gunicorn(workers=args.workers, port=free_port(), log=out / "gunicorn.log")
    print(f"Load test against gunicorn ({args.workers} workers) ...", flush=True)
    try:
        server.start()
        found_wrk = load_test(
            pages,
            server.url,
            out,
            duration=args.duration,
            warmup=args.warmup,
            connections=args.connections,
            threads=args.threads,
            workers=args.workers,
        )
        results["memory"] = load.worker_memory(server.process.pid)
    finally:
        server.stop()
    results["wrk"] = {name: measure.as_dict(r) for name, r in found_wrk.items()}
    results["loadavg_after"] = load.machine()["loadavg"]
    results["verdicts"] = verdicts(results)
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str))
    report = markdown(results)
    (out / "results.md").write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
