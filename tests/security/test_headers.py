"""Security headers, and HTML that the Content Security Policy can protect.

The policy allows scripts only from this site with the request's nonce and no inline style,
so every page must be written for it: no ``style=`` attribute, no ``<style>`` element, no
inline ``<script>`` (a ``type="application/json"`` data block from ``json_script`` is data,
not script, and is allowed), no ``on...=`` event handler attribute.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from .pages import matrix_pages, parse, situation_pages

pytestmark = pytest.mark.django_db


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize(
    ("role", "page"), [("pm_a", "home"), ("manager_a", "overview"), ("manager_a", "history")]
)
def test_security_headers_on_a_logged_in_page(client_as, role, page):
    response = client_as(role).get(reverse(page))
    assert response.status_code == 200

    policy = csp(response)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy.get("style-src", [])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_script_nonces_match_the_policy(client_as):
    client = client_as("manager_a")
    response = client.get(reverse("overview"))  # the page with the most scripts

    nonces = [v[len("'nonce-") : -1] for v in csp(response)["script-src"] if "nonce-" in v]
    assert len(nonces) == 1
    scripts = [attrs for tag, attrs in parse(response.content.decode()).tags if tag == "script"]
    assert len(scripts) >= 3
    for attrs in scripts:
        if attrs.get("type") == "application/json":
            continue
        assert attrs.get("nonce") == nonces[0], f"script without the request's nonce: {attrs}"

    again = client.get(reverse("overview"))
    assert csp(again)["script-src"] != csp(response)["script-src"], "a nonce must not repeat"


def test_healthz_is_not_cached(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_login_page_has_the_policy_too(client):
    response = client.get(reverse("login"))

    assert csp(response)["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


EVENT_HANDLER = re.compile(r"^on[a-z]+$")


def _violations(html: str) -> list[str]:
    found = []
    parsed = parse(html)
    for tag, attrs in parsed.tags:
        if "style" in attrs:
            found.append(f"<{tag} style=...>")
        for name in attrs:
            if EVENT_HANDLER.match(name):
                found.append(f"<{tag} {name}=...>")
        if tag == "style":
            found.append("<style> element")
        for name in ("href", "src", "action", "formaction"):
            if (attrs.get(name) or "").strip().lower().startswith("javascript:"):
                found.append(f"<{tag} {name}=javascript:...>")
    for attrs, text in parsed.script_bodies:
        if attrs.get("type") == "application/json":
            continue
        if "src" not in attrs or text.strip():
            found.append(f"inline <script>: {text.strip()[:60]!r}")
    return found


def test_every_page_is_csp_clean(client_as, world, request, settings):
    """Every page of the URL matrix, and the situational ones, as a user who may see it."""
    pages = matrix_pages(client_as, world) + situation_pages(
        client_as, world, request.getfixturevalue
    )
    problems = {}
    checked = 0
    for page in pages:
        if not page.is_html:
            continue
        checked += 1
        found = _violations(page.html)
        if found:
            problems[f"{page.label} ({page.url}, {page.response.status_code})"] = found
        if page.response.status_code < 500 and "Content-Security-Policy" not in page.response:
            problems[page.label] = ["no Content-Security-Policy header"]
    assert not problems, problems
    assert checked >= 40, f"only {checked} HTML pages checked"
    print(f"\nCSP-clean HTML pages: {checked}")


def test_error_page_is_csp_clean(client, settings):
    settings.ROOT_URLCONF = "tests.urls_boom"
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    assert not _violations(response.content.decode())


def test_the_checker_finds_violations():
    html = (
        '<div style="color:red" onclick="go()"><a href="javascript:x()">x</a></div>'
        "<style>p{}</style><script>alert(1)</script><script src='/a.js'>b()</script>"
        '<script type="application/json" id="d">{"a": 1}</script><script src="/ok.js"></script>'
    )

    assert len(_violations(html)) == 6
