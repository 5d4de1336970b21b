"""The organisation's audit trail in words: who viewed or changed which child's or parent's
data, when, from which network. One reading for the page and for the privacy officer's CSV.

A page or a chunk of the export costs a fixed number of queries: the rows (with their
staff member joined), then the names of the children, the parents and the locations they
name, each in one query, looked up within the reader's scope: a child who has been erased,
or is outside the reader's locations, has no name here, only its number.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import OBJECT_TYPES, Action
from audit.services import record
from kinderen.models import Child
from organisatie.models import Location
from ouderportaal.csv_export import BOM, csv_writer, safe_cell, values_in_chunks
from ouders.models import Parent
from privacy.services import PARENT_OBJECT_TYPES

PAGE_SIZE = 50
# Counting a chain's millions of rows on every page view is too slow: above this many the
# page says "more than".
COUNT_CAP = 1000
CHUNK = 2000

FIELDS = (
    "pk",
    "at",
    "user_id",
    "user__first_name",
    "user__last_name",
    "user__username",
    "action",
    "object_type",
    "object_id",
    "child_id",
    "location_id",
    "ip",
    "pseudonymised",
)


@dataclass(frozen=True)
class TrailRow:
    number: int
    at: datetime.datetime  # local time
    staff: str
    user_id: int | None
    action: str
    what: str
    object_id: int | None
    child_id: int | None
    parent_id: int | None
    person: str  # the child's or parent's name, when it still exists within the scope
    location: str
    network: str
    pseudonymised: bool


class Labels:
    """Words resolved while the request's language is active: an export's rows are written
    after it is deactivated."""

    def __init__(self) -> None:
        self.action = {value: str(label) for value, label in Action.choices}
        self.object = {value: str(label) for value, label in OBJECT_TYPES.items()}
        self.system = _("the system")

    def object_of(self, object_type: str) -> str:
        return self.object.get(object_type) or object_type.replace("_", " ")


def _names(queryset: QuerySet, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {
        pk: f"{first} {last}"
        for pk, first, last in queryset.filter(pk__in=ids).values_list(
            "pk", "first_name", "last_name"
        )
    }


def _parent_id(object_type: str, object_id: int | None) -> int | None:
    return object_id if object_type in PARENT_OBJECT_TYPES else None


def trail_rows(user, values: list[tuple], labels: Labels) -> list[TrailRow]:
    """Rows of ``FIELDS`` values in words; three more queries whatever their number."""
    child_ids = {row[9] for row in values if row[9] is not None}
    parent_ids = {pid for row in values if (pid := _parent_id(row[7], row[8])) is not None}
    location_ids = {row[10] for row in values if row[10] is not None}
    children = _names(Child.objects.visible_to(user), child_ids)
    parents = _names(Parent.objects.visible_to(user), parent_ids)
    locations = (
        dict(
            Location.objects.visible_to(user).filter(pk__in=location_ids).values_list("pk", "name")
        )
        if location_ids
        else {}
    )
    zone = timezone.get_current_timezone()
    rows = []
    for (pk, at, user_id, first, last, username, action, object_type, object_id, child_id,
         location_id, ip, pseudonymised) in values:  # fmt: skip
        parent_id = _parent_id(object_type, object_id)
        if user_id is not None:
            staff = f"{first or ''} {last or ''}".strip() or username
        else:
            staff = "" if pseudonymised else labels.system
        person = children.get(child_id, "") if child_id else parents.get(parent_id, "")
        rows.append(
            TrailRow(
                number=pk,
                at=at.astimezone(zone),
                staff=staff,
                user_id=user_id,
                action=labels.action.get(action, action),
                what=labels.object_of(object_type),
                object_id=object_id,
                child_id=child_id,
                parent_id=parent_id,
                person=person,
                location=locations.get(location_id, ""),
                network=ip,
                pseudonymised=pseudonymised,
            )
        )
    return rows


@dataclass(frozen=True)
class TrailPage:
    rows: list[TrailRow]
    next_after: int | None  # the last row's number when there is an older page
    count: int  # at most COUNT_CAP + 1
    first: bool

    @property
    def count_capped(self) -> bool:
        return self.count > COUNT_CAP


def trail_page(user, events: QuerySet, *, after: int | None) -> TrailPage:
    """A page of the (filtered) trail, newest first, from the row after ``after`` on.

    Keyset paging on (time, number): page 1,000 costs what page one does, where an OFFSET
    would read every row before it.
    """
    count = events.order_by()[: COUNT_CAP + 1].count()
    page_events = events
    cursor = None
    if after is not None:
        # A cursor that is not (or no longer) among the filtered rows starts at the top.
        cursor = events.filter(pk=after).values_list("at", flat=True).first()
        if cursor is not None:
            page_events = events.filter(Q(at__lt=cursor) | Q(at=cursor, pk__lt=after))
    values = list(page_events.values_list(*FIELDS)[: PAGE_SIZE + 1])
    more = len(values) > PAGE_SIZE
    rows = trail_rows(user, values[:PAGE_SIZE], Labels())
    return TrailPage(
        rows=rows,
        next_after=rows[-1].number if more else None,
        count=count,
        first=cursor is None,
    )


# --- the export ------------------------------------------------------------------------------


def headers() -> list[str]:
    return [
        _("Number"),
        _("Date"),
        _("Time"),
        _("Done by"),
        _("User number"),
        _("Action"),
        _("What"),
        _("Object number"),
        _("Child number"),
        _("Parent number"),
        _("Child or parent"),
        _("Location"),
        _("Network"),
        _("Pseudonymised"),
    ]


def export_rows(user, events: QuerySet, labels: Labels) -> Iterator[TrailRow]:
    chunk: list[tuple] = []
    for values in values_in_chunks(events.values_list(*FIELDS), CHUNK):
        chunk.append(values)
        if len(chunk) == CHUNK:
            yield from trail_rows(user, chunk, labels)
            chunk = []
    if chunk:
        yield from trail_rows(user, chunk, labels)


def _csv_lines(head: list[str], rows: Iterable[TrailRow], yes_no: tuple[str, str]) -> Iterator[str]:
    writer = csv_writer()
    yes, no = yes_no
    yield BOM + writer.writerow(head)
    for row in rows:
        yield writer.writerow(
            [
                row.number,
                row.at.date().isoformat(),
                row.at.strftime("%H:%M:%S"),
                safe_cell(row.staff),
                "" if row.user_id is None else row.user_id,
                row.action,
                safe_cell(row.what),
                "" if row.object_id is None else row.object_id,
                "" if row.child_id is None else row.child_id,
                "" if row.parent_id is None else row.parent_id,
                safe_cell(row.person),
                safe_cell(row.location),
                row.network,
                yes if row.pseudonymised else no,
            ]
        )


def export_trail(*, request: HttpRequest, events: QuerySet) -> StreamingHttpResponse:
    """Stream the filtered trail as a CSV for Dutch Excel; audited once, as an export."""
    record(request=request, action=Action.EXPORT, object_type="audit_trail_csv")
    labels = Labels()
    content = _csv_lines(headers(), export_rows(request.user, events, labels), (_("yes"), _("no")))
    response = StreamingHttpResponse(content, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="logboek-{stamp}.csv"'
    return response
