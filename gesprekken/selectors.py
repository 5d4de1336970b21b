"""Reusable reads for the conversation pages, each with its joins set."""

import datetime

from django.core.paginator import Paginator
from django.db.models import Avg, Count, Exists, Max, OuterRef
from django.http import HttpRequest
from django.utils import timezone

from .models import Conversation, ConversationShare, FollowUp, ParentResponse, Tip, TipScore

PAGE_SIZE = 25


def with_portal_marks(conversations):
    """Each talk with ``shared`` (shared with its parents) and ``parent_responded`` (a
    parent answered in the portal): two subqueries in the list's own query."""
    return conversations.annotate(
        shared=Exists(ConversationShare.objects.filter(conversation=OuterRef("pk"))),
        parent_responded=Exists(ParentResponse.objects.filter(conversation=OuterRef("pk"))),
    )


def child_timeline_context(request: HttpRequest, child) -> dict:
    """The child's conversations, newest first, with open agreements on top."""
    conversations = with_portal_marks(
        Conversation.objects.visible_to(request.user).filter(child=child).for_list()
    )
    page = Paginator(conversations, PAGE_SIZE).get_page(request.GET.get("pagina"))
    open_agreements = (
        FollowUp.objects.visible_to(request.user)
        .open()
        .filter(conversation__child=child)
        .select_related("owner_staff__user", "owner_parent")
        .order_by("due_date", "pk")[:20]
    )
    return {
        "timeline": page,
        "open_agreements": open_agreements,
        "today": timezone.localdate(),
    }


def parent_conversations_context(request: HttpRequest, parent) -> dict:
    """Talks with this parent present, and the date of the last contact."""
    talks = Conversation.objects.visible_to(request.user).filter(parents=parent)
    last_contact = talks.aggregate(last=Max("occurred_at"))["last"]
    page = Paginator(with_portal_marks(talks.for_list()), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return {"parent_talks": page, "last_contact": last_contact}


def tip_averages(*, author_id: int | None, days: int) -> list[dict]:
    """Average level per tip for one author's talks in the last `days` days (one query)."""
    since = timezone.now() - datetime.timedelta(days=days)
    rows = (
        TipScore.objects.filter(
            conversation__author_id=author_id,
            conversation__occurred_at__gte=since,
            level__isnull=False,
        )
        .values("tip_id")
        .annotate(average=Avg("level"), count=Count("pk"))
    )
    by_tip = {row["tip_id"]: row for row in rows}
    result = []
    for tip in Tip.objects.standard():
        row = by_tip.get(tip.pk)
        result.append(
            {
                "tip": tip,
                "average": row["average"] if row else None,
                "count": row["count"] if row else 0,
                "percentage": round(row["average"] / 3 * 100) if row else None,
            }
        )
    return result


__all__ = [
    "PAGE_SIZE",
    "child_timeline_context",
    "parent_conversations_context",
    "tip_averages",
    "with_portal_marks",
]
