"""Invitations and forgotten passwords: one-time links to set a password, sent by e-mail.

Interface for other apps:

- ``send_invitation(user, *, by, language="nl") -> AccessLink``: a new invitation link (valid
  ``INVITATION_HOURS``, 72 by default); earlier unused invitation links of the user stop
  working; the e-mail is sent by a background job once the transaction commits; audited.
- ``invitation_state(user) -> str``: ``"none" | "pending" | "expired" | "accepted"``, from
  the user's newest invitation link.
- ``invitation_states(user_ids) -> dict[int, str]``: the same for a page of a list, in one
  query (users without any invitation are ``"none"``, also when missing from the dict's
  keys: use ``states.get(user.pk, "none")``).
- ``send_password_reset(email, request) -> None``: a reset link (``PASSWORD_RESET_HOURS``,
  2 by default) to every active account with that address, at most one per
  ``PASSWORD_RESET_COOLDOWN_MINUTES``; nothing tells the caller whether the address exists.

Why signed tokens and not a stored hash: the token is ``[link id, nonce]`` signed with
``signing.Signer`` and its own salt (accounts/tokens.py). The e-mail job receives only the
link id (task arguments are stored in the database by the tasks backend, so they must not
hold a secret) and re-creates the token from the row. The signature makes a guessed or
altered token fail before any lookup; the random nonce on the row means a token of a
deleted or replaced row never matches again; expiry and one-time use are columns, so they
can be told apart and shown to the user.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language

from audit.models import Action
from audit.services import record

from .models import AccessLink, AccessLinkPurpose
from .tasks import send_access_link_email
from .tokens import read_token


class LinkStatus(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    INVALID = "invalid"  # tampered, unknown, or for an account that can no longer log in


@dataclass(frozen=True)
class CheckedLink:
    status: LinkStatus
    link: AccessLink | None = None


def check_token(token: str, purpose: str) -> CheckedLink:
    """What a token from a URL is: valid, expired, used or invalid (never an exception)."""
    found = read_token(token)
    if found is None:
        return CheckedLink(LinkStatus.INVALID)
    link_id, nonce = found
    link = (
        AccessLink.objects.select_related("user")
        .filter(pk=link_id, purpose=purpose, user__is_active=True)
        .first()
    )
    if link is None or not constant_time_compare(link.nonce, nonce):
        return CheckedLink(LinkStatus.INVALID)
    if link.used_at is not None:
        return CheckedLink(LinkStatus.USED, link)
    if link.expires_at <= timezone.now():
        return CheckedLink(LinkStatus.EXPIRED, link)
    last_login = link.user.last_login
    if last_login is not None and last_login > link.created_at:
        # Logged in since the link was made (as Django's reset tokens do): the person
        # evidently knows a password, so the link retires.
        return CheckedLink(LinkStatus.EXPIRED, link)
    return CheckedLink(LinkStatus.VALID, link)


def _supersede(user, purpose: str, *, now: datetime.datetime) -> None:
    """Earlier unused links of this purpose stop working (they show as expired)."""
    AccessLink.objects.filter(
        user=user, purpose=purpose, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)


def _create_link(user, purpose: str, *, hours: int, by=None, language: str = "nl") -> AccessLink:
    now = timezone.now()
    _supersede(user, purpose, now=now)
    link = AccessLink.objects.create(
        user=user,
        purpose=purpose,
        nonce=secrets.token_urlsafe(16),
        language=language,
        expires_at=now + datetime.timedelta(hours=hours),
        created_by=by,
    )
    link_id = link.pk
    transaction.on_commit(lambda: send_access_link_email.enqueue(link_id))
    return link


@transaction.atomic
def send_invitation(
    user, *, by, request: HttpRequest | None = None, language: str = "nl"
) -> AccessLink:
    """Invite ``user`` to set a password (and, for managers and admins, two-step
    verification right after). ``by`` is the inviting user; ``language`` the e-mail's (a
    parent's invitation speaks the language of their portal account)."""
    link = _create_link(
        user, AccessLinkPurpose.INVITE, hours=settings.INVITATION_HOURS, by=by, language=language
    )
    record(
        request=request,
        action=Action.CREATE,
        object_type="invitation",
        object_id=link.pk,
        user=by,
    )
    return link


