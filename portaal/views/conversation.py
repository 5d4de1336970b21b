"""A talk shared with the parent: what the pm'er shared, and the parent's own answer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import Action
from audit.services import record
from gesprekken.models import ParentResponse
from ouderportaal.service_errors import add_service_errors

from ..access import parent_required
from ..portal_forms import ResponseForm
from ..reads import parent_agreements, shared_with
from ..services.responses import mark_agreement_done, save_response
from .portal_common import first_name, safe_next


@require_http_methods(["GET", "POST"])
@parent_required
def portal_conversation(request: HttpRequest, pk: int) -> HttpResponse:
    parent = request.parent
    share = get_object_or_404(
        shared_with(parent).select_related("conversation__child", "conversation__author__user"),
        conversation_id=pk,
    )
    conversation = share.conversation
    response = ParentResponse.objects.for_parent(parent).filter(conversation=conversation).first()
    if request.method == "POST":
        form = ResponseForm(request.POST)
        if form.is_valid():
            try:
                save_response(
                    parent=parent,
                    conversation=conversation,
                    own_view=form.cleaned_data["own_view"],
                    felt_heard=form.cleaned_data["felt_heard"],
                    felt_heard_comment=form.cleaned_data["felt_heard_comment"],
                    request=request,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you. Your answer has been saved."))
                return redirect(reverse("portal_conversation", args=[pk]) + "#my-answer")
    else:
        initial = {}
        if response is not None:
            initial = {
                "own_view": response.own_view,
                "felt_heard": response.felt_heard,
                "felt_heard_comment": response.felt_heard_comment,
            }
        form = ResponseForm(initial=initial)
        record(
            request=request,
            action=Action.VIEW,
            object_type="conversation",
            object_id=conversation.pk,
            child_id=conversation.child_id,
            location_id=conversation.location_id,
            organization_id=parent.organization_id,
        )
    agreements = []
    if share.share_agreements:
        agreements = list(
            conversation.follow_ups.select_related("owner_parent", "owner_staff__user").only(
                "description",
                "due_date",
                "done_at",
                "owner_parent__first_name",
                "owner_staff__user__first_name",
                "owner_staff__user__username",
            )
        )
        for agreement in agreements:
            agreement.mine = agreement.owner_parent_id == parent.pk
            if agreement.owner_staff_id:
                agreement.owner_name = first_name(agreement.owner_staff.user)
            elif agreement.owner_parent_id:
                agreement.owner_name = agreement.owner_parent.first_name
            else:
                agreement.owner_name = ""
    return render(
        request,
        "portaal/conversation.html",
        {
            "share": share,
            "conversation": conversation,
            "staff_name": first_name(conversation.author.user),
            "agreements": agreements,
            "response": response,
            "form": form,
        },
    )


@require_POST
@parent_required
def portal_agreement_done(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(parent_agreements(request.parent), pk=pk)
    done = request.POST.get("done") == "1"
    mark_agreement_done(parent=request.parent, follow_up=follow_up, done=done, request=request)
    if done:
        messages.success(request, _("Marked as done. Thank you!"))
    else:
        messages.success(request, _("The agreement is open again."))
    fallback = reverse("portal_conversation", args=[follow_up.conversation_id])
    return redirect(safe_next(request, fallback))
