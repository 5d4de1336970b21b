"""Public pages behind the e-mailed links: accept an invitation, forgotten password.

The token in the URL is checked by ``accounts.invitations.check_token``: a valid link
shows the set-password form, an expired or used one says so (and offers a new one), and
anything else is the "link not valid" page with status 404, never a server error.
"""

from __future__ import annotations

from axes.utils import reset as reset_login_failures
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import devices, invitations, services
from .forms import PasswordForgotForm
from .invitations import LinkStatus
from .models import AccessLinkPurpose
from .tasks import organization_name

BACKEND = "accounts.backends.ScopedModelBackend"
SENT = "verzonden"


def _link_not_valid(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/link_invalid.html", status=404)


def _speak_the_links_language(request: HttpRequest, link) -> None:
    """The page in the language the e-mail was written in (a parent's Arabic, say), unless
    the visitor chose a language with the switch."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen is None and link.language in {code for code, _name in settings.LANGUAGES}:
        translation.activate(link.language)
        request.LANGUAGE_CODE = link.language


def _set_password_page(request: HttpRequest, token: str, purpose: str):
    """The shared part of both links: the link's state, or the form and its saving.
    Returns a response to show, or the user whose password was just set."""
    checked = invitations.check_token(token, purpose)
    invite = purpose == AccessLinkPurpose.INVITE
    if checked.status == LinkStatus.INVALID:
        return _link_not_valid(request)
    _speak_the_links_language(request, checked.link)
    if checked.status == LinkStatus.EXPIRED:
        return render(request, "accounts/link_expired.html", {"invite": invite, "token": token})
    if checked.status == LinkStatus.USED:
        return render(request, "accounts/link_used.html", {"invite": invite})
    link = checked.link
    user = link.user
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if not invitations.use_link(link, request=request):
                return render(request, "accounts/link_used.html", {"invite": invite})
            form.save()
            # Failed logins counted against the old password no longer hold the person up.
            reset_login_failures(username=user.get_username())
        return user
    return render(
        request,
        "accounts/set_password.html",
        {
            "form": form,
            "invite": invite,
            "name": user.get_full_name() or user.get_username(),
            "username": user.get_username(),
            "organization": organization_name(user),
            "two_factor_next": invite and services.role_requires_two_factor(user),
        },
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Set a first password; then logged in (like the login page) and, for managers and
    admins, straight on to setting up two-step verification."""
    result = _set_password_page(request, token, AccessLinkPurpose.INVITE)
    if isinstance(result, HttpResponse):
        return result
    user = result
    login(request, user, backend=BACKEND)
    # Without an authenticator the two-step page is the set-up; the middleware would
    # send a manager there anyway, this saves the detour.
    target = "two_factor" if services.role_requires_two_factor(user) else "home"
    response = redirect(target)
    devices.remember(request, response, user)
    messages.success(request, _("Your password has been set. Welcome to Ouderportaal."))
    return response


@login_not_required
@require_POST
def invitation_renew(request: HttpRequest, token: str) -> HttpResponse:
    """Ask for a new invitation from an expired one. The answer is the same whether or
    not one was sent (the account may have a password by now)."""
    checked = invitations.check_token(token, AccessLinkPurpose.INVITE)
    if checked.status == LinkStatus.INVALID:
        return _link_not_valid(request)
    if checked.status == LinkStatus.EXPIRED:
        invitations.renew_invitation(checked.link, request=request)
    return render(request, "accounts/invitation_renewed.html")


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: HttpRequest, token: str) -> HttpResponse:
    result = _set_password_page(request, token, AccessLinkPurpose.RESET)
    if isinstance(result, HttpResponse):
        return result
    messages.success(request, _("Your new password has been set. You can log in with it now."))
    return redirect("login")


@login_not_required
@require_http_methods(["GET", "POST"])
def password_forgot(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link. The answer (after a redirect, so a reload sends nothing) is the
    same whether or not the address belongs to an account."""
    if request.method == "GET" and SENT in request.GET:
        return render(request, "accounts/password_forgot_sent.html")
    form = PasswordForgotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitations.send_password_reset(form.cleaned_data["email"], request=request)
        return redirect(f"{reverse('password_forgot')}?{SENT}=1")
    return render(request, "accounts/password_forgot.html", {"form": form})
