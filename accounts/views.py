from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token

from . import devices, services
from .forms import TokenForm


class LoginView(auth_views.LoginView):
    """Django's login, which also makes the browser a known device (accounts/devices.py)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        devices.remember(self.request, response, form.get_user())
        return response


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: a bare word ("f") would be taken for a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify this session with a code, or set up an authenticator first."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if services.has_two_factor(user):
        if request.method == "POST" and form.is_valid():
            device = match_token(user, form.cleaned_data["token"])
            if device is not None:
                otp_login(request, device)
                # A new session key for the verified session: one seen before it is useless.
                request.session.cycle_key()
                return redirect(_next_url(request))
            form.add_error("token", _("This code is not correct or has expired. Try again."))
        return render(
            request,
            "accounts/two_factor_verify.html",
            {"form": form, "next": _next_url(request), "demo_code": services.demo_code(user)},
        )
    device = services.pending_device(user)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            codes = services.confirm_device(device)
            otp_login(request, device)
            request.session.cycle_key()
            services.note_two_factor_in_session(request, True)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error(
            "token", _("This code is not correct. Check the time on your phone and try again.")
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": services.qr_svg(device),
            "secret": device.config_url.split("secret=")[1].split("&")[0],
            "next": _next_url(request),
            "required": services.role_requires_two_factor(user),
        },
    )


@require_http_methods(["GET"])
def two_factor_settings(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/two_factor_settings.html",
        {
            "enabled": services.has_two_factor(request.user),
            "required": _role_requires(request),
        },
    )


def _role_requires(request: HttpRequest) -> bool:
    return services.role_requires_two_factor(request.user)


@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Pm'ers who opted in may switch 2FA off again; managers and admins may not."""
    if _role_requires(request):
        messages.error(request, _("Two-factor authentication is required for your role."))
        return redirect("two_factor_settings")
    services.disable_two_factor(request.user)
    services.note_two_factor_in_session(request, False)
    messages.success(request, _("Two-factor authentication has been switched off."))
    return redirect("two_factor_settings")


@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    if not request.user.is_verified():
        return redirect("two_factor")
    codes = services.issue_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/"})
