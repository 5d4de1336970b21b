from django.http import HttpRequest

from ouderportaal.network import client_address


def client_ip_for_throttling(request: HttpRequest) -> str | None:
    """The full client address for login throttling (the audit trail truncates its own copy)."""
    return client_address(request)
