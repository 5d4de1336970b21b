"""The token of an access link and its absolute URL (see accounts/invitations.py)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import AccessLink, AccessLinkPurpose

SALT = "accounts.access-link"


def _signer() -> signing.Signer:
    # No timestamp: the row says when the link expires, and one link has one token.
    return signing.Signer(salt=SALT)


def make_token(link: AccessLink) -> str:
    return _signer().sign_object([link.pk, link.nonce])


def read_token(token: str) -> tuple[int, str] | None:
    """The link id and nonce in a token, or None if it was not made by this server."""
    try:
        link_id, nonce = _signer().unsign_object(token)
        return int(link_id), str(nonce)
    except (signing.BadSignature, TypeError, ValueError):
        return None


def link_url(link: AccessLink) -> str:
    """The absolute link for the e-mail: from SITE_URL, never from a request's Host header."""
    name = (
        "invitation_accept"
        if link.purpose == AccessLinkPurpose.INVITE
        else "password_reset_confirm"
    )
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs={"token": make_token(link)})
