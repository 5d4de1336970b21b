"""Full-text search over a conversation's summary, the parents' view and its agreements.

A conversation matches when all words occur in its text (summary and parents' view
together) or all in one of its agreements.

PostgreSQL: the Dutch text-search configuration, so words are matched on their stem
("slapen" also finds "slaap"; the Dutch stemmer leaves irregular forms such as "sliep"
alone), served by the GIN indexes of migration 0004 — the SQL expressions here must
stay identical to those indexes. Each half is a separate subquery so the planner can
use its index. SQLite: a case-insensitive contains-search per word, which gives the
same result for exact words.

Column names are unqualified on purpose: Django relabels table aliases in subqueries,
and neither the conversation's joins nor the agreement subquery share these names.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

MAX_WORDS = 8

_CONVERSATION_MATCH = (
    "to_tsvector('dutch'::regconfig, "
    "coalesce(summary, '') || ' ' || coalesce(parent_view, '')) "
    "@@ plainto_tsquery('dutch'::regconfig, %s)"
)
_FOLLOW_UP_MATCH = (
    "to_tsvector('dutch'::regconfig, description) @@ plainto_tsquery('dutch'::regconfig, %s)"
)


def search_conversations(queryset: QuerySet, text: str) -> QuerySet:
    words = text.split()[:MAX_WORDS]
    if not words:
        return queryset
    from .models import Conversation, FollowUp  # noqa: PLC0415

    if connection.vendor == "postgresql":
        term = " ".join(words)
        in_text = Conversation.objects.filter(
            RawSQL(_CONVERSATION_MATCH, [term], output_field=BooleanField())  # noqa: S611
        ).values("pk")
        in_agreement = FollowUp.objects.filter(
            RawSQL(_FOLLOW_UP_MATCH, [term], output_field=BooleanField())  # noqa: S611
        ).values("conversation_id")
    else:
        text_q, agreement_q = Q(), Q()
        for word in words:
            text_q &= Q(summary__icontains=word) | Q(parent_view__icontains=word)
            agreement_q &= Q(description__icontains=word)
        in_text = Conversation.objects.filter(text_q).values("pk")
        in_agreement = FollowUp.objects.filter(agreement_q).values("conversation_id")
    return queryset.filter(Q(pk__in=in_text) | Q(pk__in=in_agreement))
