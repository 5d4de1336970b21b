"""No personal data in URLs: they end up in browser histories, proxy and server logs.

Crawls the app as a manager of location A and as the organisation's admin, starting from
every page of the URL matrix and following every link on this site, and checks every
``href``, ``action``, ``src`` and ``formaction`` (except ``mailto:`` and ``tel:`` links, the
parent's contact details by design), every redirect target, and every value a
``<form method="get">`` would put in the query string: none may contain a child's or
parent's first or last name, or a child's date of birth (as YYYY-MM-DD or DD-MM-YYYY).
"""

from __future__ import annotations

import datetime
from collections import deque
from html.parser import HTMLParser
from urllib.parse import unquote_plus, urldefrag

import pytest
from django.urls import reverse

from gesprekken.models import Conversation
from kinderen.models import Child
from ouders.models import Parent
from tests.factories import link_parent, make_child, make_parent
from tests.gesprekken.helpers import days_ago, log_conversation

from .test_url_matrix import EXPECTED, POSTS, URLS, url_for

pytestmark = pytest.mark.django_db

MAX_PAGES_PER_ROLE = 150
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data-url", "data-href")
NOT_CRAWLED = ("/static/", "/beheer/", "/taal/", "/accounts/logout/")


class Links(HTMLParser):
    """URLs in attributes, and the name=value pairs a GET form would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.get_form_values: list[str] = []
        self._get_form = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in URL_ATTRIBUTES:
            if attributes.get(name):
                self.urls.append(attributes[name])
        if tag == "form":
            self._get_form = (attributes.get("method") or "get").lower() == "get"
        elif self._get_form and tag in {"input", "option", "button"}:
            value = attributes.get("value")
            if value and attributes.get("type") != "submit":
                self.get_form_values.append(value)

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        pass

    def handle_endtag(self, tag):
        if tag == "form":
            self._get_form = False


@pytest.fixture
def people(world, child_b, parent_b, other_child, other_parent, group_a, pm_a, pm_b, org):
    """More children and parents, with distinctive dates of birth, and talks about them."""
    world.child_a.date_of_birth = datetime.date(2023, 5, 17)
    world.child_a.save()
    child_b.date_of_birth = datetime.date(2018, 8, 3)
    child_b.save()
    sibling = make_child(
        group_a, first_name="Noor", last_name="Yilmaz", date_of_birth=datetime.date(2024, 1, 29)
    )
    parent = make_parent(org, first_name="Fatma", last_name="Yilmaz")
    link_parent(sibling, parent)
    log_conversation(
        pm_a,
        sibling,
        parents=[parent],
        occurred_at=days_ago(3),
        escalated=True,
        follow_ups=[{"description": "Bellen", "due_date": days_ago(10).date()}],
    )
    log_conversation(pm_b, child_b, parents=[parent_b], occurred_at=days_ago(4))
    return world


def forbidden_words() -> list[str]:
    words = set()
    for first, last in Child.objects.values_list("first_name", "last_name"):
        words |= {first, last}
    for first, last in Parent.objects.values_list("first_name", "last_name"):
        words |= {first, last}
    for born in Child.objects.values_list("date_of_birth", flat=True):
        words |= {born.isoformat(), born.strftime("%d-%m-%Y")}
    return sorted(word.lower() for word in words if word)


def crawl(client, start: list[str]) -> tuple[set[str], list[str], int]:
    """Breadth-first over this site's GET links. Returns (URLs seen, GET form values, pages)."""
    seen: set[str] = set()
    values: list[str] = []
    queue = deque(start)
    visited: set[str] = set()
    while queue and len(visited) < MAX_PAGES_PER_ROLE:
        url = urldefrag(queue.popleft())[0]
        if url in visited or not url.startswith("/") or url.startswith(NOT_CRAWLED):
            continue
        visited.add(url)
        response = client.get(url)
        if response.status_code in (301, 302):
            seen.add(response["Location"])
            queue.append(response["Location"])
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        links = Links()
        links.feed(response.content.decode())
        seen.update(links.urls)
        values.extend(links.get_form_values)
        queue.extend(u for u in links.urls if u.startswith("/"))
    return seen, values, len(visited)


@pytest.mark.parametrize("role", ["manager_a", "admin_user"])
def test_no_names_or_birth_dates_in_urls(role, people, client_as):
    client = client_as(role)
    start = []
    redirects = []
    for name in sorted(URLS):
        if EXPECTED.get(name, {}).get(role) not in (200, 302) or name == "logout":
            continue
        url = url_for(name, people)
        if name in POSTS:
            response = client.post(url, POSTS[name](people))
            if response.status_code == 302:
                redirects.append(response["Location"])
        else:
            start.append(url)
    start += [reverse("history") + "?verloop=escalatie", reverse("history") + "?sorteer=kind"]

    seen, form_values, pages = crawl(client, start + redirects)
    seen.update(redirects)

    # mailto: and tel: links are the parent's contact details, meant to be there; they never
    # reach a server log or a browser history.
    seen = {url for url in seen if not url.lower().startswith(("mailto:", "tel:"))}
    words = forbidden_words()
    leaks = [(url, word) for url in seen for word in words if word in unquote_plus(url).lower()]
    assert not leaks, leaks
    form_leaks = [(v, w) for v in form_values for w in words if w in v.lower()]
    assert not form_leaks, f"a GET form would put these in the URL: {form_leaks}"
    assert pages >= 30, f"only {pages} pages crawled"
    assert len(seen) >= 50
    assert Conversation.objects.count() >= 3
    print(f"\n{role}: {pages} pages crawled, {len(seen)} URLs checked against {len(words)} words")


def test_the_checker_finds_a_name_in_a_url(people):
    words = forbidden_words()

    assert "emma" in words
    assert "17-05-2023" in words
    assert any(w in unquote_plus("/zoeken/?q=Emma+de+Vries").lower() for w in words)
