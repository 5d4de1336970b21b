"""Generated import files in the documented template: the example in docs/examples, the
tests' large file and the benchmark's. Names are made up; ids are stable per seed."""

from __future__ import annotations

import csv
import datetime
import io
import random
from collections.abc import Iterator, Sequence

import openpyxl

HEADER = [
    "kindnummer",
    "voornaam",
    "achternaam",
    "geboortedatum",
    "locatie",
    "groep",
    "startdatum",
    "einddatum",
]
for _n in (1, 2):
    HEADER += [
        f"ouder{_n}_{part}"
        for part in (
            "nummer",
            "voornaam",
            "achternaam",
            "email",
            "telefoon",
            "relatie",
            "gezag",
            "taal",
            "tolk",
        )
    ]

FIRST = ["Emma", "Noah", "Julia", "Liam", "Mila", "Daan", "Sara", "Sem", "Tess", "Finn", "Yara"]
FIRST += ["Adam", "Nora", "Mohammed", "Lina", "Milan", "Zoë", "Levi", "Saar", "Ilyas"]
LAST = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "El Amrani"]
LAST += ["Yilmaz", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "Öztürk"]
ADULT = ["Anouk", "Mark", "Fatima", "Peter", "Sanne", "Youssef", "Lisa", "Tom", "Ayşe", "Jeroen"]
LANGUAGES = ["nl", "nl", "nl", "nl", "Engels", "ar", "tr", "Pools", "uk"]


def family_rows(
    places: Sequence[tuple[str, str]],
    families: int,
    *,
    children_of_first: int = 0,
    seed: int = 1,
    today: datetime.date | None = None,
) -> Iterator[list[str]]:
    """Rows (without header) of ``families`` families with two parents each; the first
    ``children_of_first`` families have two children, the rest one."""
    rnd = random.Random(seed)  # noqa: S311 - made-up test data, not a secret
    today = today or datetime.date(2026, 11, 1)
    for family in range(1, families + 1):
        last = LAST[family % len(LAST)]
        parents = []
        for slot, relationship in ((1, "moeder"), (2, "vader")):
            number = f"O{family * 2 - 2 + slot:06d}"
            language = LANGUAGES[family % len(LANGUAGES)]
            parents.append(
                [
                    number,
                    ADULT[(family + slot) % len(ADULT)],
                    last,
                    f"ouder{number.lower()}@example.nl",
                    f"06 {10000000 + family * 2 + slot}",
                    relationship,
                    "ja",
                    language,
                    "ja" if language in {"ar", "tr"} and slot == 1 else "nee",
                ]
            )
        for child in range(2 if family <= children_of_first else 1):
            location, group = places[rnd.randrange(len(places))]
            born = today - datetime.timedelta(days=rnd.randrange(200, 3600))
            start = born + datetime.timedelta(days=rnd.randrange(90, 180))
            yield [
                f"K{family:06d}{child}",
                FIRST[(family * 3 + child) % len(FIRST)],
                last,
                born.strftime("%d-%m-%Y"),
                location,
                group,
                start.strftime("%d-%m-%Y"),
                "",
                *parents[0],
                *parents[1],
            ]


def to_csv(rows, *, header: Sequence[str] = HEADER, delimiter: str = ";") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def to_xlsx(rows, *, header: Sequence[str] = HEADER) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Kinderen")
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
