"""Planning a ten-minute or sit-down talk, so the parents get a few questions before it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import record
from gesprekken.models import PlannedTalk
from gesprekken.models.sharing import PLANNABLE_KINDS
from kinderen.models import Child
from ouders.models import ChildParent, Parent

from .. import notifications

OBJECT_TYPE = "planned_talk"
PLANNABLE_VALUES = frozenset(value for value, _label in PLANNABLE_KINDS)


def _audit(request, by, action: str, planned_talk: PlannedTalk, child) -> None:
    record(
        request=request,
        user=by if request is None else None,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=planned_talk.pk,
        child_id=child.pk,
        location_id=child.location_id,
    )


def portal_parents_of(child: Child):
    """The parents who can get the questions: seeing the child in the portal
    (``ChildParent.objects.in_portal``)."""
    links = ChildParent.objects.in_portal(child.location.organization).filter(child_id=child.pk)
    return Parent.objects.filter(pk__in=links.values("parent_id"))


def _check(child: Child, kind: str, planned_for, parents: list[Parent]) -> None:
    errors: dict[str, str] = {}
    if kind not in PLANNABLE_VALUES:
        errors["kind"] = _("Choose a sit-down talk: a talk at the door is not planned.")
    if not isinstance(planned_for, datetime.date):
        errors["planned_for"] = _("Enter the date of the talk.")
    elif planned_for < timezone.localdate():
        errors["planned_for"] = _("Choose today or a later date.")
    linked = set(ChildParent.objects.filter(child=child).values_list("parent_id", flat=True))
    allowed = set(portal_parents_of(child).values_list("pk", flat=True))
    if not parents:
        errors["parents"] = _("Choose at least one parent to ask the questions.")
    elif any(parent.pk not in linked for parent in parents):
        errors["parents"] = _("Choose parents of this child.")
    elif any(parent.pk not in allowed for parent in parents):
        errors["parents"] = _(
            "A parent without parental authority does not see this child in the parent "
            "portal (the organisation's setting)."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_talk(
    *,
    child: Child,
    kind: str,
    planned_for: datetime.date,
    parents: Iterable[Parent],
    by,
    request: HttpRequest | None = None,
) -> PlannedTalk:
    """Plan a talk about ``child``; its ``parents`` get the questions before it (and an
    e-mail that a question waits, ``notify_parents``). ``by`` is the planning user.

    The same talk planned again (a double tap: same child, kind and day, not yet held)
    is that planned talk, with the parents added; only new parents get an e-mail."""
    parents = list(parents)
    _check(child, kind, planned_for, parents)
    # The child's row is the lock, so two identical submissions make one planned talk.
    Child.objects.select_for_update().filter(pk=child.pk).exists()
    planned_talk = PlannedTalk.objects.filter(
        child=child, kind=kind, planned_for=planned_for, held__isnull=True
    ).first()
    asked: set[int] = set()
    if planned_talk is None:
        planned_talk = PlannedTalk.objects.create(
            child=child, kind=kind, planned_for=planned_for, planned_by=by.staff_member
        )
        _audit(request, by, Action.CREATE, planned_talk, child)
    else:
        asked = set(planned_talk.parents.values_list("pk", flat=True))
        _audit(request, by, Action.UPDATE, planned_talk, child)
    planned_talk.parents.add(*parents)
    new = [parent for parent in parents if parent.pk not in asked]
    if new:
        notifications.notify_parents(new, "question")
    return planned_talk


@transaction.atomic
def cancel_planned_talk(
    *, planned_talk: PlannedTalk, by, request: HttpRequest | None = None
) -> None:
    """Call off a planned talk: its questions and the parents' answers go with it."""
    child = planned_talk.child
    _audit(request, by, Action.DELETE, planned_talk, child)
    planned_talk.delete()
