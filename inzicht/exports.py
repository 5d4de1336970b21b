"""Exports of conversation data. Every export goes through export_conversations, the one
place where exports are (and will be) audited; it writes a CSV or an Excel workbook.

Both are streamed: the rows are read in chunks (with the parents and agreements of each
chunk in two more queries), so memory stays flat however long the history is.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import record
from gesprekken.models import Conversation, FollowUp
from gesprekken.scoring import completeness_label, is_complete
from gesprekken.vocabulary import (
    ConversationKind,
    Interpreter,
    OwnStance,
    ParentStance,
    Tone,
    Topic,
)
from ouderportaal.csv_export import BOM, csv_writer, safe_cell, values_in_chunks

from .xlsx import workbook_blocks

CHUNK = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


@dataclass(frozen=True)
class Row:
    """One conversation as exported, typed: the CSV and the workbook format it each."""

    number: int
    date: datetime.date
    time: datetime.time
    kind: str
    location: str
    group: str
    child_number: int
    child: str
    parents: str
    logged_by: str
    duration: int | None
    tone: str
    topics: str
    parent_stance: str
    own_stance: str
    interpreter: str
    escalated: bool
    ended_early: bool
    score: Decimal | None
    scored: int
    applicable: int
    completeness: str
    summary: str
    parent_view: str
    agreements: str


def headers() -> list[str]:
    # In the order of Row's fields.
    return [
        _("Number"),
        _("Date"),
        _("Time"),
        _("Kind"),
        _("Location"),
        _("Group"),
        _("Child number"),
        _("Child"),
        _("Parents present"),
        _("Logged by"),
        _("Duration (min)"),
        _("Tone"),
        _("Topics"),
        _("Parent stance"),
        _("Own stance"),
        _("Interpreter"),
        _("Escalated"),
        _("Ended early"),
        _("Score (%)"),
        _("Tips scored"),
        _("Tips applicable"),
        _("Completeness"),
        _("Summary"),
        _("What the parents said"),
        _("Agreements"),
    ]


FIELDS = (
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
    "tone",
    "topics",
    "topics_other",
    "parent_stance",
    "own_stance",
    "interpreter",
    "escalated",
    "ended_early",
    "score_percentage",
    "score_scored",
    "score_applicable",
    "summary",
    "parent_view",
)


class _Labels:
    """Choice labels and words resolved while the request's language is active: the
    streaming generator runs after it is deactivated."""

    def __init__(self) -> None:
        self.kind = {value: str(label) for value, label in ConversationKind.choices}
        self.tone = {value: str(label) for value, label in Tone.choices}
        self.topic = {value: str(label) for value, label in Topic.choices}
        self.stance = {value: str(label) for value, label in ParentStance.choices}
        self.own = {value: str(label) for value, label in OwnStance.choices}
        self.interpreter = {value: str(label) for value, label in Interpreter.choices}
        self.done = _("done")
        self.due = _("due %(date)s")
        self.completeness: dict[tuple[int, int], str] = {}

    def completeness_of(self, scored: int, applicable: int) -> str:
        key = (scored, applicable)
        if key not in self.completeness:
            if not scored:
                text = _("not scored")
            elif is_complete(scored, applicable):
                text = completeness_label(scored, applicable)
            else:
                text = f"{completeness_label(scored, applicable)} ({_('incompletely scored')})"
            self.completeness[key] = text
        return self.completeness[key]


def _agreement_text(agreement: FollowUp, labels: _Labels) -> str:
    parts = [agreement.description]
    owner = agreement.owner_display
    if owner:
        parts.append(owner)
    if agreement.due_date:
        parts.append(labels.due % {"date": agreement.due_date.strftime("%d-%m-%Y")})
    if agreement.done_at:
        parts.append(labels.done)
    return " · ".join(parts)


def _extras(pks: list[int], labels: _Labels) -> tuple[dict[int, str], dict[int, str]]:
    """The parents present and the agreements of a chunk of conversations, two queries."""
    parents: dict[int, list[str]] = defaultdict(list)
    through = Conversation.parents.through.objects.filter(conversation_id__in=pks)
    for conversation_id, first, last in through.values_list(
        "conversation_id", "parent__first_name", "parent__last_name"
    ).order_by("conversation_id", "parent__last_name", "parent__first_name"):
        parents[conversation_id].append(f"{first} {last}")
    agreements: dict[int, list[str]] = defaultdict(list)
    for agreement in (
        FollowUp.objects.filter(conversation_id__in=pks)
        .select_related("owner_staff__user", "owner_parent")
        .order_by("conversation_id", "pk")
    ):
        agreements[agreement.conversation_id].append(_agreement_text(agreement, labels))
    return (
        {pk: ", ".join(names) for pk, names in parents.items()},
        {pk: "; ".join(texts) for pk, texts in agreements.items()},
    )


def export_rows(queryset: QuerySet, labels: _Labels) -> Iterator[Row]:
    """The conversations as typed rows, in the queryset's order, read chunk by chunk."""
    zone = timezone.get_current_timezone()
    chunk: list[tuple] = []
    for values in values_in_chunks(queryset.values_list(*FIELDS), CHUNK):
        chunk.append(values)
        if len(chunk) == CHUNK:
            yield from _chunk_rows(chunk, labels, zone)
            chunk = []
    if chunk:
        yield from _chunk_rows(chunk, labels, zone)


