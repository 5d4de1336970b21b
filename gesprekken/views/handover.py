from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.models import Action
from kinderen.models import Child
from organisatie.access import acting_staff

from ..audit import audit_conversation
from ..forms import HandoverForm
from ..services import DuplicateKeyOfAnotherAuthor, conversation_log, standard_tips
from ..vocabulary import HANDOVER_KINDS, ConversationKind


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
            data = form.cleaned_data
            try:
                conversation, created = conversation_log(
                    author=acting_staff(request.user),
                    child=child,
                    idempotency_key=data["idempotency_key"],
                    fields={"kind": data["kind"], "summary": data["summary"], "tone": data["tone"]},
                    parents=data["parents"],
                    levels=form.levels(),
                )
            except DuplicateKeyOfAnotherAuthor:
                return HttpResponseBadRequest(_("This form was already used. Open it again."))
            if created:
                audit_conversation(request, Action.CREATE, conversation)
                messages.success(
                    request,
                    _("%(kind)s with the parents of %(child)s saved.")
                    % {"kind": conversation.get_kind_display(), "child": child.first_name},
                )
            else:
                messages.info(
                    request,
                    _("This %(kind)s with the parents of %(child)s was already saved.")
                    % {"kind": conversation.get_kind_display().lower(), "child": child.first_name},
                )
            return redirect(f"{reverse('home')}?locatie={child.location_id}")
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