def invitation_renewable(user) -> bool:
    """A new invitation may be sent on request from an expired link: the account is still
    waiting for its first password, and no invitation went out in the last few minutes."""
    if not user.is_active or user.has_usable_password():
        return False
    return not _recently_sent(user, AccessLinkPurpose.INVITE)


def _recently_sent(user, purpose: str) -> bool:
    since = timezone.now() - datetime.timedelta(minutes=settings.PASSWORD_RESET_COOLDOWN_MINUTES)
    return AccessLink.objects.filter(user=user, purpose=purpose, created_at__gte=since).exists()


@transaction.atomic
def renew_invitation(link: AccessLink, request: HttpRequest | None = None) -> None:
    """On the invitee's request from an expired link; silently nothing when not allowed.
    The new link keeps the original inviter; the audit trail names the invitee, who asked."""
    user = link.user
    if not invitation_renewable(user):
        return
    new = _create_link(
        user,
        AccessLinkPurpose.INVITE,
        hours=settings.INVITATION_HOURS,
        by=link.created_by,
        language=link.language,
    )
    record(
        request=request, action=Action.CREATE, object_type="invitation", object_id=new.pk, user=user
    )


def _state(used_at, expires_at, now) -> str:
    if used_at is not None:
        return "accepted"
    return "pending" if expires_at > now else "expired"


def invitation_state(user) -> str:
    link = (
        AccessLink.objects.filter(user=user, purpose=AccessLinkPurpose.INVITE)
        .order_by("-created_at", "-pk")
        .values("used_at", "expires_at")
        .first()
    )
    if link is None:
        return "none"
    return _state(link["used_at"], link["expires_at"], timezone.now())


def invitation_states(user_ids) -> dict[int, str]:
    """``{user id: state}`` for the users given (one query; absent means ``"none"``)."""
    ids = list(user_ids)
    if not ids:
        return {}
    now = timezone.now()
    states: dict[int, str] = {}
    rows = (
        AccessLink.objects.filter(user_id__in=ids, purpose=AccessLinkPurpose.INVITE)
        .order_by("user_id", "-created_at", "-pk")
        .values_list("user_id", "used_at", "expires_at")
    )
    for user_id, used_at, expires_at in rows:
        if user_id not in states:
            states[user_id] = _state(used_at, expires_at, now)
    for user_id in ids:
        states.setdefault(user_id, "none")
    return states


@transaction.atomic
def send_password_reset(email: str, request: HttpRequest | None = None) -> None:
    """A reset link to each active account with this address (case-insensitive).

    Unknown addresses do nothing; a second request within the cool-down sends nothing
    either. The caller shows the same message in every case.
    """
    email = (email or "").strip()
    if not email:
        return
    language = "en" if (get_language() or "").startswith("en") else "nl"
    users = get_user_model().objects.filter(email__iexact=email, is_active=True)
    for user in users:
        if _recently_sent(user, AccessLinkPurpose.RESET):
            continue
        link = _create_link(
            user, AccessLinkPurpose.RESET, hours=settings.PASSWORD_RESET_HOURS, language=language
        )
        record(
            request=request,
            action=Action.CREATE,
            object_type="password_reset",
            object_id=link.pk,
            user=user,
        )


@transaction.atomic
def use_link(link: AccessLink, *, request: HttpRequest | None = None) -> bool:
    """Mark the link used (False if another request used it first); every other open link
    of the user stops working too."""
    now = timezone.now()
    if not AccessLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now):
        return False
    link.used_at = now
    AccessLink.objects.filter(user=link.user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    record(
        request=request,
        action=Action.UPDATE,
        object_type="password",
        object_id=link.user_id,
        user=link.user,
    )
    return True
