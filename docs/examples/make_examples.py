"""Write the example import files next to this script (the CSV and the same rows as .xlsx).

    .venv/bin/python docs/examples/make_examples.py

The locations and groups are the demo organisation's (``manage.py seed_demo``), so the
example can be imported into a demo database as it is.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from administratie.importing.sample import to_csv, to_xlsx  # noqa: E402

NO_PARENT = ["", "", "", "", "", "", "", "", ""]
ANOUK = [
    "O-1001",
    "Anouk",
    "de Vries",
    "anouk.devries@example.nl",
    "06 12345678",
    "moeder",
    "ja",
    "nl",
    "nee",
]
MARK = ["O-1002", "Mark", "de Vries", "", "06-23456789", "vader", "ja", "Nederlands", "nee"]
FATIMA = [
    "O-1003",
    "Fatima",
    "El Amrani",
    "f.elamrani@example.nl",
    "+31 6 34567890",
    "moeder",
    "ja",
    "Arabisch",
    "ja",
]
OKSANA = [
    "O-1004",
    "Oksana",
    "Kovalenko",
    "oksana@example.com",
    "06 45678901",
    "moeder",
    "ja",
    "uk",
    "ja",
]
PIETER = ["O-1005", "Pieter", "Bakker", "", "", "pleegouder", "nee", "", ""]

ROWS = [
    [
        "K-2001",
        "Emma",
        "de Vries",
        "14-03-2024",
        "Zonnebloem",
        "Rupsjes",
        "01-09-2024",
        "",
        *ANOUK,
        *MARK,
    ],
    # Emma's brother: the same parents, matched by their numbers.
    [
        "K-2002",
        "Daan",
        "de Vries",
        "02-11-2021",
        "Zonnebloem",
        "Peuterklas",
        "06-01-2022",
        "",
        *ANOUK,
        *MARK,
    ],
    [
        "K-2003",
        "Yasmina",
        "El Amrani",
        "2023-06-30",
        "Zonnebloem",
        "Vlinders",
        "2024-01-08",
        "",
        *FATIMA,
        *NO_PARENT,
    ],
    [
        "K-2004",
        "Sofia",
        "Kovalenko",
        "21/08/2017",
        "Zonnebloem",
        "BSO De Ontdekkers",
        "01/09/2021",
        "31/07/2027",
        *OKSANA,
        *NO_PARENT,
    ],
    [
        "K-2005",
        "Sem",
        "Bakker",
        "09-09-2022",
        "Klaproos",
        "Egeltjes",
        "01-02-2023",
        "",
        *PIETER,
        *NO_PARENT,
    ],
]

if __name__ == "__main__":
    (HERE / "kinderen-import-voorbeeld.csv").write_text(to_csv(ROWS), encoding="utf-8")
    (HERE / "kinderen-import-voorbeeld.xlsx").write_bytes(to_xlsx(ROWS))
    print(
        "written", HERE / "kinderen-import-voorbeeld.csv", HERE / "kinderen-import-voorbeeld.xlsx"
    )
