"""Static weight: the handover page with everything it loads stays under 100 KB compressed.

The page is the one a pm'er opens at the door on a phone, often on the group's Wi-Fi. The
static files are collected as production does (hashed names, gzip copies) and served by
WhiteNoise through the test client, so the figures are what a browser downloads.
"""

from __future__ import annotations

import gzip
import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

BUDGET_BYTES = 100 * 1024
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def collected(tmp_path_factory, django_db_blocker):
    root = tmp_path_factory.mktemp("static")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root, storages


def _download(client: Client, path: str):
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip, br")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_handover_page_and_its_files_stay_under_100_kb(collected, pm_a, child_a, client_for):
    root, storages = collected
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        client = client_for(pm_a)
        page = client.get(reverse("handover", args=[child_a.pk]))
        assert page.status_code == 200
        html = page.content
        assets = sorted(set(ASSET.findall(html.decode())))
        assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)

        total = len(gzip.compress(html, 6))
        sizes = {}
        for path in assets:
            assert HASHED.search(path), f"{path} has no content hash in its name"
            response, body = _download(Client(), path)
            assert response.status_code == 200, path
            assert "immutable" in response["Cache-Control"], path
            assert "max-age=315360000" in response["Cache-Control"], path
            if path.endswith((".css", ".js", ".svg")):
                assert response["Content-Encoding"] in {"gzip", "br"}, path
            sizes[path] = len(body)
            total += len(body)

    assert total < BUDGET_BYTES, f"{total} bytes: {sizes}"
