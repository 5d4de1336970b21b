"""Our fields and the columns of the organisation's export that hold them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Field:
    key: str
    label: str | Promise
    required: bool
    aliases: tuple[str, ...] = ()


CHILD_FIELDS = (
    Field(
        "child_id", _("Child number"), True, ("kindnummer", "kindid", "idkind", "kind", "childid")
    ),
    Field(
        "first_name",
        _("Child's first name"),
        True,
        ("voornaam", "roepnaam", "voornaamkind", "firstname"),
    ),
    Field(
        "last_name",
        _("Child's last name"),
        True,
        ("achternaam", "achternaamkind", "lastname", "naam"),
    ),
    Field("date_of_birth", _("Date of birth"), True, ("geboortedatum", "dateofbirth", "geboren")),
    Field("location", _("Location"), True, ("locatie", "vestiging", "location")),
    Field("group", _("Group"), True, ("groep", "group", "stamgroep")),
    Field(
        "start_date",
        _("Start of care"),
        True,
        ("startdatum", "begindatum", "startopvang", "startdate"),
    ),
    Field("end_date", _("End of care"), False, ("einddatum", "eindeopvang", "enddate")),
)

PARENT_PARTS = (
    ("id", _("number"), ("nummer", "id")),
    ("first_name", _("first name"), ("voornaam",)),
    ("last_name", _("last name"), ("achternaam",)),
    ("email", _("e-mail"), ("email", "e-mail", "mail")),
    ("phone", _("phone"), ("telefoon", "tel", "mobiel", "telefoonnummer")),
    ("relationship", _("relationship"), ("relatie",)),
    ("authority", _("parental authority"), ("gezag",)),
    ("language", _("language"), ("taal", "voorkeurstaal")),
    ("interpreter", _("interpreter"), ("tolk",)),
)

PARENTS = (1, 2)


def _parent_label(n: int, part) -> str:
    return gettext("Parent %(n)d: %(part)s") % {"n": n, "part": part}


parent_label = lazy(_parent_label, str)


def _parent_fields() -> tuple[Field, ...]:
    fields = []
    for n in PARENTS:
        for part, label, aliases in PARENT_PARTS:
            fields.append(
                Field(
                    f"parent{n}_{part}",
                    parent_label(n, label),
                    False,
                    tuple(f"ouder{n}{alias}" for alias in aliases)
                    + tuple(f"{alias}ouder{n}" for alias in aliases)
                    + tuple(f"parent{n}{alias}" for alias in aliases),
                )
            )
    return tuple(fields)


FIELDS = CHILD_FIELDS + _parent_fields()
FIELD_KEYS = tuple(field.key for field in FIELDS)
REQUIRED = tuple(field.key for field in FIELDS if field.required)


def normalise(header: str) -> str:
    return re.sub(r"[^0-9a-z]", "", header.lower())


def suggest(headers: list[str], remembered: dict[str, str] | None = None) -> dict[str, str]:
    """{our field: their header}: the remembered choice where that header still exists, else
    a header whose name matches ours (our key, its Dutch or English label, a known alias)."""
    remembered = remembered or {}
    present = {header for header in headers if header}
    by_norm: dict[str, str] = {}
    for header in headers:
        if header:
            by_norm.setdefault(normalise(header), header)
    result: dict[str, str] = {}
    for field in FIELDS:
        if remembered.get(field.key) in present:
            result[field.key] = remembered[field.key]
            continue
        candidates = (normalise(field.key), normalise(str(field.label)), *field.aliases)
        for candidate in candidates:
            if candidate in by_norm:
                result[field.key] = by_norm[candidate]
                break
    return result
