"""Helpers of the import tests: upload a file as the admin, choose the suggested columns,
confirm; and an import run for the URL matrix."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from administratie.importing import parsing
from administratie.importing.mapping import suggest
from administratie.importing.sample import HEADER, to_csv
from administratie.models import ImportRun

BORN = datetime.date(2024, 3, 1)


def row(
    child_id="K1",
    first="Emma",
    last="de Vries",
    born="01-03-2024",
    location="Zonnebloem",
    group="Rupsjes",
    start="01-09-2024",
    end="",
    parent1=(
        "O1",
        "Anouk",
        "de Vries",
        "anouk@example.nl",
        "06 12345678",
        "moeder",
        "ja",
        "nl",
        "nee",
    ),
    parent2=("", "", "", "", "", "", "", "", ""),
) -> list[str]:
    return [child_id, first, last, born, location, group, start, end, *parent1, *parent2]


def csv_bytes(rows, *, encoding="utf-8", delimiter=";", header=HEADER) -> bytes:
    return to_csv(rows, header=header, delimiter=delimiter).encode(encoding)


def upload(client, content: bytes, name: str = "kinderen.csv"):
    return client.post(reverse("import_upload"), {"file": SimpleUploadedFile(name, content)})


def check(client, content: bytes, name: str = "kinderen.csv") -> ImportRun:
    """Upload and check with the suggested columns; the run after its (inline) check."""
    response = upload(client, content, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    run = ImportRun.objects.latest("pk")
    info = parsing.inspect(name, content)
    columns = suggest(parsing.read_header(content, info))
    response = client.post(reverse("import_mapping", kwargs={"pk": run.pk}), columns)
    assert response.status_code == 302, response.content.decode()[:3000]
    run.refresh_from_db()
    return run


def confirm(client, run: ImportRun) -> ImportRun:
    response = client.post(reverse("import_commit", kwargs={"pk": run.pk}))
    assert response.status_code == 302
    run.refresh_from_db()
    return run


def import_run_for(world) -> ImportRun:
    """One checked import of the organisation of location A (for the URL matrix)."""
    run = getattr(world, "_import_run", None)
    if run is None:
        child = world.child_a
        content = csv_bytes([row(location=child.location.name, group=child.group.name)])
        run = ImportRun.objects.create(
            organization_id=child.location.organization_id,
            file_name="kinderen.csv",
            kind="csv",
            data=content,
            status=ImportRun.Status.PREVIEWED,
            columns=suggest(HEADER),
        )
        world._import_run = run
    return run


def import_upload_file(world) -> SimpleUploadedFile:
    child = world.child_a
    content = csv_bytes([row(location=child.location.name, group=child.group.name)])
    return SimpleUploadedFile("kinderen.csv", content)


def import_mapping_post(world) -> dict:
    import_run_for(world).__class__.objects.filter(pk=import_run_for(world).pk).update(
        status=ImportRun.Status.UPLOADED
    )
    return suggest(HEADER)
