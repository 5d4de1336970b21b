"""Background jobs of the accounts app (django.tasks; the database backend in production).

A job's arguments are stored in the database until a worker runs it, so they hold only
ids: the e-mail job signs the link's token itself (accounts/invitations.py).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import AccessLink, AccessLinkPurpose
from .tokens import link_url

logger = logging.getLogger(__name__)


def organization_name(user) -> str:
    staff = getattr(user, "staff_member", None)
    if staff is not None:
        return staff.organization.name
    # A parent's portal login (ouders.ParentAccount, reached through its reverse relation:
    # accounts sits below ouders and does not import it).
    account = getattr(user, "parent_account", None)
    return account.parent.organization.name if account is not None else ""


@task()
def send_access_link_email(link_id: int) -> None:
    """E-mail an invitation or a reset link; nothing if the link was used or expired
    before the job ran (a newer link replaced it)."""
    link = (
        AccessLink.objects.select_related(
            "user",
            "user__staff_member__organization",
            "user__parent_account__parent__organization",
            "created_by",
        )
        .filter(pk=link_id, used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if link is None:
        return
    if not link.user.email:
        logger.warning("Access link %s not sent: its account has no e-mail address.", link_id)
        return
    user = link.user
    invite = link.purpose == AccessLinkPurpose.INVITE
    # A parent's invitation has its own text (the portal, that it is optional).
    parent_invite = invite and getattr(user, "parent_account", None) is not None
    templates = "portaal/emails/invitation" if parent_invite else "emails/access_link"
    language = link.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "language": language,
            "invite": invite,
            "name": user.get_full_name() or user.get_username(),
            "username": user.get_username(),
            "organization": organization_name(user),
            "url": link_url(link),
            "hours": settings.INVITATION_HOURS if invite else settings.PASSWORD_RESET_HOURS,
            "site_url": settings.SITE_URL,
            "inviter": link.created_by.get_full_name() if link.created_by else "",
        }
        subject = _("Invitation for Ouderportaal") if invite else _("Set a new password")
        text = render_to_string(f"{templates}.txt", context)
        html = render_to_string(f"{templates}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    message.send()
