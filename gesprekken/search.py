"""Full-text search over a conversation's summary, the parents' view and its agreements.

PostgreSQL: the Dutch text-search configuration, so "slapen" also finds "slaapt"
where the stemmer allows, served by the GIN indexes of migration 0004 (the SQL
expressions here must stay identical to those indexes). SQLite: every word must
appear (case-insensitive) in one of the texts, which gives the same result for
exact words.

Column names are unqualified on purpose: Django relabels table aliases in subqueries,
and neither the conversation's joins nor the agreement subquery share these names.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
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
    from .models import FollowUp  # noqa: PLC0415

    if connection.vendor == "postgresql":
        term = " ".join(words)
        agreements = FollowUp.objects.filter(conversation_id=OuterRef("pk")).filter(
            RawSQL(_FOLLOW_UP_MATCH, [term], output_field=BooleanField())  # noqa: S611
        )
        in_text = RawSQL(_CONVERSATION_MATCH, [term], output_field=BooleanField())  # noqa: S611
        return queryset.filter(in_text | Q(Exists(agreements)))
    condition = Q()
    for word in words:
        agreements = FollowUp.objects.filter(
            conversation_id=OuterRef("pk"), description__icontains=word
        )
        condition &= (
            Q(summary__icontains=word) | Q(parent_view__icontains=word) | Q(Exists(agreements))
        )
    return queryset.filter(condition)
