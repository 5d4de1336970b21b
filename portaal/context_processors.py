from django.conf import settings
from django.http import HttpRequest

from .access import portal_account

STAFF_BASE = "base.html"
PORTAL_BASE = "portaal/base.html"


def languages(request: HttpRequest) -> dict:
    """The language switch offers the portal's languages to parents and to visitors who
    are not logged in (the login page, e-mailed links); staff pages speak Dutch and English.

    ``account_base`` is the frame of the pages parents share with staff outside /ouder/
    (password, two-step verification, e-mailed links, error pages): for a logged-in parent
    the portal's own, so they never see the staff navigation; ``portal_user`` says so.
    """
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    parent = authenticated and portal_account(user) is not None
    staff = authenticated and not parent
    choices = settings.STAFF_LANGUAGES if staff else settings.PORTAL_LANGUAGES
    return {
        "language_choices": [code for code, _name in choices],
        "account_base": PORTAL_BASE if parent else STAFF_BASE,
        "portal_user": parent,
        # A parent's language switch saves the language on their account (portal_language).
        "is_portal_parent": parent,
    }
