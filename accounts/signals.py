from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import devices
from .middleware import start_session_clock
from .services import has_two_factor, note_two_factor_in_session


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    start_session_clock(request)
    note_two_factor_in_session(request, has_two_factor(user))


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    if request is not None:
        devices.record_failure(request, (credentials or {}).get("username"))
