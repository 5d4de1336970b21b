"""Exports of conversation data. Every export goes through export_conversations_csv,
the one place where exports are (and will be) audited."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import record
from gesprekken.vocabulary import ConversationKind, Interpreter, ParentStance

CHUNK = 2000
BOM = "\ufeff"


def safe_cell(value: str) -> str:
    """Keep spreadsheet programs from running typed text as a formula (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write returns the line, for streaming csv rows."""

    def write(self, value: str) -> str:
        return value


def export_conversations_csv(
    *, request: HttpRequest, queryset: QuerySet, filename: str
) -> StreamingHttpResponse:
    """Stream the conversations as CSV (UTF-8 with BOM, so Excel reads it), never all in memory.

    Audited here, once per export, with the user and the time (not the rows' content).
    """
    record(request=request, action=Action.EXPORT, object_type="conversations_csv")
    headers = [
        _("Number"),
        _("Date"),
        _("Time"),
        _("Kind"),
        _("Location"),
        _("Group"),
        _("Child number"),
        _("Child"),
        _("Logged by"),
        _("Duration (min)"),
        _("Parent stance"),
        _("Interpreter"),
        _("Escalated"),
        _("Ended early"),
        _("Score (%)"),
        _("Tips scored"),
        _("Tips applicable"),
        _("Summary"),
        _("What the parents said"),
    ]
    # Resolved now: the generator runs after the request's language is deactivated.
    labels = {
        "kind": {value: str(label) for value, label in ConversationKind.choices},
        "stance": {value: str(label) for value, label in ParentStance.choices},
        "interpreter": {value: str(label) for value, label in Interpreter.choices},
    }
    yes, no = _("yes"), _("no")
    rows = queryset.values_list(
        "pk",
        "occurred_at",
        "kind",
        "location__name",
        "child__group__name",
        "child_id",
        "child__first_name",
        "child__last_name",
        "author__user__first_name",
        "author__user__last_name",
        "duration_minutes",
        "parent_stance",
        "interpreter",
        "escalated",
        "ended_early",
        "score_percentage",
        "score_scored",
        "score_applicable",
        "summary",
        "parent_view",
    )
    zone = timezone.get_current_timezone()

    def lines() -> Iterator[str]:
        writer = csv.writer(_Echo())
        yield BOM + writer.writerow(headers)
        for row in rows.iterator(chunk_size=CHUNK):
            (pk, when, kind, location, group, child_id, first, last, a_first, a_last, duration,
             stance, interpreter, escalated, ended_early, score, scored, applicable, summary,
             parent_view) = row  # fmt: skip
            local = when.astimezone(zone)
            yield writer.writerow(
                [
                    pk,
                    local.date().isoformat(),
                    local.strftime("%H:%M"),
                    labels["kind"].get(kind, kind),
                    safe_cell(location),
                    safe_cell(group),
                    child_id,
                    safe_cell(f"{first} {last}"),
                    safe_cell(f"{a_first} {a_last}".strip()),
                    duration if duration is not None else "",
                    labels["stance"].get(stance, ""),
                    labels["interpreter"].get(interpreter, interpreter),
                    yes if escalated else no,
                    yes if ended_early else no,
                    score if score is not None else "",
                    scored,
                    applicable,
                    safe_cell(summary),
                    safe_cell(parent_view),
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
