"""Sharing a talk with the parents who took part (the staff side of the portal, #15).

What is shared is a summary written for the parents (its own field: the internal summary
stays internal) and, if chosen, the agreements. The checklist, the score, the reflection,
the preparation notes and coaching feedback are never shared: the share holds no link to
them, and the portal's pages read only the share.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import record
from gesprekken.models import Conversation, ConversationShare
from ouderportaal.db import LONG_TEXT
from ouders.models import ChildParent, Parent

from .. import notifications

OBJECT_TYPE = "conversation_share"


def portal_parents_of(conversation: Conversation):
    """The parents a talk can be shared with: present, and seeing the child in the portal
    (``ChildParent.objects.in_portal``: parental authority, or the organisation's setting)."""
    links = ChildParent.objects.in_portal(conversation.location.organization).filter(
        child_id=conversation.child_id
    )
    return Parent.objects.filter(conversations=conversation, pk__in=links.values("parent_id"))


def _check(conversation: Conversation, parents: list[Parent], summary: str) -> None:
    errors: dict[str, str] = {}
    present = set(conversation.parents.values_list("pk", flat=True))
    allowed = set(portal_parents_of(conversation).values_list("pk", flat=True))
    if not parents:
        errors["parents"] = _("Choose at least one parent to share the talk with.")
    elif any(parent.pk not in present for parent in parents):
        errors["parents"] = _("You can only share a talk with parents who took part in it.")
    elif any(parent.pk not in allowed for parent in parents):
        errors["parents"] = _(
            "A parent without parental authority does not see this child in the parent "
            "portal (the organisation's setting)."
        )
    if not summary.strip():
        errors["summary_for_parents"] = _("Write a summary for the parents.")
    elif len(summary) > LONG_TEXT:
        errors["summary_for_parents"] = _("Keep the summary under %(limit)d characters.") % {
            "limit": LONG_TEXT
        }
    if errors:
        raise ValidationError(errors)


def _audit(request, by, action: str, conversation: Conversation) -> None:
    record(
        request=request,
        user=by if request is None else None,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=conversation.pk,
        child_id=conversation.child_id,
        location_id=conversation.location_id,
    )


@transaction.atomic
def share_conversation(
    *,
    conversation: Conversation,
    by,
    parents: Iterable[Parent],
    summary_for_parents: str,
    share_agreements: bool,
    request: HttpRequest | None = None,
) -> ConversationShare:
    """Share ``conversation`` with ``parents`` (all of whom took part), or change what is
    shared; the parents it is newly shared with get an e-mail (``notify_parents``).
    ``by`` is the sharing user (a staff member's)."""
    parents = list(parents)
    _check(conversation, parents, summary_for_parents)
    # The talk's row is the lock: two first shares at once (a double tap) wait for each
    # other instead of the second failing on the one-share-per-talk constraint.
    Conversation.objects.select_for_update().filter(pk=conversation.pk).exists()
    share = ConversationShare.objects.filter(conversation=conversation).first()
    created = share is None
    before: set[int] = set()
    if created:
        share = ConversationShare(conversation=conversation, shared_at=timezone.now())
    else:
        before = set(share.parents.values_list("pk", flat=True))
    share.summary_for_parents = summary_for_parents.strip()
    share.share_agreements = share_agreements
    share.shared_by = by.staff_member
    share.save()
    share.parents.set(parents)
    _audit(request, by, Action.CREATE if created else Action.UPDATE, conversation)
    new = [parent for parent in parents if parent.pk not in before]
    if new:
        notifications.notify_parents(new, "shared")
    return share


@transaction.atomic
def stop_sharing(*, conversation: Conversation, by, request: HttpRequest | None = None) -> None:
    """The parents no longer see the talk; what they answered stays, for the staff."""
    deleted, _rows = ConversationShare.objects.filter(conversation=conversation).delete()
    if deleted:
        _audit(request, by, Action.DELETE, conversation)
