from django.http import HttpRequest

from .services import two_factor_required


def two_factor(request: HttpRequest) -> dict:
    """Hide the navigation until a user who needs 2FA has verified this session."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    pending = not user.is_verified() and two_factor_required(request)
    return {"two_factor_pending": pending}
