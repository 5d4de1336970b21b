"""The import in a real browser: ``beheer`` (admin of the demo organisation) uploads the
documented example, checks the columns, sees the check and confirms; then uploads a file
with a problem and sees it next to its row. Every page passes axe-core at phone and
desktop width, with a clean console and nothing to scroll sideways on the phone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from administratie.models import ImportRun
from kinderen.models import Child

from .conftest import PageAudit

pytestmark = [
    pytest.mark.e2e,
]

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "examples" / "kinderen-import-voorbeeld.csv"


def nl(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


def test_admin_imports_the_example_and_sees_a_problem_next_to_its_row(
    page: Page,  # noqa: F811 - the fixture imported above
    live_server: Any,
    login_verified: Callable,  # noqa: F811 - the fixture imported above
    demo_data: None,  # noqa: F811 - the fixture imported above
    page_audit: PageAudit,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    login_verified(page, "beheer")
    page.goto(live_server.url + reverse("administration"))
    with page.expect_navigation():
        page.get_by_role("link", name=nl("Import"), exact=True).click()
    page_audit.check(page, "import list")
    with page.expect_navigation():
        page.get_by_role("link", name=nl("Upload a file")).click()

    page.set_input_files("#id_file", str(EXAMPLE))
    with page.expect_navigation():
        page.get_by_role("button", name=nl("Upload and choose columns")).click()
    expect(page.locator("#id_child_id")).to_have_value("kindnummer")
    page_audit.check(page, "columns")
    with page.expect_navigation():
        page.get_by_role("button", name=nl("Check the file")).click()
    expect(page.locator("main")).to_contain_text(nl("What the import will do"))
    page_audit.check(page, "check")
    with page.expect_navigation():
        page.get_by_role("button", name=nl("Confirm and import")).click()
    expect(page.locator("main")).to_contain_text(nl("What was imported"))
    page_audit.check(page, "imported")
    assert ImportRun.objects.get().status == "done"
    assert Child.objects.filter(first_name="Yasmina", last_name="El Amrani").exists()

    bad = EXAMPLE.read_text(encoding="utf-8").replace("Peuterklas", "Kikkers", 1)
    (tmp_path / "fout.csv").write_text(bad, encoding="utf-8")
    page.goto(live_server.url + reverse("import_upload"))
    page.set_input_files("#id_file", str(tmp_path / "fout.csv"))
    with page.expect_navigation():
        page.get_by_role("button", name=nl("Upload and choose columns")).click()
    with page.expect_navigation():
        page.get_by_role("button", name=nl("Check the file")).click()
    expect(page.locator(".list-group-item-danger")).to_contain_text("Kikkers")
    expect(page.get_by_role("button", name=nl("Confirm and import"))).to_have_count(0)
    page_audit.check(page, "check with a problem")

    page.goto(live_server.url + reverse("import_upload"))
    page.set_input_files(
        "#id_file", files=[{"name": "kapot.xlsx", "mimeType": "application/zip", "buffer": b"PK"}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name=nl("Upload and choose columns")).click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Excel")
    page_audit.check(page, "upload refused")
    page_audit.assert_clean()
