from django.http import HttpRequest

from .access import scope_for


def staff(request: HttpRequest) -> dict:
    """The user's scope for the navigation (computed once per request, cached on the user)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"scope": scope_for(user)}
