"""Two-factor authentication (TOTP with recovery codes) on top of django-otp."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisatie.access import scope_for

from .models import TwoFactorReset

RECOVERY_CODES = 10
DEMO_DEVICE_NAME = "Demo (seed_demo)"


HAS_TWO_FACTOR_SESSION_KEY = "_has_2fa"


def two_factor_required(request) -> bool:
    """Managers, admins and admin-site users must use 2FA; pm'ers may opt in.

    Whether a pm'er opted in is noted in the session at login (and when they switch it
    on or off), so ordinary pages cost no extra query.
    """
    user = request.user
    if not user.is_authenticated:
        return False
    return role_requires_two_factor(user) or bool(request.session.get(HAS_TWO_FACTOR_SESSION_KEY))


def note_two_factor_in_session(request, enabled: bool) -> None:
    request.session[HAS_TWO_FACTOR_SESSION_KEY] = enabled


def role_requires_two_factor(user) -> bool:
    return bool(user.is_staff or user.is_superuser or scope_for(user).is_manager)


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (one per user, reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no image request, no inline style)."""
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", scale=4, xmldecl=False, svgclass="qr-code", lineclass=None
    )
    return buffer.getvalue().decode()


@transaction.atomic
def confirm_device(device: TOTPDevice) -> list[str]:
    """Confirm the authenticator and issue fresh recovery codes (shown once)."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return issue_recovery_codes(device.user)


@transaction.atomic
def issue_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Herstelcodes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


@transaction.atomic
def disable_two_factor(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def reset_two_factor(user, *, by, reason: str) -> TwoFactorReset:
    """An admin removes someone's authenticator (a lost phone); they set up a new one at
    their next login. The reason is kept with the account (TwoFactorReset)."""
    disable_two_factor(user)
    return TwoFactorReset.objects.create(user=user, reset_by=by, reason=reason)


def demo_code(user) -> str | None:
    """In DEBUG only, the current code of a device that seed_demo created (for trying the app)."""
    if not settings.DEBUG:
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True, name=DEMO_DEVICE_NAME).first()
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_in_use(email: str, *, except_user=None) -> bool:
    """Whether any account (of any organisation, staff or parent) has this address as its
    username or e-mail; ``except_user``'s own account does not count."""
    email = normalise_email(email)
    users = get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
    if except_user is not None:
        users = users.exclude(pk=except_user.pk)
    return users.exists()
