"""The state of a parent's portal login, for the card on the staff's parent pages."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from accounts.invitations import invitation_state
from ouders.models import ParentAccount

register = template.Library()


@dataclass(frozen=True)
class PortalState:
    """``state``: "none" (no login), "pending" (invited, link open), "expired" (invited,
    link expired), "active" or "revoked"."""

    state: str
    account: ParentAccount | None = None

    @property
    def can_invite(self) -> bool:
        return self.state in {"none", "pending", "expired", "revoked"}

    @property
    def can_revoke(self) -> bool:
        return self.state in {"pending", "expired", "active"}


def portal_state_of(parent) -> PortalState:
    account = ParentAccount.objects.select_related("user").filter(parent_id=parent.pk).first()
    if account is None:
        return PortalState("none")
    user = account.user
    if not user.is_active:
        return PortalState("revoked", account)
    if user.has_usable_password():
        return PortalState("active", account)
    state = invitation_state(user)
    return PortalState("expired" if state in {"expired", "accepted"} else "pending", account)


@register.simple_tag
def portal_state(parent) -> PortalState:
    return portal_state_of(parent)
