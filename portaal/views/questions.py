"""Questions before a planned talk: the parent tells what they see and want to discuss."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gesprekken.models import PlannedTalk, PreTalkAnswer
from ouderportaal.service_errors import add_service_errors

from ..access import parent_required
from ..portal_forms import QuestionsForm
from ..services.responses import answer_questions
from .portal_common import first_name


@require_http_methods(["GET", "POST"])
@parent_required
def portal_questions(request: HttpRequest, pk: int) -> HttpResponse:
    parent = request.parent
    planned = get_object_or_404(
        PlannedTalk.objects.for_parent(parent)
        .upcoming()
        .select_related("child__group", "child__mentor__user"),
        pk=pk,
    )
    answer = PreTalkAnswer.objects.filter(planned_talk=planned, parent=parent).first()
    if request.method == "POST":
        form = QuestionsForm(request.POST)
        if form.is_valid():
            try:
                answer_questions(
                    parent=parent, planned_talk=planned, request=request, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you. Your answers have been saved."))
                return redirect("portal_home")
    else:
        initial = {}
        if answer is not None:
            initial = {
                "wish_to_discuss": answer.wish_to_discuss,
                "seen_at_home": answer.seen_at_home,
                "going_well": answer.going_well,
            }
        form = QuestionsForm(initial=initial)
    mentor = planned.child.mentor
    return render(
        request,
        "portaal/questions.html",
        {
            "planned": planned,
            "answer": answer,
            "form": form,
            "reader_name": first_name(mentor.user) if mentor is not None else "",
        },
    )
