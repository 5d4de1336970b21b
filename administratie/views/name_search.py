"""A name search on a list page without the name in the URL.

Names must not reach URLs (browser history, proxy and server logs): the search box is
posted, the term waits in the session under a random key, and the list's URL carries only
that key (``?zoek=…``) beside its filters, so paging and the back button keep the search.
The same practice as the staff's search page (gesprekken.views.people.search).
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest, QueryDict

SESSION_KEY = "administration_searches"
PARAM = "zoek"
KEPT = 5


def keep_term(request: HttpRequest, term: str) -> str:
    kept = request.session.get(SESSION_KEY, {})
    key = secrets.token_urlsafe(8)
    kept[key] = term
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT:])
    return key


def kept_term(request: HttpRequest) -> str:
    return request.session.get(SESSION_KEY, {}).get(request.GET.get(PARAM, ""), "")


def list_query(params: dict[str, str]) -> str:
    """The list's query string (filters and search key), without empty values or the page."""
    query = QueryDict(mutable=True)
    for name, value in params.items():
        if value not in (None, ""):
            query[name] = str(value)
    return query.urlencode()
