"""Full-text search over a conversation's summary, the parents' view and its agreements.

A conversation matches when all words occur in its text (summary and parents' view
together) or all in one of its agreements.

PostgreSQL: the Dutch text-search configuration, so words are matched on their stem
("slapen" also finds "slaap"; the Dutch stemmer leaves irregular forms such as "sliep"
alone), served by the GIN indexes of migration 0004 — the SQL expressions here must
stay identical to those indexes. The conversation's own text is matched on the
conversation row itself and the agreements as ``id = ANY(ARRAY(subquery))``: that way
the planner can combine both GIN indexes with a BitmapOr when nothing else narrows the
list, and check the match on the few rows of a location and period when something does
(a common word within one location and half a year: 465 ms with the text as a subquery
of matching ids, 36 ms like this, on a million conversations). SQLite: a
case-insensitive contains-search per word, which gives the same result for exact words.

Column names are unqualified on purpose: Django relabels table aliases in subqueries,
and neither the conversation's joins nor the agreement subquery share these names.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Lookup, Q, QuerySet
from django.db.models.expressions import RawSQL

from gesprekken.models import FollowUp

MAX_WORDS = 8

_CONVERSATION_MATCH = (
    "to_tsvector('dutch'::regconfig, "
    "coalesce(summary, '') || ' ' || coalesce(parent_view, '')) "
    "@@ plainto_tsquery('dutch'::regconfig, %s)"
)
_FOLLOW_UP_MATCH = (
    "to_tsvector('dutch'::regconfig, description) @@ plainto_tsquery('dutch'::regconfig, %s)"
)


class InArray(Lookup):
    """``id = ANY(ARRAY(subquery))``: like ``id IN (subquery)``, but PostgreSQL can use an
    index on the column for it, inside a BitmapOr."""

    lookup_name = "in_array"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


def search_conversations(queryset: QuerySet, text: str) -> QuerySet:
    words = text.split()[:MAX_WORDS]
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        term = " ".join(words)
        in_text = Q(RawSQL(_CONVERSATION_MATCH, [term], output_field=BooleanField()))  # noqa: S611
        agreements = (
            FollowUp.objects.filter(
                RawSQL(_FOLLOW_UP_MATCH, [term], output_field=BooleanField())  # noqa: S611
            )
            .order_by()
            .values("conversation_id")
        )  # an ARRAY needs no order; pk__in drops it too
        return queryset.filter(in_text | Q(pk__in_array=agreements))
    text_q, agreement_q = Q(), Q()
    for word in words:
        text_q &= Q(summary__icontains=word) | Q(parent_view__icontains=word)
        agreement_q &= Q(description__icontains=word)
    in_agreement = FollowUp.objects.filter(agreement_q).values("conversation_id")
    return queryset.filter(text_q | Q(pk__in=in_agreement))
