from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .access import scope_for
from .forms import OrganizationSettingsForm
from .models import Organization


@require_http_methods(["GET", "POST"])
def organization_settings(request: HttpRequest) -> HttpResponse:
    """Admins set the overview's alert thresholds, the retention period and who uses the
    parent portal (parents without parental authority or not) for their organisation."""
    scope = scope_for(request.user)
    if not scope.is_admin:
        raise PermissionDenied
    organization = Organization.objects.get(pk=scope.organization_id)
    form = OrganizationSettingsForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The settings have been saved."))
        return redirect("organization_settings")
    return render(
        request,
        "organisatie/organization_settings.html",
        {"form": form, "organization": organization},
    )
