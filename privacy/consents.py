"""Consents to share a child's information (warme overdracht): given and withdrawn."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from kinderen.models import Child
from organisatie.models import StaffMember
from ouders.models import Parent

from .models import Consent


@transaction.atomic
def consent_give(
    *,
    child: Child,
    given_by: Parent,
    recipient: str,
    scope: str,
    given_on: datetime.date,
    created_by: StaffMember | None,
) -> Consent:
    consent = Consent(
        child=child,
        given_by=given_by,
        recipient=recipient,
        scope=scope,
        given_on=given_on,
        created_by=created_by,
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, on: datetime.date | None = None) -> Consent:
    """Withdrawn from today on; withdrawing twice keeps the first date."""
    if consent.withdrawn_on is None:
        consent.withdrawn_on = max(on or timezone.localdate(), consent.given_on)
        consent.save(update_fields=["withdrawn_on"])
    return consent
