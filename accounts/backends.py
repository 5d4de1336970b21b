from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend

from organisatie.access import user_with_scope


class ScopedUserMixin:
    """The request's user comes with its staff record and locations in the same query."""

    def get_user(self, user_id):
        user = user_with_scope(user_id)
        # Inactive users get no session, as in Django's ModelBackend.
        if user is None or getattr(user, "is_active", None) is False:
            return None
        return user


class ScopedModelBackend(ScopedUserMixin, ModelBackend):
    """Django's username/password check; see ScopedUserMixin."""


class LoginThrottleBackend(ScopedUserMixin, AxesStandaloneBackend):
    """django-axes' lockout check for web logins.

    Authentication without a request (a shell, a management command) has no address to
    throttle on; it passes to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
