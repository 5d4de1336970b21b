"""Reusable reads: which consents a user may use for printing a child's dossier externally."""

from __future__ import annotations

from django.db.models import QuerySet

from kinderen.models import Child
from ouderportaal.fields import parse_id

from .models import Consent


def active_consents(user, child: Child) -> QuerySet[Consent]:
    return (
        Consent.objects.visible_to(user)
        .active()
        .filter(child=child)
        .select_related("given_by")
        .order_by("-given_on", "-pk")
    )


def consent_for_external_print(user, child: Child, raw_id: str | None) -> Consent | None:
    """The active consent of this child with this id, visible to the user; else None."""
    consent_id = parse_id(raw_id)
    if consent_id is None:
        return None
    return active_consents(user, child).filter(pk=consent_id).first()
