"""Staff pages of parents' portal logins: invite (or again) and revoke, from the parent's
page. Any staff member who may see the parent may do this (a pm'er invites the parents
they talk with); the card that offers it is templates/portaal/includes/parent_portal_card.html."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ouders.models import Parent

from ..services.accounts import invite_parent, revoke_portal_access

# The card on the administration's parent page sends this, to come back there.
FROM_ADMINISTRATION = "administratie"


def _back(request: HttpRequest, parent: Parent) -> HttpResponse:
    if request.POST.get("from") == FROM_ADMINISTRATION:
        return redirect("admin_parent_edit", pk=parent.pk)
    return redirect("parent_detail", pk=parent.pk)


@require_POST
def parent_portal_invite(request: HttpRequest, pk: int) -> HttpResponse:
    parent = get_object_or_404(Parent.objects.visible_to(request.user), pk=pk)
    try:
        account = invite_parent(parent=parent, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitation to the parent portal has been sent to %(email)s.")
            % {"email": account.user.email},
        )
    return _back(request, parent)


@require_POST
def parent_portal_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    parent = get_object_or_404(Parent.objects.visible_to(request.user), pk=pk)
    try:
        revoke_portal_access(parent=parent, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s can no longer log in to the parent portal. What they wrote stays.")
            % {"name": parent.full_name},
        )
    return _back(request, parent)
