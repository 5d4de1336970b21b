"""The check job: read the file, check every row, store what each row would do."""

from __future__ import annotations

from django.db import transaction

from ..models import ImportRow, ImportRun
from . import parsing, sql
from .rows import Checker, chunks, resolve


def open_rows(run: ImportRun):
    """(header, rows after the header) of the run's file; ImportFileError if unreadable."""
    data = bytes(run.data or b"")
    info = parsing.inspect(run.file_name, data)
    rows = parsing.iter_rows(data, info)
    header = [cell.strip() for cell in next(rows)]
    return header, rows


def count_rows(run: ImportRun) -> int:
    _header, rows = open_rows(run)
    return sum(1 for _row in rows)


def preview(run: ImportRun) -> None:
    """Check the run's file and write its ImportRows; progress in ``rows_done``."""
    total = count_rows(run)
    ImportRun.objects.filter(pk=run.pk).update(rows_total=total, rows_done=0)
    run.rows_total = total
    ImportRow.objects.filter(run=run).delete()
    header, rows = open_rows(run)
    checker = Checker(organization_id=run.organization_id, columns=run.columns, header=header)
    counts = {"create": 0, "change": 0, "unchanged": 0, "problem": 0}
    new_parents: set[str] = set()
    done = 0
    for batch in chunks(rows, checker):
        resolve(checker, batch, new_parents)
        with transaction.atomic():
            sql.insert(
                ImportRow,
                ["run", "number", "external_id", "action", "problems", "changes"],
                [[run.pk, p.number, p.external_id, p.action, p.problems, p.changes] for p in batch],
            )
            done += len(batch)
            ImportRun.objects.filter(pk=run.pk).update(rows_done=done)
        for plan in batch:
            counts[plan.action] += 1
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.PREVIEWED,
        rows_total=done,
        rows_done=done,
        created_count=counts["create"],
        changed_count=counts["change"],
        unchanged_count=counts["unchanged"],
        problem_count=counts["problem"],
        parents_created=len(new_parents),
    )
