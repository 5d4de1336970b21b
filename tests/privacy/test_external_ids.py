"""The childcare administration's numbers (set by the import) are the family's data too:
the access request shows them and erasing the child or parent removes them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinderen.models import ChildExternalId
from ouders.models import ParentExternalId
from privacy.exports import access_request_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def numbered(org, child_a, parent_a):
    ChildExternalId.objects.create(child=child_a, organization=org, external_id="K-0042")
    ParentExternalId.objects.create(parent=parent_a, organization=org, external_id="O-0099")


def test_the_access_request_holds_the_administration_numbers(numbered, parent_a, child_a):
    data = access_request_data(parent_a)
    assert data["parent_external_id"]["external_id"] == "O-0099"
    (item,) = [i for i in data["children"] if i["child"]["id"] == child_a.pk]
    assert item["external_id"]["external_id"] == "K-0042"


def test_the_printable_page_shows_them(numbered, client_for, admin_user, parent_a):
    page = client_for(admin_user).get(reverse("access_request", args=[parent_a.pk]))
    html = page.content.decode()
    assert "K-0042" in html and "O-0099" in html
    assert "nummer in de kindadministratie" in html.lower()


def test_erasing_the_records_removes_the_numbers(numbered, child_a, parent_a):
    child_a.delete()
    parent_a.delete()
    assert not ChildExternalId.objects.exists()
    assert not ParentExternalId.objects.exists()
