from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from . import devices


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        min_length=6,
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].replace(" ", "").strip()


class LoginForm(AuthenticationForm):
    """Django's login form, with the user name's length checked before authenticating
    (the throttling records the attempted name in a 255-character column)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(150))

    def clean(self):
        username = self.cleaned_data.get("username")
        credentials = {"username": username}
        if (
            username
            and self.request is not None
            and devices.is_locked_device(self.request, username)
        ):
            # The device used up its own failures: the lock-out page, as for an address.
            self.request.axes_locked_out = True
            raise ValidationError(_("Too many attempts."), code="locked")
        # A known device never waits; a locked-out name and address get the lock-out page.
        if (
            username
            and self.request is not None
            and AxesProxyHandler.is_allowed(self.request, credentials)
            and not devices.is_trusted_device_attempt(self.request, credentials)
        ):
            wait = devices.login_wait_seconds(username)
            if wait:
                raise ValidationError(
                    _(
                        "Too many failed attempts for this user name. Try again in "
                        "%(seconds)d seconds."
                    ),
                    code="slow_down",
                    params={"seconds": wait},
                )
        return super().clean()


class PasswordForgotForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        help_text=_("The address your organisation uses to reach you."),
    )
