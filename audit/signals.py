"""Logins, logouts and failed logins in the audit trail (never the password)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import Action
from .services import record


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs) -> None:
    record(request=request, user=user, action=Action.LOGIN, object_type="session")


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(request=request, user=user, action=Action.LOGOUT, object_type="session")


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Link the attempt to an existing account only; an unknown name is not stored at all.
    username = (credentials or {}).get("username") or ""
    user = get_user_model().objects.filter(username=username).first() if username else None
    record(request=request, user=user, action=Action.LOGIN_FAILED, object_type="session")
