"""The staff's pages of the parent portal: sharing a talk with its parents, planning a
talk (the parents get questions before it). Fetched through ``visible_to`` like every
staff page; a parent never gets here (portaal/access.py answers 404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gesprekken.models import Conversation, ConversationShare, FollowUp, PlannedTalk
from kinderen.models import Child
from organisatie.access import can_change_planned_talk, can_edit
from ouderportaal.service_errors import add_service_errors
from ouders.models import Parent

from ..forms.staff import PlanTalkForm, ShareForm
from ..services.planning import cancel_planned_talk, plan_talk
from ..services.sharing import share_conversation, stop_sharing


def _editable_conversation(request: HttpRequest, pk: int) -> Conversation:
    conversation = get_object_or_404(
        Conversation.objects.visible_to(request.user)
        .select_related("child")
        .prefetch_related(
            Prefetch("parents", queryset=Parent.objects.order_by("first_name", "pk")),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("owner_parent").order_by("pk"),
            ),
        ),
        pk=pk,
    )
    if not can_edit(request.user, conversation):
        raise PermissionDenied
    return conversation


@require_http_methods(["GET", "POST"])
def conversation_share(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose what the parents see of a talk: a summary written for them, the agreements."""
    conversation = _editable_conversation(request, pk)
    share = (
        ConversationShare.objects.filter(conversation=conversation)
        .prefetch_related("parents")
        .first()
    )
    form = ShareForm(request.POST or None, conversation=conversation, share=share)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "preview" in request.POST:
            preview = {
                "summary": data["summary_for_parents"],
                "share_agreements": data["share_agreements"],
            }
        else:
            try:
                share_conversation(
                    conversation=conversation,
                    by=request.user,
                    parents=data["parents"],
                    summary_for_parents=data["summary_for_parents"],
                    share_agreements=data["share_agreements"],
                    request=request,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The talk is shared with the parents."))
                return redirect("conversation_detail", pk=conversation.pk)
    if preview is None and share is not None:
        preview = {"summary": share.summary_for_parents, "share_agreements": share.share_agreements}
    return render(
        request,
        "portaal/staff/conversation_share.html",
        {"conversation": conversation, "share": share, "form": form, "preview": preview},
    )


@require_POST
def conversation_unshare(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _editable_conversation(request, pk)
    stop_sharing(conversation=conversation, by=request.user, request=request)
    messages.success(
        request, _("The parents no longer see this talk. What they answered stays here.")
    )
    return redirect("conversation_detail", pk=conversation.pk)


@require_http_methods(["GET", "POST"])
def talk_plan(request: HttpRequest, child_pk: int) -> HttpResponse:
    """Plan a talk: the parents get a few questions before it."""
    child = get_object_or_404(
        Child.objects.visible_to(request.user).select_related("group"), pk=child_pk
    )
    form = PlanTalkForm(request.POST or None, child=child)
    if request.method == "POST" and form.is_valid():
        try:
            plan_talk(
                child=child,
                kind=form.cleaned_data["kind"],
                planned_for=form.cleaned_data["planned_for"],
                parents=form.cleaned_data["parents"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The talk is planned. The parents get the questions."))
            return redirect("prepare", child_pk=child.pk)
    return render(request, "portaal/staff/talk_plan.html", {"child": child, "form": form})


@require_POST
def talk_plan_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    planned_talk = get_object_or_404(
        PlannedTalk.objects.visible_to(request.user).select_related("child"), pk=pk
    )
    if not can_change_planned_talk(request.user, planned_talk):
        raise PermissionDenied
    child_pk = planned_talk.child_id
    cancel_planned_talk(planned_talk=planned_talk, by=request.user, request=request)
    messages.success(request, _("The planned talk is cancelled."))
    return redirect("prepare", child_pk=child_pk)
