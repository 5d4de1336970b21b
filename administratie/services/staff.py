"""Writes of the staff area: invite, change, deactivate, reactivate, reset two-step
verification. Keyword-only, atomic, audited; the rules live here, so the pages, the
management command and the demo seeding keep them alike:

- the username is the e-mail address, lower-cased, and no password is ever set here: the
  invitation (accounts.invitations) lets the person choose one;
- a pm'er and a manager work at one location at least; an admin covers the organisation;
- the groups (the ones someone usually works in, their mentor groups) are groups of their
  own locations;
- a child's mentor is a pm'er of the child's location: a change of role or locations that
  would break that for children they mentor is refused, unless the caller asks to end
  those mentorships in the same transaction (the database checks this on child rows only);
- nobody deactivates themselves, and an organisation keeps one active admin at least.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import invitations
from accounts.services import email_in_use, normalise_email
from accounts.services import reset_two_factor as accounts_reset_two_factor
from audit.models import Action
from audit.services import record
from kinderen.models import Child
from organisatie.models import Group, Location, Organization, Role, StaffMember

ROLES_WITH_LOCATIONS = frozenset({Role.PM, Role.MANAGER})


@dataclass(frozen=True)
class MentorshipConflict:
    """Children a change would leave with a mentor who may not be their mentor."""

    child_ids: tuple[int, ...]
    per_location: tuple[tuple[str, int], ...]  # (location name, number of children)

    @property
    def count(self) -> int:
        return len(self.child_ids)

    def message(self) -> str:
        places = ", ".join(
            _("%(count)d at %(location)s") % {"count": n, "location": name}
            for name, n in self.per_location
        )
        return ngettext(
            "%(count)d child they mentor would be left with a mentor who is not a pm'er of "
            "the child's location (%(places)s). End that mentorship to save this change.",
            "%(count)d children they mentor would be left with a mentor who is not a pm'er "
            "of the child's location (%(places)s). End those mentorships to save this change.",
            self.count,
        ) % {"count": self.count, "places": places}


class MentorshipConflictError(ValidationError):
    def __init__(self, field: str, conflict: MentorshipConflict) -> None:
        self.conflict = conflict
        super().__init__({field: [ValidationError(conflict.message(), code="mentorship")]})


def _check_places(
    *, organization_id: int, role: str, locations: list[Location], groups: list[Group]
) -> None:
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors["role"] = [_("Choose a role from the list.")]
    if any(location.organization_id != organization_id for location in locations):
        errors["locations"] = [_("Choose locations of your own organisation.")]
    elif role in ROLES_WITH_LOCATIONS and not locations:
        errors["locations"] = [_("A pm'er or manager works at one location at least.")]
    location_ids = {location.pk for location in locations}
    outside = [group for group in groups if group.location_id not in location_ids]
    if outside:
        errors["groups"] = [
            _("Choose groups of the chosen locations only; not: %(groups)s.")
            % {"groups": ", ".join(sorted(group.name for group in outside))}
        ]
    if errors:
        raise ValidationError(errors)


def _audit(request: HttpRequest | None, by, action: str, object_type: str, **ids) -> None:
    record(request=request, user=by, action=action, object_type=object_type, **ids)


@transaction.atomic
def invite_staff(
    *,
    organization: Organization,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    locations: Iterable[Location],
    groups: Iterable[Group],
    by,
    request: HttpRequest | None = None,
) -> StaffMember:
    """A new staff member with an account without a password, and their invitation.

    ``by`` is the inviting user (None from a management command).
    """
    staff = add_staff(
        organization=organization,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        locations=locations,
        groups=groups,
        by=by,
        request=request,
    )
    invitations.send_invitation(staff.user, by=by)
    return staff


@transaction.atomic
def add_staff(
    *,
    organization: Organization,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    locations: Iterable[Location],
    groups: Iterable[Group],
    by,
    request: HttpRequest | None = None,
    username: str | None = None,
) -> StaffMember:
    """The staff member and their account (no usable password), without an invitation:
    ``invite_staff`` sends one; the demo seeding sets its well-known password instead.
    The username is the e-mail address unless one is given (the demo's short names)."""
    email = normalise_email(email)
    locations, groups = list(locations), list(groups)
    if email_in_use(email):
        raise ValidationError(
            {"email": [_("There is already an account with this e-mail address.")]}
        )
    _check_places(organization_id=organization.pk, role=role, locations=locations, groups=groups)
    user = get_user_model()(
        username=username or email,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    user.set_unusable_password()
    user.save()
    staff = StaffMember.objects.create(user=user, organization=organization, role=role)
    staff.locations.set(locations)
    staff.groups.set(groups)
    _audit(request, by, Action.CREATE, "staff_member", object_id=staff.pk)
    return staff


def mentorship_conflict(
    staff: StaffMember, *, role: str, location_ids: Iterable[int]
) -> MentorshipConflict | None:
    """The children ``staff`` mentors who could not keep them as mentor after the change."""
    children = Child.objects.filter(mentor=staff)
    if role == Role.PM:
        children = children.exclude(location_id__in=list(location_ids))
    child_ids = tuple(children.order_by("pk").values_list("pk", flat=True))
    if not child_ids:
        return None
    per_location = tuple(
        (row["location__name"], row["n"])
        for row in Child.objects.filter(pk__in=child_ids)
        .values("location__name")
        .annotate(n=Count("pk"))
        .order_by("location__name")
    )
    return MentorshipConflict(child_ids=child_ids, per_location=per_location)


def _other_active_admins(staff: StaffMember) -> bool:
    return (
        StaffMember.objects.filter(
            organization_id=staff.organization_id, role=Role.ADMIN, user__is_active=True
        )
        .exclude(pk=staff.pk)
        .exists()
    )


def _lock(staff: StaffMember) -> StaffMember:
    """The staff row locked, so two admins changing admins at once cannot both pass the
    last-admin guard (PostgreSQL; SQLite writes one at a time anyway)."""
    # The organisation's admin rows are locked together: the guard reads all of them.
    list(
        StaffMember.objects.select_for_update()
        .filter(organization_id=staff.organization_id, role=Role.ADMIN)
        .values_list("pk", flat=True)
    )
    return StaffMember.objects.select_for_update().select_related("user").get(pk=staff.pk)


def end_mentorships(*, child_ids: Iterable[int], by, request: HttpRequest | None = None) -> int:
    """Clear the mentor of these children (audited per child)."""
    children = list(Child.objects.filter(pk__in=list(child_ids)).values_list("pk", "location_id"))
    Child.objects.filter(pk__in=[pk for pk, _location in children]).update(
        mentor=None, updated_at=timezone.now()
    )
    for pk, location_id in children:
        _audit(
            request, by, Action.UPDATE, "child", object_id=pk, child_id=pk, location_id=location_id
        )
    return len(children)


@transaction.atomic
def update_staff(
    *,
    staff: StaffMember,
    role: str,
    locations: Iterable[Location],
    groups: Iterable[Group],
    end_invalid_mentorships: bool = False,
    by,
    request: HttpRequest | None = None,
) -> StaffMember:
    """Change role, locations and groups; see the module docstring for the rules."""
    locations, groups = list(locations), list(groups)
    current = _lock(staff)
    _check_places(
        organization_id=current.organization_id, role=role, locations=locations, groups=groups
    )
    if (
        current.role == Role.ADMIN
        and role != Role.ADMIN
        and current.user.is_active
        and not _other_active_admins(current)
    ):
        raise ValidationError(
            {
                "role": [
                    _(
                        "This is the organisation's last active admin: make someone else "
                        "admin first."
                    )
                ]
            }
        )
    conflict = mentorship_conflict(
        current, role=role, location_ids=[location.pk for location in locations]
    )
    if conflict is not None:
        if not end_invalid_mentorships:
            field = "role" if role != Role.PM else "locations"
            raise MentorshipConflictError(field, conflict)
        end_mentorships(child_ids=conflict.child_ids, by=by, request=request)
    current.role = role
    current.save(update_fields=["role"])
    current.locations.set(locations)
    current.groups.set(groups)
    _audit(request, by, Action.UPDATE, "staff_member", object_id=current.pk)
    return current


@transaction.atomic
def deactivate_staff(*, staff: StaffMember, by, request: HttpRequest | None = None) -> None:
    """The account can no longer log in, and its open sessions end with its next request
    (accounts.backends loads no inactive user; accounts.middleware then flushes the session)."""
    current = _lock(staff)
    if by is not None and current.user_id == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if current.role == Role.ADMIN and not _other_active_admins(current):
        raise ValidationError(
            _("This is the organisation's last active admin: make someone else admin first.")
        )
    if not current.user.is_active:
        return
    current.user.is_active = False
    current.user.save(update_fields=["is_active"])
    _audit(request, by, Action.UPDATE, "staff_deactivated", object_id=current.pk)


@transaction.atomic
def reactivate_staff(*, staff: StaffMember, by, request: HttpRequest | None = None) -> None:
    current = _lock(staff)
    if current.user.is_active:
        return
    current.user.is_active = True
    current.user.save(update_fields=["is_active"])
    _audit(request, by, Action.UPDATE, "staff_reactivated", object_id=current.pk)


@transaction.atomic
def resend_invitation(*, staff: StaffMember, by, request: HttpRequest | None = None) -> None:
    """A new invitation link (the earlier one stops working); audited by accounts.invitations."""
    if not staff.user.is_active:
        raise ValidationError(_("Reactivate this account before sending an invitation."))
    if staff.user.has_usable_password():
        raise ValidationError(
            _(
                "This account already has a password: they can use “Forgot password” to "
                "choose a new one."
            )
        )
    invitations.send_invitation(staff.user, by=by)


@transaction.atomic
def reset_two_factor(
    *, staff: StaffMember, reason: str, by, request: HttpRequest | None = None
) -> None:
    """Remove their authenticator and recovery codes: at their next login they set up a new one.

    Audited (ids only); the reason is kept with their account (accounts.TwoFactorReset),
    shown on their staff page.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the reset.")]})
    accounts_reset_two_factor(staff.user, by=by, reason=reason)
    record(
        request=request, user=by, action=Action.DELETE, object_type="two_factor", object_id=staff.pk
    )
