from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class KnownDevice(models.Model):
    """A browser that logged in successfully before, recognised by a signed cookie.

    Only a hash of the cookie's random key is stored. A known device is not locked out by
    failed logins from elsewhere (OWASP's device cookies); its own failures lock it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="known_devices",
        verbose_name=_("user"),
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField()
    failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("known device")
        verbose_name_plural = _("known devices")

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key_hash[:8]}"


class AccessLinkPurpose(models.TextChoices):
    INVITE = "invite", _("invitation")
    RESET = "reset", _("password reset")


class AccessLink(models.Model):
    """A one-time link to set a password: an invitation, or a forgotten password.

    The link's token is ``signing.dumps([id, nonce], salt=...)`` (accounts/invitations.py):
    the signature proves the server made it, the random ``nonce`` on the row makes an old
    token useless once the row is gone or replaced, and the row says when the link expires
    and whether it was used. The background job that sends the e-mail gets only the row's
    id and signs the token itself, so no secret ends up in the stored task arguments.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_links",
        verbose_name=_("user"),
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=AccessLinkPurpose.choices)
    nonce = models.CharField(max_length=32)
    # The language of the e-mail: Dutch unless the request asking for it was in English.
    language = models.CharField(max_length=8, default="nl")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("access link")
        verbose_name_plural = _("access links")
        indexes = [
            models.Index(fields=["user", "purpose", "-created_at"], name="accesslink_user_purpose")
        ]

    def __str__(self) -> str:
        return f"{self.purpose}:{self.user_id}:{self.pk}"


class TwoFactorReset(models.Model):
    """An admin removed someone's authenticator (lost phone): when, by whom, and why.

    Kept here, beside the account, so the staff page shows it; the audit trail holds ids
    only and logs hold no free text about people.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="two_factor_resets",
        verbose_name=_("user"),
    )
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reset by"),
    )
    reason = models.CharField(_("reason"), max_length=500)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("reset of two-step verification")
        verbose_name_plural = _("resets of two-step verification")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.at:%Y-%m-%d}"
