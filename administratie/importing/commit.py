"""The write job: the whole file in one transaction, all or nothing.

The rows are checked again inside the transaction (the administration may have changed
since the preview); one row with a problem rolls everything back. Writes are bulk, per
chunk of rows; external ids are stored beside the records; every child and parent created
or changed gets its audit row.
"""

from __future__ import annotations

import datetime

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action, AuditEvent
from kinderen.models import Child, ChildExternalId
from ouders.models import ChildParent, Parent, ParentExternalId

from ..models import ImportRun
from . import sql
from .preview import open_rows
from .rows import (
    LINK_VALUE_FIELDS,
    PARENT_VALUE_FIELDS,
    Checker,
    Resolved,
    chunks,
    resolve,
)

ID_BATCH = 900  # ids per IN (...): below SQLite's variable limit


class CommitRefused(Exception):
    """A row has a problem now; nothing was written. The message is for the admin."""


class Progress:
    """``rows_done`` while the transaction runs.

    On PostgreSQL through a second connection (autocommit), so the progress page sees it
    before the import's transaction commits; SQLite has one writer, so there the counter
    is written inside the transaction and shows when it is done.
    """

    def __init__(self, run_id: int):
        self.run_id = run_id
        self.side = None
        if connection.vendor == "postgresql":
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)

    def update(self, done: int) -> None:
        if self.side is None:
            ImportRun.objects.filter(pk=self.run_id).update(rows_done=done)
            return
        table = ImportRun._meta.db_table
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET rows_done = %s WHERE id = %s",  # noqa: S608 - our table
                [done, self.run_id],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def commit(run: ImportRun, *, user_id: int | None) -> None:
    header, rows = open_rows(run)
    progress = Progress(run.pk)
    try:
        with transaction.atomic():
            _commit(run, header, rows, user_id, progress)
    finally:
        progress.close()


def _commit(run: ImportRun, header, rows, user_id, progress: Progress) -> None:
    checker = Checker(organization_id=run.organization_id, columns=run.columns, header=header)
    existing_children = dict(checker.child_ids)
    new_parents: set[str] = set()
    counts = {"create": 0, "change": 0, "unchanged": 0}
    parents_changed = 0
    done = 0
    now = timezone.now()
    for batch in chunks(rows, checker):
        resolved = resolve(checker, batch, new_parents)
        for plan in batch:
            if plan.problems:
                raise CommitRefused(
                    _("Row %(row)d has a problem now: %(problem)s")
                    % {"row": plan.number, "problem": plan.problems[0]}
                )
            counts[plan.action] += 1
        events = _apply(run, checker, resolved, now, user_id)
        parents_changed += len({parent_id for parent_id, _v in resolved.parent_updates})
        sql.insert(AuditEvent, AUDIT_COLUMNS, [[*e, "", False] for e in events])
        done += len(batch)
        progress.update(done)
    missing = _missing_in_care(existing_children, checker.child_rows)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.DONE,
        rows_total=done,
        rows_done=done,
        created_count=counts["create"],
        changed_count=counts["change"],
        unchanged_count=counts["unchanged"],
        problem_count=0,
        parents_created=len(new_parents),
        parents_changed=parents_changed,
        missing_child_ids=missing,
        data=None,
        finished_at=timezone.now(),
    )


