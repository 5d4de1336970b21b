"""Who is a parent in the portal, and the boundary between the portal and the staff pages.

A parent logs in with a user that has a ``ouders.ParentAccount`` and no staff record.
Their scope for every staff model is empty (organisatie/access.py), so a staff page
shows them nothing; on top of that the boundary (``PortalBoundaryMiddleware``) answers
404 on every staff page and sends them from the start page to the portal. The portal's
own pages (``/ouder/``) fetch everything through the ``for_parent(parent)`` querysets
beside the models, starting from :func:`portal_parent`; for staff that is None, so the
portal's pages are a 404 for them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation

from organisatie.access import scope_for
from ouders.models import ParentAccount

_CACHE_ATTR = "_ouderportaal_parent_account"
PORTAL_PREFIX = "/ouder/"

# Pages outside /ouder/ a parent may open: logging in and out, the language, their own
# password and (optional) two-step verification, and the e-mailed links.
PARENT_ALLOWED_NAMES = frozenset(
    {
        "healthz",
        "login",
        "logout",
        "set_language",
        "password_change",
        "password_change_done",
        "two_factor",
        "two_factor_settings",
        "two_factor_disable",
        "recovery_codes_renew",
        "invitation_accept",
        "invitation_renew",
        "password_forgot",
        "password_reset_confirm",
    }
)


def portal_account(user) -> ParentAccount | None:
    """The user's parent account (with parent and organisation), once per request; None
    for staff, anonymous and inactive users."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cached = getattr(user, _CACHE_ATTR, False)
    if cached is not False:
        return cached
    account = None
    if scope_for(user).is_empty:  # staff never pay the query
        account = (
            ParentAccount.objects.select_related("parent__organization")
            .filter(user_id=user.pk)
            .first()
        )
    setattr(user, _CACHE_ATTR, account)
    return account


def portal_parent(user):
    account = portal_account(user)
    return account.parent if account is not None else None


def parent_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A portal page: only for a parent (``request.parent``, ``request.parent_account``);
    anyone else gets the 404 of a page that does not exist for them."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        account = portal_account(request.user)
        if account is None:
            raise Http404
        request.parent_account = account
        request.parent = account.parent
        return view(request, *args, **kwargs)

    return wrapper


def portal_language_codes() -> set[str]:
    """The languages the portal speaks (settings.PORTAL_LANGUAGES)."""
    return _codes(settings.PORTAL_LANGUAGES)


def portal_language(code: str | None) -> str:
    """A language the portal speaks, else Dutch."""
    return code if code in portal_language_codes() else settings.LANGUAGE_CODE


def _codes(languages) -> set[str]:
    return {code for code, _name in languages}


class PortalBoundaryMiddleware:
    """Parents stay in the portal; staff pages speak the staff's languages only.

    - A parent gets the portal's start page for ``/``, their own portal pages, the pages in
      ``PARENT_ALLOWED_NAMES``, and a 404 for every other page; the portal speaks the
      language saved on their account.
    - Anyone else (staff, and anonymous visitors on staff pages) sees the staff languages
      (settings.STAFF_LANGUAGES): a parent's Arabic on a shared tablet does not carry over
      half-translated into the staff pages.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        account = portal_account(getattr(request, "user", None))
        match = getattr(request, "resolver_match", None)
        # The view name with its namespace: the admin site's "admin:login" is not "login".
        name = match.view_name if match is not None else None
        if account is None:
            if not request.path_info.startswith(PORTAL_PREFIX) and name not in (
                PARENT_ALLOWED_NAMES
            ):
                _use_language(request, _staff_language(translation.get_language()))
            return None
        _use_language(request, portal_language(account.language))
        if request.path_info.startswith(PORTAL_PREFIX) or name in PARENT_ALLOWED_NAMES:
            return None
        if name == "home":
            return redirect("portal_home")
        raise Http404


def _staff_language(code: str | None) -> str:
    return code if code in _codes(settings.STAFF_LANGUAGES) else settings.LANGUAGE_CODE


def _use_language(request: HttpRequest, code: str) -> None:
    if translation.get_language() != code:
        translation.activate(code)
        request.LANGUAGE_CODE = code
