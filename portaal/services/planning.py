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
from organisatie.models import StaffMember
from ouders.models import ChildParent, Parent

from .. import notifications

OBJECT_TYPE = "planned_talk"
PLANNABLE_VALUES = frozenset(value for value, _label in PLANNABLE_KINDS)


def _audit(request, by: StaffMember, action: str, planned_talk: PlannedTalk, child) -> None:
    record(
        request=request,
        user=by.user if request is None else None,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=planned_talk.pk,
        child_id=child.pk,
        location_id=child.location_id,
    )


def _check(child: Child, kind: str, planned_for, parents: list[Parent]) -> None:
    errors: dict[str, str] = {}
    if kind not in PLANNABLE_VALUES:
        errors["kind"] = _("Choose a sit-down talk: a talk at the door is not planned.")
    if not isinstance(planned_for, datetime.date):
        errors["planned_for"] = _("Enter the date of the talk.")
    elif planned_for < timezone.localdate():
        errors["planned_for"] = _("Choose today or a later date.")
    linked = set(ChildParent.objects.filter(child=child).values_list("parent_id", flat=True))
    if not parents:
        errors["parents"] = _("Choose at least one parent to ask the questions.")
    elif any(parent.pk not in linked for parent in parents):
        errors["parents"] = _("Choose parents of this child.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_talk(
    *,
    child: Child,
    kind: str,
    planned_for: datetime.date,
    parents: Iterable[Parent],
    by: StaffMember,
    request: HttpRequest | None = None,
) -> PlannedTalk:
    """Plan a talk about ``child``; its ``parents`` get the questions before it (and an
    e-mail that a question waits, ``notify_parents``)."""
    parents = list(parents)
    _check(child, kind, planned_for, parents)
    planned_talk = PlannedTalk.objects.create(
        child=child, kind=kind, planned_for=planned_for, planned_by=by
    )
    planned_talk.parents.set(parents)
    _audit(request, by, Action.CREATE, planned_talk, child)
    notifications.notify_parents(parents, "question")
    return planned_talk


@transaction.atomic
def cancel_planned_talk(
    *, planned_talk: PlannedTalk, by: StaffMember, request: HttpRequest | None = None
) -> None:
    """Call off a planned talk: its questions and the parents' answers go with it."""
    child = planned_talk.child
    _audit(request, by, Action.DELETE, planned_talk, child)
    planned_talk.delete()
