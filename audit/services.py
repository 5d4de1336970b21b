"""Writing the audit trail: one function, called by every view that shows or changes
a child's, parent's or conversation's data, by exports and prints, and by the login signals."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.db import models
from django.http import HttpRequest

from organisatie.access import scope_for
from ouderportaal.network import client_address

from .models import Action, AuditEvent


def truncate_ip(raw: str | None) -> str:
    """Keep the network, drop the host: /24 for IPv4, /48 for IPv6."""
    if not raw:
        return ""
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def client_ip(request: HttpRequest | None) -> str:
    return truncate_ip(client_address(request))


def record(
    *,
    request: HttpRequest | None,
    action: str,
    object_type: str,
    object_id: int | None = None,
    child_id: int | None = None,
    location_id: int | None = None,
    user=None,
    organization_id: int | None = None,
) -> AuditEvent:
    """Append one row. Never pass content (names, summaries, notes): only ids.

    The organisation is the actor's (their staff scope); a parent in the portal has none,
    so their rows name the organisation of the parent (``organization_id``) to stay in
    the managers' trail."""
    actor = user if user is not None else getattr(request, "user", None)
    if actor is not None and not actor.is_authenticated:
        actor = None
    scope = scope_for(actor) if actor is not None else None
    return AuditEvent.objects.create(
        user=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        child_id=child_id,
        organization_id=scope.organization_id if scope and not scope.is_empty else organization_id,
        location_id=location_id,
        ip=client_ip(request),
    )


def record_view_child(request: HttpRequest, child) -> None:
    record(
        request=request,
        action=Action.VIEW,
        object_type="child",
        object_id=child.pk,
        child_id=child.pk,
        location_id=child.location_id,
    )


def pseudonymise(
    *,
    child_ids: Iterable[int] = (),
    parent_ids: Iterable[int] = (),
    user_ids: Iterable[int] = (),
) -> int:
    """Drop the link to a person, keep the action and time (retention and erasure)."""
    child_ids, parent_ids, user_ids = list(child_ids), list(parent_ids), list(user_ids)
    if not child_ids and not parent_ids and not user_ids:
        return 0
    rows = AuditEvent.objects.filter(
        models.Q(child_id__in=child_ids)
        | models.Q(object_type="parent", object_id__in=parent_ids)
        | models.Q(user_id__in=user_ids)
    )
    # The one sanctioned change: the database trigger allows exactly this.
    return models.QuerySet.update(
        rows, child_id=None, object_id=None, user=None, ip="", pseudonymised=True
    )
