"""The parent's own things: what they like to help with, their settings, the language."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ouderportaal.service_errors import add_service_errors

from ..access import parent_required, portal_language_codes
from ..portal_forms import ParticipationForm, SettingsForm
from ..services.responses import update_participation, update_settings
from .portal_common import safe_next


@require_http_methods(["GET", "POST"])
@parent_required
def portal_participation(request: HttpRequest) -> HttpResponse:
    parent, account = request.parent, request.parent_account
    if request.method == "POST":
        form = ParticipationForm(request.POST)
        if form.is_valid():
            try:
                update_participation(parent=parent, request=request, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved. Thank you!"))
                return redirect("portal_participation")
    else:
        form = ParticipationForm(
            initial={
                "likes_to_help_with": parent.likes_to_help_with,
                "availability": account.availability,
            }
        )
    return render(request, "portaal/participation.html", {"form": form})


def _with_language_cookie(response: HttpResponse, code: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _language_options(selected: str) -> list[dict]:
    """The portal's languages, each named in its own language."""
    options = []
    for code, _name in settings.PORTAL_LANGUAGES:
        info = translation.get_language_info(code)
        options.append(
            {
                "code": code,
                "name": info["name_local"][:1].upper() + info["name_local"][1:],
                "bidi": info["bidi"],
                "checked": code == selected,
            }
        )
    return options


@require_http_methods(["GET", "POST"])
@parent_required
def portal_settings(request: HttpRequest) -> HttpResponse:
    account = request.parent_account
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                update_settings(account=account, request=request, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                # The next page speaks the chosen language.
                translation.activate(account.language)
                messages.success(request, _("Your settings have been saved."))
                return _with_language_cookie(redirect("portal_settings"), account.language)
        selected = request.POST.get("language", "")
    else:
        form = SettingsForm(
            initial={"notify_by_email": account.notify_by_email, "language": account.language}
        )
        selected = account.language
    return render(
        request,
        "portaal/settings.html",
        {"form": form, "language_options": _language_options(selected)},
    )


@require_POST
@parent_required
def portal_language(request: HttpRequest) -> HttpResponse:
    """The language switch in the portal's footer: saved on the parent's account."""
    account = request.parent_account
    code = request.POST.get("language", "")
    target = safe_next(request, reverse("portal_home"))
    if code not in portal_language_codes():
        messages.error(request, _("Please choose one of the languages."))
        return redirect(target)
    update_settings(
        account=account, notify_by_email=account.notify_by_email, language=code, request=request
    )
    return _with_language_cookie(redirect(target), code)
