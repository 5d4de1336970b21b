"""The client's address, as far as this server can know it.

Behind reverse proxies the connection comes from the nearest proxy; each proxy appends the
address it received the request from to ``X-Forwarded-For``. Only the entries added by
proxies we run can be trusted: everything to their left was sent by the client and can
say anything. With ``TRUSTED_PROXY_COUNT = n`` the client is the n-th address from the
right, never the left-most (an attacker would choose that one).

    client -> proxy 1 -> proxy 2 -> app
    X-Forwarded-For: "<anything the client sent>, client, proxy 1"   REMOTE_ADDR: proxy 2
    n = 0: proxy 2 (no proxy trusted)   n = 1: proxy 1   n = 2: client
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str | None) -> str | None:
    if not address:
        return None
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest | None) -> str | None:
    """The client's IP address, taking TRUSTED_PROXY_COUNT proxies into account."""
    if request is None:
        return None
    remote = _valid(request.META.get("REMOTE_ADDR"))
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        # Fewer hops than configured: the request did not come through all our proxies.
        return remote
    return _valid(forwarded[-count]) or remote
