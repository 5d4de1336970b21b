"""STAND-IN written by helper STAFF so the staff pages run and test before helper ACC's
module is merged. On merge, take ACC's version of this file whole (it is the real one);
the staff code calls only ``send_invitation(user, *, by)`` and
``invitation_states(user_ids) -> {user_id: "none" | "pending" | "expired" | "accepted"}``.

This stand-in sends nothing and knows no links: an account with a usable password counts
as "accepted", every other as "none".
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import is_password_usable


def send_invitation(user, *, by) -> None:
    """Stand-in: the real one creates a 72-hour link and e-mails it on commit."""
    return None


def invitation_state(user) -> str:
    return "accepted" if is_password_usable(user.password) else "none"


def invitation_states(user_ids: Iterable[int]) -> dict[int, str]:
    """The state of each user's invitation, in one query."""
    rows = get_user_model().objects.filter(pk__in=list(user_ids)).values_list("pk", "password")
    return {pk: ("accepted" if is_password_usable(password) else "none") for pk, password in rows}
