"""Writes of the import pages: keyword-only, atomic, audited. The heavy work runs in the
background jobs of ``administratie.tasks``."""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from audit.models import Action, AuditEvent
from audit.services import client_ip, record
from kinderen.models import Child
from organisatie.access import scope_for

from ..importing import parsing
from ..importing.mapping import FIELD_KEYS
from ..models import ImportMapping, ImportRow, ImportRun
from ..tasks import import_commit, import_preview

ID_BATCH = 900


@transaction.atomic
def import_upload(
    *, request: HttpRequest, organization_id: int, file_name: str, data: bytes
) -> ImportRun:
    """Store an uploaded file (already checked by ``parsing.inspect``) as a new run."""
    run = ImportRun.objects.create(
        organization_id=organization_id,
        created_by_id=scope_for(request.user).staff_member_id,
        file_name=file_name[:255],
        kind=parsing.kind_of(file_name),
        data=data,
    )
    record(request=request, action=Action.CREATE, object_type="import", object_id=run.pk)
    return run


def import_check(*, request: HttpRequest, run: ImportRun, columns: dict[str, str]) -> None:
    """Remember the mapping for the organisation and start the check job."""
    columns = {key: value for key, value in columns.items() if key in FIELD_KEYS and value}
    with transaction.atomic():
        ImportMapping.objects.update_or_create(
            organization_id=run.organization_id, defaults={"columns": columns}
        )
        ImportRow.objects.filter(run=run).delete()
        ImportRun.objects.filter(pk=run.pk).update(
            columns=columns,
            status=ImportRun.Status.PREVIEWING,
            rows_done=0,
            rows_total=0,
            error="",
            created_count=0,
            changed_count=0,
            unchanged_count=0,
            problem_count=0,
        )
        record(request=request, action=Action.UPDATE, object_type="import_check", object_id=run.pk)
    import_preview.enqueue(run.pk)


def import_confirm(*, request: HttpRequest, run: ImportRun) -> bool:
    """Start writing a checked run without problems; False when it may not (any more)."""
    with transaction.atomic():
        started = ImportRun.objects.filter(
            pk=run.pk, status=ImportRun.Status.PREVIEWED, problem_count=0, rows_total__gt=0
        ).update(status=ImportRun.Status.IMPORTING, rows_done=0)
        if not started:
            return False
        record(request=request, action=Action.UPDATE, object_type="import_commit", object_id=run.pk)
    import_commit.enqueue(run.pk, request.user.pk)
    return True


@transaction.atomic
def import_discard(*, request: HttpRequest, run: ImportRun) -> bool:
    """Throw a run that was not imported away: its file and rows are deleted, the run stays
    in the list as discarded."""
    discarded = ImportRun.objects.filter(
        pk=run.pk,
        status__in=[
            ImportRun.Status.UPLOADED,
            ImportRun.Status.PREVIEWED,
            ImportRun.Status.FAILED,
        ],
    ).update(status=ImportRun.Status.DISCARDED, data=None, finished_at=timezone.now())
    if discarded:
        ImportRow.objects.filter(run=run).delete()
        record(request=request, action=Action.DELETE, object_type="import", object_id=run.pk)
    return bool(discarded)


@transaction.atomic
def import_end_care(
    *, request: HttpRequest, run: ImportRun, children: models.QuerySet, end_date: datetime.date
) -> tuple[int, int]:
    """End the care of children the file left out; (ended, refused: care starts later)."""
    chosen = list(children.values_list("pk", "location_id", "start_date"))
    ended = [(pk, location_id) for pk, location_id, start in chosen if start <= end_date]
    ids = [pk for pk, _loc in ended]
    for start in range(0, len(ids), ID_BATCH):
        Child.objects.filter(pk__in=ids[start : start + ID_BATCH]).update(
            end_date=end_date, updated_at=timezone.now()
        )
    ip = client_ip(request)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                user=request.user,
                action=Action.UPDATE,
                object_type="child",
                object_id=pk,
                child_id=pk,
                location_id=location_id,
                organization_id=run.organization_id,
                ip=ip,
            )
            for pk, location_id in ended
        ]
    )
    remaining = sorted(set(run.missing_child_ids) - set(ids))
    ImportRun.objects.filter(pk=run.pk).update(missing_child_ids=remaining)
    return len(ended), len(chosen) - len(ended)


def import_report_downloaded(*, request: HttpRequest, run: ImportRun) -> None:
    record(request=request, action=Action.EXPORT, object_type="import", object_id=run.pk)
