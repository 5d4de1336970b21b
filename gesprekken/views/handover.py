from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import Action
from kinderen.models import Child
from organisatie.access import acting_staff

from ..audit import audit_conversation
from ..door import (
    earlier_handover,
    handover_save_edit,
    handover_undo,
    may_edit_handover,
    may_undo,
    same_content,
)
from ..forms import HandoverEditForm, HandoverForm
from ..models import Conversation
from ..services import (
    ConversationConflict,
    DuplicateKeyOfAnotherAuthor,
    conversation_log,
    standard_tips,
    stored_levels,
)
from ..vocabulary import HANDOVER_KINDS, ConversationKind

# The session remembers the handover the banner after saving offers to undo or change.
DOOR_BANNER = "door_banner"


def _fields(data: dict) -> dict:
    return {"kind": data["kind"], "summary": data["summary"], "tone": data["tone"]}


def _banner(request: HttpRequest, conversation: Conversation, text: str) -> None:
    request.session[DOOR_BANNER] = conversation.pk
    messages.success(request, text, extra_tags="door")


@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest, child_pk: int) -> HttpResponse:
    """The talk at the door: tap Breng or Haal, optionally type a note, tap a tone to save."""
    child = get_object_or_404(
        Child.objects.visible_to(request.user).select_related("group", "location"), pk=child_pk
    )
    tips = standard_tips()
    if request.method == "POST":
        form = HandoverForm(request.POST, child=child, tips=tips)
        if form.is_valid():
            return _save(request, child, form)
    else:
        wanted = request.GET.get("soort")
        if wanted not in HANDOVER_KINDS:
            wanted = (
                ConversationKind.DROP_OFF
                if timezone.localtime().hour < 12
                else ConversationKind.PICK_UP
            )
        form = HandoverForm(child=child, tips=tips, initial={"kind": wanted})
    return render(request, "gesprekken/handover.html", {"child": child, "form": form})


def _save(request: HttpRequest, child: Child, form: HandoverForm) -> HttpResponse:
    data = form.cleaned_data
    author = acting_staff(request.user)
    fields, levels = _fields(data), form.levels()
    home = f"{reverse('home')}?locatie={child.location_id}"
    names = {"child": child.first_name}
    key = data["idempotency_key"]
    earlier = earlier_handover(author=author, child=child, kind=data["kind"], idempotency_key=key)
    if earlier is not None and (
        str(earlier.idempotency_key) == str(key)
        or same_content(earlier, fields, data["parents"], levels)
    ):
        # A double tap, or the back button and the same taps again: saved once.
        if earlier.author_id != author.pk:
            return HttpResponseBadRequest(_("This form was already used. Open it again."))
        messages.info(
            request,
            _("This %(kind)s with the parents of %(child)s was already saved.")
            % {"kind": earlier.get_kind_display().lower(), **names},
        )
        return redirect(home)
    if earlier is not None:
        # Back, then another tone: the second tap corrects the first talk.
        try:
            handover_save_edit(
                conversation=earlier,
                fields=fields,
                parents=data["parents"],
                levels=levels,
                changed_by=request.user,
                reason=_("Corrected at the door"),
            )
        except ConversationConflict:
            pass  # saved again meanwhile: that save stands
        else:
            audit_conversation(request, Action.UPDATE, earlier)
        _banner(
            request,
            earlier,
            _("%(kind)s with the parents of %(child)s corrected: still one talk.")
            % {"kind": earlier.get_kind_display(), **names},
        )
        return redirect(home)
    try:
        conversation, created = conversation_log(
            author=author,
            child=child,
            idempotency_key=key,
            fields=fields,
            parents=data["parents"],
            levels=levels,
            earlier_checked=True,
        )
    except DuplicateKeyOfAnotherAuthor:
        return HttpResponseBadRequest(_("This form was already used. Open it again."))
    if created:
        audit_conversation(request, Action.CREATE, conversation)
        _banner(
            request,
            conversation,
            _("%(kind)s with the parents of %(child)s saved.")
            % {"kind": conversation.get_kind_display(), **names},
        )
    else:
        messages.info(
            request,
            _("This %(kind)s with the parents of %(child)s was already saved.")
            % {"kind": conversation.get_kind_display().lower(), **names},
        )
    return redirect(home)


def _handover_of(request: HttpRequest, pk: int) -> Conversation:
    return get_object_or_404(
        Conversation.objects.visible_to(request.user)
        .filter(kind__in=HANDOVER_KINDS)
        .select_related("child__group", "child__location"),
        pk=pk,
    )


@require_POST
def handover_undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ongedaan maken: the author takes a handover back within minutes of saving it."""
    conversation = _handover_of(request, pk)
    if not may_undo(request.user, conversation):
        raise PermissionDenied
    child, kind = conversation.child, conversation.kind
    audit_conversation(request, Action.DELETE, conversation)
    handover_undo(conversation=conversation, undone_by=request.user)
    request.session.pop(DOOR_BANNER, None)
    messages.info(
        request,
        _("Undone: the %(kind)s with the parents of %(child)s is not saved.")
        % {"kind": ConversationKind(kind).label.lower(), "child": child.first_name},
    )
    return redirect(f"{reverse('handover', args=[child.pk])}?soort={kind}")


@require_http_methods(["GET", "POST"])
def handover_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The small form for a handover: kind, tone, parents, note, reflection."""
    conversation = _handover_of(request, pk)
    if not may_edit_handover(request.user, conversation):
        raise PermissionDenied
    child = conversation.child
    tips = standard_tips()
    form = HandoverEditForm(
        request.POST if request.method == "POST" else None,
        child=child,
        tips=tips,
        conversation=conversation,
        initial_levels=stored_levels(conversation),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            handover_save_edit(
                conversation=conversation,
                fields=_fields(data),
                parents=data["parents"],
                levels=form.levels(),
                changed_by=request.user,
                expected_version=data["version"],
            )
        except ConversationConflict as conflict:
            return render(
                request,
                "gesprekken/conversation_conflict.html",
                {"conversation": conflict.current, "mine": []},
                status=409,
            )
        audit_conversation(request, Action.UPDATE, conversation)
        messages.success(request, _("Your changes have been saved."))
        return redirect("conversation_detail", pk=conversation.pk)
    if request.method == "GET":
        audit_conversation(request, Action.VIEW, conversation)
    return render(
        request,
        "gesprekken/handover_edit.html",
        {"child": child, "conversation": conversation, "form": form},
    )
