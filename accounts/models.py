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
