"""Every page of the app, rendered as a user who may see it, for the HTML-level checks.

The URL list and the access decisions come from ``test_url_matrix``; each URL is requested
as the first role (in ``PREFERRED`` order) that gets a page (200), or else followed through
its redirect. Then the pages that only appear in some situations: error pages, form errors,
the lock-out page, the two-step verification pages, the edit conflict.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from privacy.models import Consent
from tests.gesprekken.helpers import sit_down_data

from .conftest import World
from .test_url_matrix import EXPECTED, URLS, request_as

PREFERRED = ("manager_a", "pm_a", "admin_user", "other_admin", "outsider", "pm_b", "anonymous")


@dataclass
class Page:
    label: str
    url: str
    response: object

    @property
    def html(self) -> str:
        return self.response.content.decode()

    @property
    def is_html(self) -> bool:
        return self.response.get("Content-Type", "").startswith("text/html")


def role_for(name: str) -> str:
    statuses = EXPECTED[name]
    for wanted in (200, 302):
        for role in PREFERRED:
            if statuses.get(role) == wanted:
                return role
    return "anonymous"


class Tags(HTMLParser):
    """The start tags of a page with their attributes (parsed, so text is never mistaken)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_bodies: list[tuple[dict, str]] = []
        self._in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "script":
            self._in_script = attributes
            self.script_bodies.append((attributes, ""))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._in_script is not None and self.script_bodies:
            attributes, text = self.script_bodies[-1]
            self.script_bodies[-1] = (attributes, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser


def matrix_pages(client_as: Callable[[str], Client], world: World) -> list[Page]:
    """One page per URL of the matrix, as a role that may use it (redirects followed)."""
    pages = []
    for name in sorted(URLS):
        if name not in EXPECTED:
            continue
        client = client_as(role_for(name))
        response = request_as(client, name, world)
        url = response.request["PATH_INFO"]
        if response.status_code == 302 and response["Location"].startswith("/"):
            url = response["Location"]
            response = client.get(url)
        pages.append(Page(name, url, response))
    return pages


def situation_pages(client_as: Callable[[str], Client], world: World, getfixture) -> list[Page]:
    """Pages that only appear in certain situations."""
    pages: list[Page] = []

    def add(label: str, client: Client, method: str, url: str, data=None, status=200) -> None:
        send = client.post if method == "POST" else client.get
        response = send(url, data or {})
        assert response.status_code == status, f"{label}: {response.status_code}, not {status}"
        pages.append(Page(label, url, response))

    child_url = reverse("child_detail", args=[world.child_a.pk])
    add("404 page", client_as("pm_b"), "GET", child_url, status=404)
    add("403 page", client_as("pm_a"), "GET", reverse("history"), status=403)
    add("405 page", client_as("pm_a"), "POST", reverse("home"), status=405)
    manager = client_as("manager_a")
    dossier = reverse("dossier", args=[world.child_a.pk])
    add("consent required", manager, "GET", f"{dossier}?toestemming=999999", status=403)
    # A fresh consent: the matrix withdrew consent_a.
    consent = Consent.objects.create(
        child=world.child_a,
        given_by=world.parent_a,
        recipient="Basisschool",
        scope="Taal",
        given_on=world.consent_a.given_on,
    )
    add("dossier, external print", manager, "GET", f"{dossier}?toestemming={consent.pk}")
    searcher = client_as("pm_a")
    # The search posts and redirects to its results (POST-redirect-GET).
    results = searcher.post(reverse("search"), {"q": "de Vries"})["Location"]
    add("search results", searcher, "GET", results)
    add("search error", client_as("pm_a"), "POST", reverse("search"), {"q": "x"})
    create = reverse("conversation_create", args=[world.child_a.pk])
    add("conversation form errors", client_as("pm_a"), "POST", create, {"summary": "x"})
    add(
        "conversation with preparation",
        client_as("pm_a"),
        "GET",
        f"{create}?voorbereiding={world.preparation_a.pk}",
    )
    handover = reverse("handover", args=[world.child_a.pk])
    add("handover errors", client_as("pm_a"), "POST", handover, {"soort": "x"})
    feedback = reverse("feedback_create", args=[world.conversation_a.pk])
    add("feedback errors", manager, "POST", feedback, {"went_well": ""})
    consent = reverse("consent_create", args=[world.child_a.pk])
    add("consent errors", manager, "POST", consent, {"recipient": ""})
    erase = reverse("family_erase", args=[world.child_a.pk])
    add("erase errors", client_as("admin_user"), "POST", erase, {"reason": "kort"})
    add(
        "organisation settings errors",
        client_as("admin_user"),
        "POST",
        reverse("organization_settings"),
        {"reach_alert_weeks": "0"},
    )
    delete = reverse("conversation_delete", args=[world.conversation_a.pk])
    add("delete errors", manager, "POST", delete, {"reason": ""})
    edit = reverse("conversation_edit", args=[world.conversation_a.pk])
    stale = sit_down_data(version=0, summary="Mijn versie", idempotency_key=uuid.uuid4())
    add("edit conflict", client_as("pm_a"), "POST", edit, stale, status=409)
    add(
        "password change errors",
        client_as("pm_a"),
        "POST",
        reverse("password_change"),
        {"old_password": "fout"},
    )
    add("login errors", Client(), "POST", reverse("login"), {"username": "x", "password": "y"})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(reverse("login"), {"username": "pm_a2", "password": "fout"})
    add(
        "lock-out",
        Client(),
        "POST",
        reverse("login"),
        {"username": "pm_a2", "password": "y"},
        status=429,
    )
    manager_a = getfixture("manager_a")
    TOTPDevice.objects.get_or_create(user=manager_a, name="test", defaults={"confirmed": True})
    unverified = Client()
    unverified.force_login(manager_a)
    add("two-step verification", unverified, "GET", reverse("two_factor"))
    add("two-step wrong code", unverified, "POST", reverse("two_factor"), {"token": "000000"})
    add("two-step settings (on)", manager, "GET", reverse("two_factor_settings"))
    return pages
