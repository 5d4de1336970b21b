"""The benchmark over HTTP: log in like a browser, load a page with wrk, read the server.

Used against gunicorn by bench/bench.py and against pytest-django's live_server by the
smoke test. wrk only ever loads the loopback interface, bounded in time and connections.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from .measure import Page

PASSWORD = "demo"  # noqa: S105 - the demo password seed_large gives the bench users


class LoginFailed(RuntimeError):
    pass


class Browser:
    """Just enough of a browser: cookies, the csrf token, login with two-step verification."""

    def __init__(self, base_url: str, *, timeout: float = 60) -> None:
        self.timeout = timeout
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    @property
    def csrf_token(self) -> str:
        for name, value in self.cookies.items():
            if name.endswith("csrftoken"):
                return value
        raise LoginFailed("no csrf cookie")

    def request(self, method: str, path: str, data: dict | None = None):
        headers = {"Cookie": self.cookie_header} if self.cookies else {}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for raw in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(raw)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def login(self, username: str, password: str = PASSWORD) -> Browser:
        from django.urls import reverse  # noqa: PLC0415

        login = reverse("login")
        self.request("GET", login)
        form = {"username": username, "password": password, "csrfmiddlewaretoken": self.csrf_token}
        status, headers, _body = self.request("POST", login, form)
        if status != 302:
            raise LoginFailed(f"{username}: login answered {status}")
        status, headers, _body = self.request("GET", "/")
        location = headers.get("Location", "")
        if status == 302 and "2fa" in location:
            self.verify_two_factor(username, urlsplit(location).path)
            status, headers, _body = self.request("GET", "/")
        if status == 302 and urlsplit(headers.get("Location", "")).path == reverse("portal_home"):
            # A parent: "/" sends them to the portal's start page.
            status, headers, _body = self.request("GET", reverse("portal_home"))
        if status != 200:
            raise LoginFailed(f"{username}: home page answered {status} after login")
        return self

    def verify_two_factor(self, username: str, path: str) -> None:
        for _attempt in range(2):
            self.request("GET", path)
            form = {
                "token": totp_token(username),
                "next": "/",
                "csrfmiddlewaretoken": self.csrf_token,
            }
            status, _headers, _body = self.request("POST", path, form)
            if status == 302:
                return
            time.sleep(31 - time.time() % 30)  # a code is used once: wait for the next one
        raise LoginFailed(f"{username}: two-step verification failed")


def totp_token(username: str) -> str:
    from django_otp.oath import TOTP  # noqa: PLC0415
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415

    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is None:
        raise LoginFailed(f"{username} has no authenticator (seed with seed_large)")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def check_page(browser: Browser | None, base_url: str, page: Page) -> int:
    """The status the page answers, without following redirects (wrk counts a 302 as fine)."""
    browser = browser or Browser(base_url)
    data = None
    if page.method == "POST":
        token = uuid.uuid4()
        data = {**page.data, "csrfmiddlewaretoken": browser.csrf_token}
        data["idempotency_key"] = str(token)
        data["summary"] = f"{data.get('summary', '')} {token.hex[:6]}".strip()
    status, headers, _body = browser.request(page.method, page.path, data)
    if page.method == "POST" and status == 302 and "login" in headers.get("Location", ""):
        return 401
    return status


@dataclass
class WrkResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int = 0
    socket_errors: int = 0
    bad_responses: int = 0
    created: int | None = None  # POST: conversations that were really saved
    raw: str = ""


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> WrkResult:
    def percentile(p: str) -> float:
        match = re.search(rf"^\s+{p}%\s+(\S+)", output, re.M)
        return _ms(match.group(1)) if match else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    bad = re.search(r"bad_responses: (\d+)", output)
    return WrkResult(
        requests_per_s=float(rps.group(1)) if rps else 0.0,
        p50_ms=percentile("50"),
        p99_ms=percentile("99"),
        requests=int(total.group(1)) if total else 0,
        non_2xx_3xx=int(non2xx.group(1)) if non2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
        bad_responses=int(bad.group(1)) if bad else 0,
        raw=output,
    )


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(
    base_url: str,
    page: Page,
    browser: Browser | None,
    *,
    duration: float,
    connections: int = 16,
    threads: int = 2,
    post_sessions: Path | None = None,
) -> WrkResult:
    """Load one page with wrk on the loopback interface: bounded in time and connections."""
    if urlsplit(base_url).hostname not in {"127.0.0.1", "localhost"}:
        raise ValueError("the benchmark only loads servers on the loopback interface")
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "10s",
        "--latency",
    ]
    if page.method == "POST":
        script = Path(__file__).with_name("handover_post.lua")
        command += ["-s", str(script), base_url, "--"]
        command += [page.path, str(post_sessions), page.data["parents"]]
    else:
        if browser is not None:
            command += ["-H", f"Cookie: {browser.cookie_header}"]
        command.append(base_url.rstrip("/") + page.path)
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


def wait_until_idle(base_url: str, workers: int, *, limit_s: float = 300) -> float:
    """Wait until every worker answers /healthz at once (no backlog from the last run).

    wrk stops after its duration, but sync workers still finish the requests already
    queued; a slow page can keep them busy for a while and would spoil the next run.
    """
    import concurrent.futures  # noqa: PLC0415

    from django.urls import reverse  # noqa: PLC0415

    path = reverse("healthz")

    def probe(_n: int) -> float:
        started = time.perf_counter()
        try:
            Browser(base_url, timeout=10).request("GET", path)
        except OSError:
            return float("inf")
        return time.perf_counter() - started

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        while time.monotonic() - started < limit_s:
            if max(pool.map(probe, range(workers))) < 0.25:
                return time.monotonic() - started
            time.sleep(0.5)
    return time.monotonic() - started


def write_post_sessions(browsers: list[Browser], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{b.cookie_header}\t{b.csrf_token}\n" for b in browsers))
    return path


def worker_memory(master_pid: int) -> dict:
    """Peak (VmHWM) and current RSS in MiB of gunicorn's master and its workers."""

    def status(pid: int) -> dict[str, int]:
        values = {}
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _sep, rest = line.partition(":")
            if key in {"VmHWM", "VmRSS"}:
                values[key] = int(rest.split()[0]) // 1024
        return values

    workers = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:
            workers.append(int(entry.name))
    per_worker = {pid: status(pid) for pid in sorted(workers)}
    return {
        "master": status(master_pid),
        "workers": per_worker,
        "peak_worker_mib": max((s.get("VmHWM", 0) for s in per_worker.values()), default=0),
    }


def machine() -> dict:
    """What the numbers were measured on."""
    import platform  # noqa: PLC0415

    import django  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kib = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        memory_kib = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            database = connection.vendor
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database,
        "loadavg": Path("/proc/loadavg").read_text().split()[:3]
        if Path("/proc/loadavg").exists()
        else [],
    }
