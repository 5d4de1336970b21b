"""Whatever is uploaded, the admin gets a Dutch message and never a 500; and the rows'
problems are worded in Dutch next to the row."""

from __future__ import annotations

import csv
import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from administratie.importing import parsing
from administratie.importing.report import report_lines, safe_cell
from administratie.importing.sample import HEADER, to_csv
from administratie.models import ImportRun
from audit.models import AuditEvent
from kinderen.models import Child

from .import_helpers import check, csv_bytes, row, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for, admin_user, group_a, group_b):
    client = client_for(admin_user)
    client.raise_request_exception = False  # a server error comes back as a 500 response
    return client


def zip_bomb() -> bytes:
    """A zip that looks like a workbook and unpacks to 400 MB of zeros (400 KB on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"\0" * (1 << 20)
            for _ in range(400):
                sheet.write(block)
    return out.getvalue()


FUZZ = {
    "empty file": ("kinderen.csv", b"", "leeg"),
    "random bytes": ("kinderen.csv", os.urandom(4096) + b"\x81\x8d\x8f\x90\x9d", "niet te lezen"),
    "NUL bytes": ("kinderen.csv", b"kindnummer;voornaam\n\x00\x00\x00", "niet te lezen"),
    "text renamed .xlsx": (
        "kinderen.xlsx",
        b"kindnummer;voornaam\nK1;Emma\n",
        "geen Excel-bestand",
    ),
    "random bytes .xlsx": ("kinderen.xlsx", os.urandom(2048), "geen Excel-bestand"),
    "zip without workbook": ("kinderen.xlsx", None, "geen Excel-bestand"),
    "zip bomb": ("kinderen.xlsx", "bomb", "pakt uit tot veel meer gegevens"),
    "wrong extension": ("kinderen.pdf", b"%PDF-1.4", "CSV-bestand (.csv) of een Excel-bestand"),
}


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hallo")
    return out.getvalue()


@pytest.mark.parametrize("case", list(FUZZ), ids=list(FUZZ))
def test_unreadable_uploads_get_a_dutch_message(case, admin_client):
    name, content, message = FUZZ[case]
    if content is None:
        content = _plain_zip()
    elif content == "bomb":
        content = zip_bomb()

    response = upload(admin_client, content, name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_50_mb_file_is_refused_with_a_dutch_message(admin_client):
    content = b"kindnummer;voornaam\n" + b"K1;Emma\n" * (50 * 1024 * 1024 // 8)

    response = upload(admin_client, content)

    assert response.status_code == 200
    assert "groter dan 20 MB" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_windows_1252_file_is_read(admin_client):
    run = check(admin_client, csv_bytes([row(first="Zoë", last="Öztürk")], encoding="cp1252"))

    assert run.status == ImportRun.Status.PREVIEWED and run.created_count == 1


def test_header_only_file_checks_to_nothing(admin_client):
    run = check(admin_client, ";".join(HEADER).encode() + b"\r\n")

    assert run.status == ImportRun.Status.PREVIEWED
    assert (run.rows_total, run.created_count) == (0, 0)
    assert not run.can_commit  # an empty file would list every child as gone


def test_upload_is_audited(admin_client, admin_user):
    upload(admin_client, csv_bytes([row()]))

    run = ImportRun.objects.get()
    assert AuditEvent.objects.filter(
        user=admin_user, action="create", object_type="import", object_id=run.pk
    ).exists()


def test_formula_cells_stay_text_and_the_report_escapes_them(admin_client, admin_user):
    formula = '=HYPERLINK("http://evil.example","klik")'
    run = check(admin_client, csv_bytes([row(child_id=formula, first="@Emma")]))
    assert run.created_count == 1
    run = check(admin_client, csv_bytes([row(child_id="-K1", group="=1+2")]))

    response = admin_client.get(reverse("import_report", kwargs={"pk": run.pk}))

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    cells = [cell for line in csv.reader(io.StringIO(body), delimiter=";") for cell in line]
    assert "'-K1" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    assert AuditEvent.objects.filter(action="export", object_type="import").exists()


def test_the_first_name_is_stored_as_typed(admin_client):
    from .import_helpers import confirm

    run = confirm(admin_client, check(admin_client, csv_bytes([row(first="=1+1")])))

    assert run.status == ImportRun.Status.DONE
    assert Child.objects.get().first_name == "=1+1"


def test_safe_cell():
    assert [safe_cell(v) for v in ["=A1", "+1", "-1", "@x", "Emma", "", None, 3]] == [
        "'=A1",
        "'+1",
        "'-1",
        "'@x",
        "Emma",
        "",
        "",
        "3",
    ]


PROBLEM_ROWS = [
    (row(first=""), "De voornaam van het kind ontbreekt."),
    (row(last=""), "De achternaam van het kind ontbreekt."),
    (row(born="31-02-2024"), "Geboortedatum: “31-02-2024” is geen datum (gebruik dd-mm-jjjj)."),
    (
        row(born="01-01-2099", start="01-02-2099"),
        "De geboortedatum kan niet in de toekomst liggen.",
    ),
    (
        row(born="01-03-2024", start="01-01-2024"),
        "De opvang kan niet vóór de geboortedatum beginnen.",
    ),
    (row(location="Nergens"), "Locatie “Nergens” bestaat niet in je organisatie."),
    (row(group="Vlinders"), "Groep “Vlinders” bestaat niet op locatie “Zonnebloem”."),
    (
        row(parent2=("O1", "Anouk", "de Vries", "", "", "", "", "", "")),
        "is twee keer aan dit kind gekoppeld.",
    ),
    (row(parent1=("O1", "Anouk", "de Vries", "geen-mail", "", "", "", "", "")), "Ouder 1, E-mail"),
    (row(parent1=("O1", "Anouk", "de Vries", "", "bel mij", "", "", "", "")), "Ouder 1, Telefoon"),
    (
        row(parent1=("O1", "Anouk", "de Vries", "", "", "", "", "Klingon", "")),
        "taal “Klingon” is onbekend",
    ),
    (
        row(parent1=("O1", "Anouk", "de Vries", "", "", "tante", "", "", "")),
        "relatie “tante” is onbekend",
    ),
    (
        row(parent1=("O1", "Anouk", "de Vries", "", "", "", "misschien", "", "")),
        "is geen ja of nee",
    ),
    (
        row(parent1=("", "Anouk", "de Vries", "", "", "", "", "", "")),
        "Ouder 1: het nummer ontbreekt.",
    ),
    (row(child_id=""), "Het kindnummer ontbreekt."),
]


def test_each_problem_is_worded_in_dutch_next_to_its_row(admin_client):
    rows = [r for r, _m in PROBLEM_ROWS]
    for number, line in enumerate(rows):
        if line[0]:
            line[0] = f"K{number}"
        for position in (8, 17):  # each row its own parent: a parent is checked once
            if line[position] == "O1":
                line[position] = f"O1-{number}"
    run = check(admin_client, csv_bytes(rows))

    problems = dict(run.rows.values_list("number", "problems"))
    for number, (_row, message) in enumerate(PROBLEM_ROWS, start=2):
        assert any(message in problem for problem in problems[number]), (number, problems[number])
    assert run.problem_count == len(PROBLEM_ROWS)
    assert not run.can_commit


def test_file_level_problems_duplicate_child_and_renamed_parent(admin_client):
    rows = [
        row("K1"),
        row("K1", "Daan"),
        row("K2", parent1=("O1", "Anne", "Bakker", "", "", "", "", "", "")),
    ]
    run = check(admin_client, csv_bytes(rows))

    problems = dict(run.rows.values_list("number", "problems"))
    assert problems[2] == []
    assert problems[3] == ["Kindnummer K1 staat ook op regel 2 van het bestand."]
    assert problems[4] == ["Ouder 1: nummer O1 heeft op regel 2 een andere naam."]


@hypothesis_settings(max_examples=25)
@given(content=st.binary(max_size=600), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt"]))
def test_any_bytes_are_refused_or_checked_without_a_500(content, name):
    try:
        info = parsing.inspect(name, content)
        list(parsing.iter_rows(content, info))
    except parsing.ImportFileError as error:
        assert str(error)


def test_report_lines_have_a_header(admin_client):
    run = check(admin_client, csv_bytes([row()]))

    lines = list(report_lines(run))

    assert lines[0].startswith("\ufeffRegel;Kindnummer;Handeling")
    assert len(lines) == 2


def test_upload_page_renders(admin_client):
    response = admin_client.get(reverse("import_upload"))
    assert response.status_code == 200
    assert SimpleUploadedFile  # the form takes a file
    assert to_csv  # the template is documented in docs/import.md
