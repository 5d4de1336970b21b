"""Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies").

After a successful login the browser gets a signed cookie naming the user and a random
key. A login attempt for that user that carries the cookie is from a *known device*: it is
not locked out by failures from other addresses or devices (behind a proxy that does not
pass on client addresses every client shares one address, and anyone could otherwise lock
a manager out). A known device has a failure limit of its own, so a stolen cookie does not
give unlimited guesses. Attempts without a valid cookie are throttled as before (per
username and address) and slow down per username (``login_wait_seconds``).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from axes.models import AccessAttempt
from django.conf import settings
from django.core import signing
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import KnownDevice

SALT = "accounts.devices"


def cookie_name() -> str:
    # The __Host- prefix pins the cookie to this host over HTTPS, like the session cookie.
    return "__Host-device" if settings.SESSION_COOKIE_SECURE else "device"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _cookie(request: HttpRequest) -> tuple[int, str] | None:
    raw = request.COOKIES.get(cookie_name())
    if not raw:
        return None
    try:
        value = signing.loads(
            raw, salt=SALT, max_age=datetime.timedelta(days=settings.KNOWN_DEVICE_DAYS)
        )
        return int(value["u"]), str(value["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def known_device(request: HttpRequest, username: str | None) -> KnownDevice | None:
    """The request's known device, if its cookie belongs to the user being logged in as."""
    found = _cookie(request)
    if found is None or not username:
        return None
    # One login request asks several times (the form, django-axes, the failure signal).
    asked = request.__dict__.setdefault("_known_devices", {})
    if username not in asked:
        user_id, key = found
        asked[username] = (
            KnownDevice.objects.filter(
                key_hash=_hash(key), user_id=user_id, user__username__iexact=username
            )
            .select_related("user")
            .first()
        )
    return asked[username]


def is_trusted_device_attempt(request: HttpRequest, credentials: dict | None) -> bool:
    """For django-axes: a known device that is not itself locked is never locked out."""
    if request is None:
        return False
    username = (credentials or {}).get("username") or request.POST.get("username")
    device = known_device(request, username)
    return device is not None and not (device.locked_until and device.locked_until > timezone.now())


def _locked(device: KnownDevice) -> bool:
    return bool(device.locked_until and device.locked_until > timezone.now())


def is_locked_device(request: HttpRequest, username: str | None) -> bool:
    device = known_device(request, username)
    return device is not None and _locked(device)


def remember(request: HttpRequest, response: HttpResponse, user) -> None:
    """After a successful login: refresh this device, or make it known with a new cookie."""
    now = timezone.now()
    device = known_device(request, user.get_username())
    if device is not None:
        device.failures, device.locked_until, device.last_login_at = 0, None, now
        device.save(update_fields=["failures", "locked_until", "last_login_at"])
        return
    key = secrets.token_urlsafe(32)
    KnownDevice.objects.create(user=user, key_hash=_hash(key), last_login_at=now)
    response.set_cookie(
        cookie_name(),
        signing.dumps({"u": user.pk, "k": key}, salt=SALT),
        max_age=settings.KNOWN_DEVICE_DAYS * 24 * 60 * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def record_failure(request: HttpRequest, username: str | None) -> None:
    """A wrong password from a known device counts against that device alone."""
    device = known_device(request, username)
    if device is None:
        return
    device.failures += 1
    if device.failures >= settings.AXES_FAILURE_LIMIT:
        device.locked_until = timezone.now() + settings.AXES_COOLOFF_TIME
        device.failures = 0
    device.save(update_fields=["failures", "locked_until"])


def login_wait_seconds(username: str, *, now: datetime.datetime | None = None) -> int:
    """How long an unknown device must wait before trying this username again.

    Below the failure limit (summed over every address in the cool-off window): nothing.
    From there the wait doubles with every failure, up to LOGIN_SLOWDOWN_MAX_SECONDS: a
    guessing attack spread over many addresses slows to a crawl, while the user, who
    knows their password, waits at most a minute (or not at all on a known device).
    """
    now = now or timezone.now()
    recent = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=now - settings.AXES_COOLOFF_TIME
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    failures, last = recent["failures"] or 0, recent["last"]
    if last is None or failures < settings.AXES_FAILURE_LIMIT:
        return 0
    excess = failures - settings.AXES_FAILURE_LIMIT
    wait = min(2**excess, settings.LOGIN_SLOWDOWN_MAX_SECONDS)
    remaining = wait - (now - last).total_seconds()
    return max(0, int(remaining + 0.999))
