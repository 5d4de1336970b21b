"""The portal's start page: the parent's children, what waits for them, the shared talks."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gesprekken.models import PlannedTalk
from ouders.models import ChildParent

from ..access import parent_required
from ..reads import answered_by, parent_agreements, questions_answered_by, shared_with
from .portal_common import first_name

PER_PAGE = 20
# Agreements done longer ago than this leave the start page (they stay on the talk's page).
DONE_SHOWN_DAYS = 14


@require_GET
@parent_required
def portal_home(request: HttpRequest) -> HttpResponse:
    parent = request.parent
    children = [
        link.child
        for link in ChildParent.objects.for_portal(parent)
        .select_related("child__group")
        .only("child__first_name", "child__group__name")
        .order_by("child__first_name", "child_id")
    ]
    questions = list(
        PlannedTalk.objects.for_parent(parent)
        .upcoming()
        .annotate(answered=questions_answered_by(parent))
        .select_related("child")
        .only("kind", "planned_for", "child__first_name")
        .order_by("answered", "planned_for", "pk")
    )
    recent = timezone.now() - datetime.timedelta(days=DONE_SHOWN_DAYS)
    agreements = list(
        parent_agreements(parent)
        .filter(models.Q(done_at__isnull=True) | models.Q(done_at__gte=recent))
        .select_related("conversation__child")
        .only(
            "description",
            "due_date",
            "done_at",
            "conversation__occurred_at",
            "conversation__child__first_name",
        )
        .order_by(models.F("done_at").asc(nulls_first=True), "due_date", "pk")
    )
    shares = (
        shared_with(parent)
        .annotate(answered=answered_by(parent))
        .select_related("conversation__child", "conversation__author__user")
        .only(
            "shared_at",
            "conversation__kind",
            "conversation__occurred_at",
            "conversation__child__first_name",
            "conversation__author__user__first_name",
            "conversation__author__user__username",
        )
        .order_by("-conversation__occurred_at", "-pk")
    )
    page = Paginator(shares, PER_PAGE).get_page(request.GET.get("pagina"))
    talks = [
        {
            "conversation": share.conversation,
            "staff_name": first_name(share.conversation.author.user),
            "answered": share.answered,
        }
        for share in page.object_list
    ]
    return render(
        request,
        "portaal/home.html",
        {
            "parent": parent,
            "children": children,
            "questions": questions,
            "agreements": agreements,
            "talks": talks,
            "page": page,
        },
    )
