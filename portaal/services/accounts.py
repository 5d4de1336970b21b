"""Parents' portal logins: invite (or invite again), and revoke. Keyword-only, atomic,
audited; the staff's page (portaal/views/accounts.py) and the demo seeding use these.

- The user name is the parent's e-mail address, lower-cased (the login page asks for a
  user name, as for staff); it never appears in a URL. No password is set here: the
  invitation (accounts.invitations) lets the parent choose one.
- Inviting again sends a new link (the earlier one stops working); inviting a parent
  whose access was revoked gives it back.
- Revoking makes the login inactive: open sessions end with their next request (as for
  staff, accounts.backends loads no inactive user) and open links stop working. What the
  parent wrote stays: their answers are part of the talks' record.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.invitations import send_invitation
from accounts.models import AccessLink
from accounts.services import email_in_use
from audit.models import Action
from audit.services import record
from ouders.models import Parent, ParentAccount

from ..access import portal_language

# The audit trail's object type of these writes; the object id is the parent's (so the
# access export and the erasure find the rows: privacy.services.PARENT_OBJECT_TYPES).
AUDIT_TYPE = "parent_portal"
# The user name is the e-mail address; Django's user name holds 150 characters.
USERNAME_MAX_LENGTH = 150


def _taken_error(email: str) -> ValidationError:
    return ValidationError(
        _(
            "The e-mail address %(email)s is already in use by another account, so it "
            "cannot be this parent's login. Give the parent their own e-mail address."
        ),
        code="email_taken",
        params={"email": email},
    )


def _audit(request: HttpRequest | None, by, action: str, parent: Parent) -> None:
    record(request=request, user=by, action=action, object_type=AUDIT_TYPE, object_id=parent.pk)


@transaction.atomic
def invite_parent(*, parent: Parent, by, request: HttpRequest | None = None) -> ParentAccount:
    """Create the parent's portal login (or bring it back, or keep it) and e-mail an
    invitation in the account's language. ``by`` is the inviting staff user."""
    parent = Parent.objects.select_for_update(of=("self",)).get(pk=parent.pk)
    email = (parent.email or "").strip().lower()
    if not email:
        raise ValidationError(
            _("This parent has no e-mail address. Add one first, then send the invitation."),
            code="no_email",
        )
    if len(email) > USERNAME_MAX_LENGTH:
        raise ValidationError(
            _(
                "This e-mail address is too long to log in with (at most %(limit)d "
                "characters). Give the parent a shorter one."
            ),
            code="email_too_long",
            params={"limit": USERNAME_MAX_LENGTH},
        )
    account = (
        ParentAccount.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(parent=parent)
        .first()
    )
    if account is None:
        if email_in_use(email):
            raise _taken_error(email)
        user = get_user_model().objects.create_user(
            username=email,
            email=email,
            password=None,  # unusable until the parent chooses one
            first_name=parent.first_name[:150],
            last_name=parent.last_name[:150],
        )
        account = ParentAccount.objects.create(
            parent=parent,
            user=user,
            language=portal_language(parent.preferred_language),
            invited_by=getattr(by, "staff_member", None),
        )
        _audit(request, by, Action.CREATE, parent)
    else:
        user = account.user
        if user.is_active and user.has_usable_password():
            raise ValidationError(
                _(
                    "This parent already uses the parent portal. A forgotten password can "
                    "be reset with “Forgot your password?” on the login page."
                ),
                code="already_active",
            )
        changed = []
        if user.username != email or user.email != email:
            # The parent's address changed since the last invitation: the login follows it.
            if email_in_use(email, except_user=user):
                raise _taken_error(email)
            user.username = user.email = email
            changed += ["username", "email"]
        if not user.is_active:
            user.is_active = True
            changed.append("is_active")
        if changed:
            user.save(update_fields=changed)
        _audit(request, by, Action.UPDATE, parent)
    send_invitation(user, by=by, request=request, language=account.language)
    return account


@transaction.atomic
def revoke_portal_access(*, parent: Parent, by, request: HttpRequest | None = None) -> None:
    """The parent can no longer log in to the portal; their answers stay."""
    account = (
        ParentAccount.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(parent_id=parent.pk)
        .first()
    )
    if account is None:
        raise ValidationError(_("This parent has no portal account."), code="no_account")
    user = account.user
    if not user.is_active:
        return
    user.is_active = False
    user.save(update_fields=["is_active"])
    now = timezone.now()
    # Open invitation and reset links stop too (also once access is given back).
    AccessLink.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    _audit(request, by, Action.DELETE, parent)
