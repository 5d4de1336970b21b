"""Children: enrolling, changing (moving to another group, the mentor, the dates of care)
and ending care.

Keyword-only, atomic and audited. The rules are the model's (``Child.clean``: no birth
date in the future, care not before birth, the end not before the start, the mentor a
pm'er of the child's location; the database's constraints and its guard trigger behind
them). Two rules belong to the administration and live here:

- a new child (or a child moved to another group) goes into an open group of an open
  location of the child's organisation;
- the end of care starts the retention clock (``privacy.services.retention_threshold``):
  an end date so far back that the retention period has already passed would have the
  child's records erased by the next purge, so it is refused.

Moving a child to a group at another location takes the child's location along
(``Child.save``). A mentor who does not work at the new location is cleared, and the
move is not refused for it: the move is what the admin asked for, and the new location
picks a mentor of its own. A mentor given explicitly with the move must work there.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import Action
from audit.services import record
from kinderen.models import Child
from organisatie.access import scope_for
from organisatie.models import Group, Organization, StaffMember
from privacy.services import retention_threshold

from .validation import check, guarded

CHILD_FIELDS = frozenset(
    {"first_name", "last_name", "date_of_birth", "group", "start_date", "end_date", "mentor"}
)

GROUP_CLOSED = _("This group or its location is closed: choose an open group.")
GROUP_ELSEWHERE = _("Choose a group of your own organisation.")


def _check_group(group: Group, organization_id: int | None) -> None:
    location = group.location
    if organization_id is not None and location.organization_id != organization_id:
        raise ValidationError({"group": [GROUP_ELSEWHERE]})
    if not (group.is_active and location.is_active):
        raise ValidationError({"group": [GROUP_CLOSED]})


def _check_end_date(child: Child) -> None:
    if child.end_date is None:
        return
    organization = Organization.objects.only("retention_months").get(
        locations__pk=child.location_id
    )
    threshold = retention_threshold(timezone.localdate(), organization.retention_months)
    if child.end_date < threshold:
        raise ValidationError(
            {
                "end_date": [
                    _(
                        "With this end date the retention period of %(months)d months has "
                        "already passed, and the child's records would be erased at the next "
                        "clean-up. Choose %(first)s or later."
                    )
                    % {
                        "months": organization.retention_months,
                        "first": threshold.strftime("%d-%m-%Y"),
                    }
                ]
            }
        )


def _mentor_works_at(mentor: StaffMember | None, location_id: int) -> bool:
    return (
        mentor is not None
        and StaffMember.objects.filter(pk=mentor.pk, role="pm", locations__pk=location_id).exists()
    )


def _save(child: Child, *, end_date_changed: bool = False) -> Child:
    check(child)
    if end_date_changed:
        _check_end_date(child)
    return guarded(lambda: child.save() or child)


def _record(child: Child, action: str, by, request: HttpRequest | None) -> None:
    record(
        request=request,
        user=by,
        action=action,
        object_type="child",
        object_id=child.pk,
        child_id=child.pk,
        location_id=child.location_id,
    )


@transaction.atomic
def enrol_child(
    *,
    group: Group,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date,
    start_date: datetime.date,
    mentor: StaffMember | None = None,
    by,
    request: HttpRequest | None = None,
) -> Child:
    """A new child in an open group (of the acting user's organisation, when they have one);
    the location is the group's."""
    _check_group(group, scope_for(by).organization_id)
    child = Child(
        group=group,
        location_id=group.location_id,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        start_date=start_date,
        mentor=mentor,
    )
    _save(child)
    _record(child, Action.CREATE, by, request)
    return child


@transaction.atomic
def update_child(*, child: Child, by, request: HttpRequest | None = None, **changes) -> Child:
    """Change any of the names, date of birth, group, start and end of care, mentor.

    Returns the child; ``child.mentor_cleared`` says whether a move cleared the mentor.
    """
    if not changes:  # nothing to save, nothing to audit
        child.mentor_cleared = False
        return child
    unknown = set(changes) - CHILD_FIELDS
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)}")
    old_group_id, old_location_id = child.group_id, child.location_id
    old_end_date = child.end_date
    organization_id = child.location.organization_id
    mentor_given = "mentor" in changes and changes["mentor"] != child.mentor
    for name, value in changes.items():
        setattr(child, name, value)
    child.mentor_cleared = False
    if child.group_id != old_group_id:
        _check_group(child.group, organization_id)
        child.location_id = child.group.location_id
        if child.location_id != old_location_id and not mentor_given:
            if child.mentor_id is not None and not _mentor_works_at(
                child.mentor, child.location_id
            ):
                child.mentor = None
                child.mentor_cleared = True
    _save(child, end_date_changed=child.end_date != old_end_date)
    _record(child, Action.UPDATE, by, request)
    return child


@transaction.atomic
def end_care(
    *, child: Child, end_date: datetime.date, by, request: HttpRequest | None = None
) -> Child:
    """The last day of care: from here the organisation's retention period runs."""
    return update_child(child=child, end_date=end_date, by=by, request=request)
