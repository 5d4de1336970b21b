"""The portal's own records: which e-mails went to a parent (the record of each one sent)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ouders.models import ParentAccount


class NotificationKind(models.TextChoices):
    SHARED = "shared", _("a talk was shared")
    QUESTION = "question", _("questions before a talk")


class PortalNotification(models.Model):
    """One e-mail that told a parent something waits in the portal. It holds no content
    of the talk; it is what keeps the e-mails to one per kind per hour, and it is part of
    the parent's access export and their erasure."""

    account = models.ForeignKey(
        ParentAccount,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("parent account"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=NotificationKind.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("portal e-mail")
        verbose_name_plural = _("portal e-mails")
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(
                fields=["account", "kind", "-sent_at"], name="portalnotif_account_kind_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.sent_at:%Y-%m-%d %H:%M}"