def _chunk_rows(chunk: list[tuple], labels: _Labels, zone) -> Iterator[Row]:
    parents, agreements = _extras([values[0] for values in chunk], labels)
    for values in chunk:
        (pk, when, kind, location, group, child_id, first, last, a_first, a_last, duration,
         tone, topics, topics_other, stance, own, interpreter, escalated, ended_early, score,
         scored, applicable, summary, parent_view) = values  # fmt: skip
        local = when.astimezone(zone)
        topic_names = [labels.topic.get(code, code) for code in topics or []]
        if topics_other:
            topic_names.append(topics_other)
        yield Row(
            number=pk,
            date=local.date(),
            time=local.time().replace(second=0, microsecond=0),
            kind=labels.kind.get(kind, kind),
            location=location,
            group=group,
            child_number=child_id,
            child=f"{first} {last}",
            parents=parents.get(pk, ""),
            logged_by=f"{a_first} {a_last}".strip(),
            duration=duration,
            tone=labels.tone.get(tone, ""),
            topics=", ".join(topic_names),
            parent_stance=labels.stance.get(stance, ""),
            own_stance=labels.own.get(own, ""),
            interpreter=labels.interpreter.get(interpreter, interpreter),
            escalated=escalated,
            ended_early=ended_early,
            score=score,
            scored=scored,
            applicable=applicable,
            completeness=labels.completeness_of(scored, applicable),
            summary=summary,
            parent_view=parent_view,
            agreements=agreements.get(pk, ""),
        )


def export_conversations(
    *, request: HttpRequest, queryset: QuerySet, filename_stem: str, fmt: Format
) -> StreamingHttpResponse:
    """Stream the conversations as a file for Dutch Excel, never all in memory.

    Audited here, once per export, with the user and the time (not the rows' content).
    """
    record(request=request, action=Action.EXPORT, object_type=f"conversations_{fmt}")
    labels = _Labels()
    head = headers()
    yes_no = (_("yes"), _("no"))
    rows = export_rows(queryset, labels)
    if fmt is Format.XLSX:
        content: Iterable = workbook_blocks(_("Conversations"), head, rows, yes_no)
        content_type = XLSX_TYPE
    else:
        # Resolved now, as the labels: the decimal comma of the request's language.
        separator = formats.get_format("DECIMAL_SEPARATOR")
        content = _csv_lines(head, rows, yes_no, separator)
        content_type = "text/csv; charset=utf-8"
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename_stem}.{fmt}"'
    return response


def _csv_lines(
    head: list[str], rows: Iterator[Row], yes_no: tuple[str, str], separator: str
) -> Iterator[str]:
    """Semicolons and decimal commas, with a byte order mark: what Dutch Excel opens with a
    double click (it reads a comma-separated file as one column)."""
    writer = csv_writer()
    yes, no = yes_no
    yield BOM + writer.writerow(head)
    for row in rows:
        score = "" if row.score is None else str(row.score).replace(".", separator)
        yield writer.writerow(
            [
                row.number,
                row.date.isoformat(),
                row.time.strftime("%H:%M"),
                row.kind,
                safe_cell(row.location),
                safe_cell(row.group),
                row.child_number,
                safe_cell(row.child),
                safe_cell(row.parents),
                safe_cell(row.logged_by),
                "" if row.duration is None else row.duration,
                row.tone,
                safe_cell(row.topics),
                row.parent_stance,
                row.own_stance,
                row.interpreter,
                yes if row.escalated else no,
                yes if row.ended_early else no,
                score,
                row.scored,
                row.applicable,
                row.completeness,
                safe_cell(row.summary),
                safe_cell(row.parent_view),
                safe_cell(row.agreements),
            ]
        )