def _apply(run, checker: Checker, resolved: Resolved, now, user_id) -> list[list]:
    """Write one chunk; returns its audit rows (see AUDIT_COLUMNS)."""
    organization_id = run.organization_id
    events: list[list] = []

    def event(action, object_type, object_id, child_id=None, location_id=None):
        events.append(
            [now, user_id, action, object_type, object_id, child_id, organization_id, location_id]
        )

    # Parents first: the links below need their ids.
    parent_ids = sql.insert(
        Parent,
        ["organization", *PARENT_VALUE_FIELDS, "likes_to_help_with", "created_at", "updated_at"],
        [
            [organization_id, *(p.values[n] for n in PARENT_VALUE_FIELDS), "", now, now]
            for p in resolved.parent_creates
        ],
        returning=True,
    )
    sql.insert(
        ParentExternalId,
        ["parent", "organization", "external_id"],
        [
            [parent_id, organization_id, plan.external_id]
            for plan, parent_id in zip(resolved.parent_creates, parent_ids, strict=True)
        ],
    )
    for plan, parent_id in zip(resolved.parent_creates, parent_ids, strict=True):
        checker.parent_ids[plan.external_id] = parent_id
        event(Action.CREATE, "parent", parent_id)
    updated_parents = {}
    for parent_id, values in resolved.parent_updates:
        updated_parents[parent_id] = [*(values[n] for n in PARENT_VALUE_FIELDS), now, parent_id]
        event(Action.UPDATE, "parent", parent_id)
    sql.update(Parent, [*PARENT_VALUE_FIELDS, "updated_at"], list(updated_parents.values()))

    child_names = ["first_name", "last_name", "date_of_birth", "group", "location"]
    child_names += ["start_date", "end_date"]
    child_keys = ["first_name", "last_name", "date_of_birth", "group_id", "location_id"]
    child_keys += ["start_date", "end_date"]
    child_ids = sql.insert(
        Child,
        [*child_names, "created_at", "updated_at"],
        [[*(p.values[k] for k in child_keys), now, now] for p in resolved.child_creates],
        returning=True,
    )
    sql.insert(
        ChildExternalId,
        ["child", "organization", "external_id"],
        [
            [child_id, organization_id, plan.external_id]
            for plan, child_id in zip(resolved.child_creates, child_ids, strict=True)
        ],
    )
    for plan, child_id in zip(resolved.child_creates, child_ids, strict=True):
        checker.child_ids[plan.external_id] = child_id
        plan.child_id = child_id
        event(Action.CREATE, "child", child_id, child_id, plan.values["location_id"])
    stay, move = [], []
    for child_id, values, moved in resolved.child_updates:
        if moved:
            # A child moved to another location loses its mentor (a pm'er of the old
            # location); the database guard would refuse the move otherwise.
            move.append([*(values[k] for k in child_keys), now, None, child_id])
        else:
            stay.append([*(values[k] for k in child_keys), now, child_id])
        event(Action.UPDATE, "child", child_id, child_id, values["location_id"])
    sql.update(Child, [*child_names, "updated_at"], stay)
    sql.update(Child, [*child_names, "updated_at", "mentor"], move)

    new_links, changed_links = [], []
    for plan, parent, link_id, primary in resolved.link_writes:
        link = [parent.link[n] for n in LINK_VALUE_FIELDS]
        if link_id is None:
            child_id = plan.child_id or checker.child_ids[plan.external_id]
            parent_id = checker.parent_ids[parent.external_id]
            new_links.append([child_id, parent_id, primary, *link])
        else:
            changed_links.append([*link, link_id])
    sql.insert(
        ChildParent, ["child", "parent", "is_primary_contact", *LINK_VALUE_FIELDS], new_links
    )
    sql.update(ChildParent, list(LINK_VALUE_FIELDS), changed_links)
    return events


AUDIT_COLUMNS = [
    "at",
    "user",
    "action",
    "object_type",
    "object_id",
    "child_id",
    "organization_id",
    "location_id",
    "ip",
    "pseudonymised",
]


def _missing_in_care(existing: dict[str, int], in_file: dict[str, int]) -> list[int]:
    """Children with an external id from before this import that the file leaves out and
    whose care has not ended: offered to end their care, never deleted."""
    gone = sorted(
        child_id for external_id, child_id in existing.items() if external_id not in in_file
    )
    today = timezone.localdate()
    still = []
    for start in range(0, len(gone), ID_BATCH):
        still += (
            Child.objects.filter(pk__in=gone[start : start + ID_BATCH])
            .filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=today))
            .values_list("pk", flat=True)
        )
    return sorted(still)


def default_end_date() -> datetime.date:
    return timezone.localdate()
