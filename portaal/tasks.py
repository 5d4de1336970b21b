"""Background jobs of the portal (django.tasks): the e-mail that something waits.

The job's arguments are ids only (they are stored in the database until a worker runs it).
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ouders.models import ParentAccount

from .access import portal_language
from .models import NotificationKind, PortalNotification

logger = logging.getLogger(__name__)

# At most one e-mail per account and kind in this window: a pm'er sharing three talks in
# a row sends one e-mail, not three.
NOTIFICATION_INTERVAL = datetime.timedelta(hours=1)


def _subject(kind: str) -> str:
    if kind == NotificationKind.SHARED:
        return _("Something new for you in Ouderportaal")
    return _("Questions for you in Ouderportaal")


@task()
def send_portal_notification(account_id: int, kind: str) -> None:
    """E-mail one parent that something waits in the portal (``kind``: "shared" or
    "question"), unless e-mails are off, the login is gone, or one of this kind went out
    within the hour. Recorded as a ``PortalNotification``."""
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind: {kind!r}")
    now = timezone.now()
    with transaction.atomic():
        # The row lock makes two jobs for the same account take turns: one e-mail.
        account = (
            ParentAccount.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=account_id, notify_by_email=True, user__is_active=True)
            .first()
        )
        if account is None or not account.user.email or not account.user.has_usable_password():
            return
        recent = PortalNotification.objects.filter(
            account=account, kind=kind, sent_at__gt=now - NOTIFICATION_INTERVAL
        )
        if recent.exists():
            return
        language = portal_language(account.language)
        with translation.override(language):
            context = {
                "language": language,
                "login_url": settings.SITE_URL + reverse("login"),
                "site_url": settings.SITE_URL,
            }
            subject = _subject(kind)
            text = render_to_string(f"portaal/emails/{kind}.txt", context)
            html = render_to_string(f"portaal/emails/{kind}.html", context)
        message = EmailMultiAlternatives(
            subject, text, settings.DEFAULT_FROM_EMAIL, [account.user.email]
        )
        message.attach_alternative(html, "text/html")
        message.send()
        PortalNotification.objects.create(account=account, kind=kind, sent_at=now)
