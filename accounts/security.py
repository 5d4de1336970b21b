from django.conf import settings
from django.http import HttpRequest


def client_ip_for_throttling(request: HttpRequest) -> str | None:
    """The full client address for login throttling (the audit trail truncates its own copy)."""
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")
