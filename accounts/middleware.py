"""Session lifetime and the two-factor requirement, checked on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .services import two_factor_required

LOGIN_AT = "_login_at"
SEEN_AT = "_seen_at"
# Writing the session on every request costs a database write; once a minute is enough.
SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """Log out after SESSION_IDLE_TIMEOUT seconds without a request, and always after
    SESSION_ABSOLUTE_TIMEOUT seconds since login (a shared tablet left logged in)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and not user.is_authenticated and SESSION_KEY in request.session:
            # The account was deactivated (or its password changed elsewhere): end the
            # session for good, so reactivating the account doesn't resume it.
            request.session.flush()
        elif user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.get(LOGIN_AT, now)
            seen_at = session.get(SEEN_AT, now)
            idle = now - seen_at > settings.SESSION_IDLE_TIMEOUT
            expired = now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT
            if idle or expired:
                logout(request)
                target = f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}"
                return redirect(target)
            if now - seen_at >= SEEN_RESOLUTION:
                session[SEEN_AT] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Managers, admins (and pm'ers who opted in) verify with a code before any page."""

    EXEMPT_NAMES = frozenset(
        {
            "login",
            "logout",
            "two_factor",
            "set_language",
            "healthz",
            "javascript-catalog",
            # The public pages of e-mailed links: they log in as the link's user, if anyone.
            "invitation_accept",
            "invitation_renew",
            "password_forgot",
            "password_reset_confirm",
        }
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name in self.EXEMPT_NAMES:
            return None
        if not two_factor_required(request):
            return None
        target = f"{reverse('two_factor')}?{urlencode({'next': request.get_full_path()})}"
        return redirect(target)


def start_session_clock(request: HttpRequest) -> None:
    """At login: the absolute and idle timeouts count from now."""
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
