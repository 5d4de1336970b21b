"""E-mails to parents when something waits for them in the portal.

``notify_parents(parents, kind)`` is called by the staff's services inside their
transaction; it enqueues one background job per parent once that transaction commits
(a rolled-back share sends nothing). The job (portaal/tasks.py) gets ids only, renders the
e-mail in the account's language, and holds no content of the talk: no summary, no child's
or staff member's name, only that something waits and a link to log in.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction

from ouders.models import ParentAccount

from .models import NotificationKind
from .tasks import send_portal_notification


def notified_accounts(parent_ids: Iterable[int]):
    """The portal accounts of these parents that get e-mails: e-mails on, the login active,
    and a password chosen (an invitation still open is no account to log in to yet)."""
    return (
        ParentAccount.objects.filter(
            parent_id__in=list(parent_ids), notify_by_email=True, user__is_active=True
        )
        .exclude(user__email="")
        # Django's unusable password starts with "!" (an invitation not yet accepted).
        .exclude(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
    )


def notify_parents(parents, kind: str) -> None:
    """Tell ``parents`` (with a portal account and e-mails on) that something waits:
    ``kind`` is ``"shared"`` (a talk was shared) or ``"question"`` (questions before a
    planned talk). The e-mail holds no content of the talk, only a link to log in."""
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind: {kind!r}")
    parent_ids = [getattr(parent, "pk", parent) for parent in parents]
    if not parent_ids:
        return
    account_ids = list(notified_accounts(parent_ids).order_by("pk").values_list("pk", flat=True))
    for account_id in account_ids:
        transaction.on_commit(partial(send_portal_notification.enqueue, account_id, kind))
