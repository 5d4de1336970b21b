from django.conf import settings
from django.http import HttpRequest

from .access import portal_account


def languages(request: HttpRequest) -> dict:
    """The language switch offers the portal's languages to parents and to visitors who
    are not logged in (the login page, e-mailed links); staff pages speak Dutch and English."""
    user = getattr(request, "user", None)
    parent = portal_account(user) is not None
    staff = user is not None and user.is_authenticated and not parent
    choices = settings.STAFF_LANGUAGES if staff else settings.PORTAL_LANGUAGES
    # A parent's switch saves the language on their account (portal_language).
    return {"language_choices": [code for code, _name in choices], "is_portal_parent": parent}
