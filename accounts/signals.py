from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import start_session_clock
from .services import has_two_factor, note_two_factor_in_session


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    start_session_clock(request)
    note_two_factor_in_session(request, has_two_factor(user))
