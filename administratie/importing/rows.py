"""One row of the file → what it means: the values, its problems (Dutch), and, per chunk of
rows, what would change in the database.

The rules are the models' own: ``Child.clean_fields``/``Child.clean`` (names, dates, care
before birth), ``Parent.clean_fields`` (e-mail, ``phone_validator``, language choices); this
module adds only what a file can get wrong on its own (unreadable dates, unknown group, a
duplicate id, a parent named differently on two rows). Used by the preview and, again
inside the transaction, by the commit, so both see the same rows.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kinderen.models import Child, ChildExternalId
from organisatie.models import Group, Location
from ouders.models import ChildParent, Language, Parent, ParentExternalId, Relationship

from .mapping import PARENT_PARTS, PARENTS

CHUNK = 1000
CHILD_VALUE_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "group_id",
    "start_date",
    "end_date",
)
PARENT_VALUE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "preferred_language",
    "interpreter_needed",
)
LINK_VALUE_FIELDS = ("relationship", "has_parental_authority")
EXTERNAL_ID_MAX = 100

_YES = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
_NO = {"nee", "n", "no", "false", "onwaar", "0"}


def squash(text: str) -> str:
    """For matching names: case and runs of spaces do not count."""
    return " ".join(text.split()).casefold()


_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_YMD = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")


def parse_date(text: str) -> datetime.date | None:
    """A date as dd-mm-yyyy (also with / or .) or yyyy-mm-dd, with or without a time after
    it (Excel); None when empty; ValueError when unreadable or impossible (31-02)."""
    text = text.strip()
    if not text:
        return None
    text = text.split(" ")[0].split("T")[0]
    if match := _DMY.fullmatch(text):
        day, month, year = match.groups()
    elif match := _YMD.fullmatch(text):
        year, month, day = match.groups()
    else:
        raise ValueError(text)
    return datetime.date(int(year), int(month), int(day))


def parse_yes_no(text: str, default: bool) -> bool:
    word = text.strip().casefold()
    if not word:
        return default
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValueError(text)


def _choice_lookup(choices) -> dict[str, str]:
    """Code, English label and (translated) Dutch label of each choice → code."""
    lookup: dict[str, str] = {}
    for code, label in choices:
        lookup[code.casefold()] = code
        with translation.override("en"):
            lookup[squash(str(label))] = code
        with translation.override("nl"):
            lookup[squash(str(label))] = code
    return lookup


@dataclass
class ParentPlan:
    slot: int
    external_id: str
    # The parent's details, from the first row the parent is on; None on later rows.
    values: dict | None
    link: dict


@dataclass
class RowPlan:
    number: int
    external_id: str
    problems: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    parents: list[ParentPlan] = field(default_factory=list)
    # Filled by resolve():
    action: str = ""
    changes: list[str] = field(default_factory=list)
    child_id: int | None = None


class Checker:
    """Reads rows of one file for one organisation, remembering what it needs across rows
    (ids seen, parent names) as dicts of short strings and ids only."""

    def __init__(self, *, organization_id: int, columns: dict[str, str], header: list[str]):
        self.organization_id = organization_id
        self.today = timezone.localdate()
        index = {name: position for position, name in reversed(list(enumerate(header)))}
        self.positions = {key: index[column] for key, column in columns.items() if column in index}
        self.locations = {
            squash(name): pk
            for pk, name in Location.objects.filter(organization_id=organization_id).values_list(
                "pk", "name"
            )
        }
        self.groups = {
            (location_id, squash(name)): (pk, location_id)
            for pk, location_id, name in Group.objects.filter(
                location__organization_id=organization_id
            ).values_list("pk", "location_id", "name")
        }
        self.child_ids: dict[str, int] = dict(
            ChildExternalId.objects.filter(organization_id=organization_id).values_list(
                "external_id", "child_id"
            )
        )
        self.parent_ids: dict[str, int] = dict(
            ParentExternalId.objects.filter(organization_id=organization_id).values_list(
                "external_id", "parent_id"
            )
        )
        self.child_rows: dict[str, int] = {}  # child id in the file → its row number
        self.parent_rows: dict[str, tuple[str, int]] = {}  # parent id → (name, row number)
        self.languages = _choice_lookup(Language.choices)
        self.relationships = _choice_lookup(Relationship.choices)
        self.parent_prefix = {n: _("Parent %(n)d") % {"n": n} for n in PARENTS}

    def _field_problems(self, model, values: dict, prefix: str, problems: list[str]) -> None:
        """The validators of the model's fields (max length, e-mail, phone) on the values
        that are not blank."""
        errors: dict[str, list[str]] = {}
        for name, value in values.items():
            if not value:
                continue
            try:
                model._meta.get_field(name).run_validators(value)
            except ValidationError as error:
                errors[name] = error.messages
        if errors:
            self._add_errors(model, errors, prefix, problems)

    def _add_errors(self, model, errors: dict, prefix: str, problems: list[str]) -> None:
        for name, messages in errors.items():
            label = str(model._meta.get_field(name).verbose_name) if name != "__all__" else ""
            label = label[:1].upper() + label[1:]
            where = f"{prefix}, {label}" if prefix and label else (prefix or label)
            for message in messages:
                problems.append(f"{where}: {message}" if where else message)

    def cell(self, row: list[str], key: str) -> str:
        position = self.positions.get(key)
        if position is None or position >= len(row):
            return ""
        return row[position].strip()

    # --- one row ------------------------------------------------------------------------

    def check(self, number: int, row: list[str]) -> RowPlan:
        plan = RowPlan(number=number, external_id=self.cell(row, "child_id")[:EXTERNAL_ID_MAX])
        problems = plan.problems
        self._check_child_id(plan)
        values = self._child_values(row, problems)
        plan.values = values
        self._check_place(row, values, problems)
        seen_here: set[str] = set()
        for slot in PARENTS:
            parent = self._parent(row, slot, number, problems)
            if parent is None:
                continue
            if parent.external_id in seen_here:
                problems.append(
                    _("Parent %(id)s is linked to this child twice.") % {"id": parent.external_id}
                )
                continue
            seen_here.add(parent.external_id)
            plan.parents.append(parent)
        return plan

    def _check_child_id(self, plan: RowPlan) -> None:
        if not plan.external_id:
            plan.problems.append(_("The child number is missing."))
            return
        earlier = self.child_rows.get(plan.external_id)
        if earlier is not None:
            plan.problems.append(
                _("Child number %(id)s is also on row %(row)d of the file.")
                % {"id": plan.external_id, "row": earlier}
            )
        else:
            self.child_rows[plan.external_id] = plan.number

    def _date(self, row, key: str, label: str, problems: list[str]) -> datetime.date | None:
        text = self.cell(row, key)
        try:
            return parse_date(text)
        except ValueError:
            problems.append(
                _("%(field)s: “%(value)s” is not a date (use dd-mm-yyyy).")
                % {"field": label, "value": text[:40]}
            )
            return None

    def _child_values(self, row: list[str], problems: list[str]) -> dict:
        first_name = self.cell(row, "first_name")
        last_name = self.cell(row, "last_name")
        if not first_name:
            problems.append(_("The child's first name is missing."))
        if not last_name:
            problems.append(_("The child's last name is missing."))
        date_of_birth = self._date(row, "date_of_birth", _("Date of birth"), problems)
        start_date = self._date(row, "start_date", _("Start of care"), problems)
        end_date = self._date(row, "end_date", _("End of care"), problems)
        if date_of_birth is None and not self.cell(row, "date_of_birth"):
            problems.append(_("The date of birth is missing."))
        if start_date is None and not self.cell(row, "start_date"):
            problems.append(_("The start of care is missing."))
        # The model's own rules: field validators (lengths) and Child.clean (no birth in the
        # future, care not before birth, end not before start). Blanks were worded above.
        self._field_problems(
            Child, {"first_name": first_name, "last_name": last_name}, "", problems
        )
        if date_of_birth and start_date:
            dates = SimpleNamespace(
                date_of_birth=date_of_birth,
                start_date=start_date,
                end_date=end_date,
                mentor_id=None,
                group_id=None,
            )
            try:
                Child.clean(dates)
            except ValidationError as error:
                self._add_errors(Child, error.message_dict, "", problems)
        return {
            "first_name": first_name,
            "last_name": last_name,
            "date_of_birth": date_of_birth,
            "start_date": start_date,
            "end_date": end_date,
            "group_id": None,
            "location_id": None,
        }

    def _check_place(self, row, values: dict, problems: list[str]) -> None:
        location_name = self.cell(row, "location")
        group_name = self.cell(row, "group")
        location_id = self.locations.get(squash(location_name))
        if not location_name:
            problems.append(_("The location is missing."))
            return
        if location_id is None:
            problems.append(
                _("Location “%(name)s” does not exist in your organisation.")
                % {"name": location_name[:100]}
            )
            return
        if not group_name:
            problems.append(_("The group is missing."))
            return
        group = self.groups.get((location_id, squash(group_name)))
        if group is None:
            problems.append(
                _("Group “%(group)s” does not exist at location “%(location)s”.")
                % {"group": group_name[:100], "location": location_name[:100]}
            )
            return
        values["group_id"], values["location_id"] = group

    def _parent(self, row, slot: int, number: int, problems: list[str]) -> ParentPlan | None:
        cells = {part: self.cell(row, f"parent{slot}_{part}") for part, _l, _a in PARENT_PARTS}
        if not any(cells.values()):
            return None
        prefix = self.parent_prefix[slot]
        external_id = cells["id"][:EXTERNAL_ID_MAX]
        start = len(problems)
        if not external_id:
            problems.append(_("%(parent)s: the number is missing.") % {"parent": prefix})
        if not cells["first_name"] or not cells["last_name"]:
            problems.append(_("%(parent)s: the name is missing.") % {"parent": prefix})
        language = Language.DUTCH
        if cells["language"]:
            language = self.languages.get(squash(cells["language"]))
            if language is None:
                problems.append(
                    _("%(parent)s: language “%(value)s” is unknown.")
                    % {"parent": prefix, "value": cells["language"][:40]}
                )
        relationship = Relationship.PARENT
        if cells["relationship"]:
            relationship = self.relationships.get(squash(cells["relationship"]))
            if relationship is None:
                problems.append(
                    _("%(parent)s: relationship “%(value)s” is unknown.")
                    % {"parent": prefix, "value": cells["relationship"][:40]}
                )
        flags = {}
        for part, default in (("authority", True), ("interpreter", False)):
            try:
                flags[part] = parse_yes_no(cells[part], default)
            except ValueError:
                flags[part] = default
                problems.append(
                    _("%(parent)s: “%(value)s” is not ja or nee.")
                    % {"parent": prefix, "value": cells[part][:40]}
                )
        values = {
            "first_name": cells["first_name"],
            "last_name": cells["last_name"],
            "email": cells["email"],
            "phone": cells["phone"],
            "preferred_language": language or Language.DUTCH,
            "interpreter_needed": flags["interpreter"],
        }
        earlier = self.parent_rows.get(external_id)
        if earlier is None:
            # Validated on the row that defines the parent (later rows only link it).
            checked = {n: values[n] for n in ("first_name", "last_name", "email", "phone")}
            self._field_problems(Parent, checked, prefix, problems)
        if len(problems) > start or not external_id:
            return None
        name = squash(f"{values['first_name']} {values['last_name']}")
        if earlier is None:
            self.parent_rows[external_id] = (name, number)
        elif earlier[0] != name:
            problems.append(
                _("%(parent)s: number %(id)s has another name on row %(row)d.")
                % {"parent": prefix, "id": external_id, "row": earlier[1]}
            )
            return None
        return ParentPlan(
            slot=slot,
            external_id=external_id,
            values=values if earlier is None else None,
            link={
                "relationship": relationship,
                "has_parental_authority": flags["authority"],
            },
        )


# --- a chunk of rows against the database ---------------------------------------------


@dataclass
class Resolved:
    """What a chunk would write; the commit applies it, the preview only counts it."""

    child_creates: list[RowPlan] = field(default_factory=list)
    # (child id, values, moved to another location)
    child_updates: list[tuple[int, dict, bool]] = field(default_factory=list)
    parent_creates: list[ParentPlan] = field(default_factory=list)
    parent_updates: list[tuple[int, dict]] = field(default_factory=list)
    # (row, parent plan, existing link id or None, primary contact for a new link)
    link_writes: list[tuple[RowPlan, ParentPlan, int | None, bool]] = field(default_factory=list)


def resolve(checker: Checker, plans: list[RowPlan], new_parents: set[str]) -> Resolved:
    """Compare a chunk's rows with the database: actions, changes, and what to write.

    ``new_parents`` holds the ids of parents created by earlier rows of this file (in the
    preview they do not exist yet); it grows as this chunk creates more.
    """
    resolved = Resolved()
    good = [plan for plan in plans if not plan.problems]
    child_ids = [
        checker.child_ids[p.external_id] for p in good if p.external_id in checker.child_ids
    ]
    children = {
        row["pk"]: row
        for row in Child.objects.filter(pk__in=child_ids).values(
            "pk", "location_id", *CHILD_VALUE_FIELDS
        )
    }
    parent_ids = [
        checker.parent_ids[parent.external_id]
        for plan in good
        for parent in plan.parents
        if parent.values is not None and parent.external_id in checker.parent_ids
    ]
    parents = {
        row["pk"]: row
        for row in Parent.objects.filter(pk__in=parent_ids).values("pk", *PARENT_VALUE_FIELDS)
    }
    links: dict[tuple[int, int], dict] = {}
    has_primary: set[int] = set()
    for row in ChildParent.objects.filter(child_id__in=child_ids).values(
        "pk", "child_id", "parent_id", "is_primary_contact", *LINK_VALUE_FIELDS
    ):
        links[(row["child_id"], row["parent_id"])] = row
        if row["is_primary_contact"]:
            has_primary.add(row["child_id"])

    for plan in plans:
        if plan.problems:
            plan.action = "problem"
            continue
        child_id = checker.child_ids.get(plan.external_id)
        plan.child_id = child_id
        if child_id is None:
            plan.action = "create"
            resolved.child_creates.append(plan)
        else:
            current = children[child_id]
            changed = {
                name: plan.values[name]
                for name in CHILD_VALUE_FIELDS
                if current[name] != plan.values[name]
            }
            if changed:
                plan.changes.extend(name.removesuffix("_id") for name in changed)
                moved = current["location_id"] != plan.values["location_id"]
                resolved.child_updates.append((child_id, plan.values, moved))
        primary_taken = child_id in has_primary
        for parent in plan.parents:
            parent_id = checker.parent_ids.get(parent.external_id)
            key = f"parent{parent.slot}"
            if parent_id is None:
                if parent.external_id not in new_parents:
                    new_parents.add(parent.external_id)
                    resolved.parent_creates.append(parent)
                    if child_id is not None:
                        plan.changes.append(f"{key}.new")
            elif parent.values is not None:
                current = parents[parent_id]
                changed = [n for n in PARENT_VALUE_FIELDS if current[n] != parent.values[n]]
                if changed:
                    plan.changes.extend(f"{key}.{name}" for name in changed)
                    resolved.parent_updates.append((parent_id, parent.values))
            link = links.get((child_id, parent_id)) if child_id and parent_id else None
            if link is None:
                primary = not primary_taken
                primary_taken = True
                resolved.link_writes.append((plan, parent, None, primary))
                if child_id is not None and f"{key}.new" not in plan.changes:
                    plan.changes.append(f"{key}.link")
            elif any(link[n] != parent.link[n] for n in LINK_VALUE_FIELDS):
                resolved.link_writes.append((plan, parent, link["pk"], False))
                plan.changes.extend(
                    f"{key}.{n}" for n in LINK_VALUE_FIELDS if link[n] != parent.link[n]
                )
        if child_id is not None:
            plan.action = "change" if plan.changes else "unchanged"
    return resolved


def chunks(rows: Iterable[list[str]], checker: Checker) -> Iterator[list[RowPlan]]:
    """The data rows (after the header), checked, in chunks of ``CHUNK``."""
    batch: list[RowPlan] = []
    for number, row in enumerate(rows, start=2):
        batch.append(checker.check(number, row))
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def has_parent_columns(columns: dict[str, str]) -> bool:
    return any(key.startswith("parent") for key in columns)
