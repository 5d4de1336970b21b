"""What the user sees when something fails below the view.

- The database cannot be reached (a dropped or refused connection, a server restart):
  ``OperationalError`` and ``InterfaceError``. A plain Dutch 503 with ``Retry-After``;
  the app recovers by itself when the database is back.
- The database refuses the data (``IntegrityError``, ``DataError``): a constraint or
  trigger caught input the form should have caught. That is the request's fault, not an
  outage: a 400 ("go back and try again"), never a 503. Forms validate first, so this is
  the last guard, and it is logged so the missing form check gets found.
- Anything else: a plain 500 without a traceback.

The pages are rendered without the request's context processors, which would query the
database that just failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DataError, IntegrityError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404
from django.views.defaults import page_not_found

logger = logging.getLogger(__name__)

UNAVAILABLE = (OperationalError, InterfaceError)
REFUSED_INPUT = (IntegrityError, DataError)
RETRY_AFTER_SECONDS = 30


def database_unavailable() -> HttpResponse:
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def response_for(error: BaseException | None) -> HttpResponse:
    """The error page for an exception a view let through."""
    if isinstance(error, UNAVAILABLE):
        logger.error("database unavailable: %s", type(error).__name__)
        return database_unavailable()
    if isinstance(error, REFUSED_INPUT):
        # The class only: the message can hold the refused values.
        logger.warning("database refused the input: %s", type(error).__name__)
        return HttpResponse(render_to_string("400.html"), status=400)
    return HttpResponse(render_to_string("500.html"), status=500)


class DatabaseRefusalMiddleware:
    """Turns a constraint the database enforced into a 400 instead of a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, REFUSED_INPUT):
            return response_for(exception)
        return None


class NotFoundPageMiddleware:
    """A record out of the user's scope (a view raising Http404) shows the Dutch 404 page,
    also with DEBUG on, where Django would show its English technical page. Developers see
    what users see; an address that matches no URL still gets Django's technical page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404) and not isinstance(exception, Resolver404):
            return page_not_found(request, exception)
        return None
