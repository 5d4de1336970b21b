"""The report of one import as CSV: every row, its action, what changes and its problems.

Cells are written as text for a spreadsheet: one that starts with = + - @ (or a tab or
carriage return) gets an apostrophe first, so Excel shows it instead of running it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.utils.translation import gettext as _

from ouders.models import ChildParent, Parent

from ..models import ImportRow, ImportRun
from .mapping import FIELDS

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LABELS = {field.key: field.label for field in FIELDS}


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def change_labels(changes: list[str]) -> list[str]:
    """Our keys ("last_name", "parent1.email", "parent2.new") in the admin's words."""
    labels = []
    for change in changes:
        if "." in change:
            slot, part = change.split(".", 1)
            n = slot.removeprefix("parent")
            if part == "new":
                labels.append(_("parent %(n)s new") % {"n": n})
            elif part == "link":
                labels.append(_("parent %(n)s linked") % {"n": n})
            else:
                label = _PARENT_PART_LABELS.get(part, part)
                labels.append(_("parent %(n)s: %(part)s") % {"n": n, "part": label})
        else:
            labels.append(str(_CHILD_LABELS.get(change, change)))
    return labels


_CHILD_LABELS = {
    "first_name": _LABELS["first_name"],
    "last_name": _LABELS["last_name"],
    "date_of_birth": _LABELS["date_of_birth"],
    "group": _LABELS["group"],
    "start_date": _LABELS["start_date"],
    "end_date": _LABELS["end_date"],
}


class _Lazy(dict):
    def get(self, key, default=None):
        model = ChildParent if key in {"relationship", "has_parental_authority"} else Parent
        try:
            return str(model._meta.get_field(key).verbose_name)
        except Exception:
            return default


_PARENT_PART_LABELS = _Lazy()


class _Echo:
    def write(self, value: str) -> str:
        return value


def report_lines(run: ImportRun) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(
        [_("Row"), _("Child number"), _("Action"), _("Changes"), _("Problems")]
    )
    actions = dict(ImportRow.Action.choices)
    rows = run.rows.order_by("number").values_list(
        "number", "external_id", "action", "changes", "problems"
    )
    for number, external_id, action, changes, problems in rows.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                number,
                safe_cell(external_id),
                safe_cell(actions.get(action, action)),
                safe_cell(", ".join(change_labels(changes))),
                safe_cell(" | ".join(problems)),
            ]
        )
