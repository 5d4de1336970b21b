"""The largest chain's file: 20,000 children and 35,000 parents, checked and imported
through the pages (the jobs run inline in tests), then a changed file that changes only
what changed. On SQLite here and on PostgreSQL in CI (``make test-postgres``)."""

from __future__ import annotations

import time

import pytest

from administratie.importing.sample import family_rows, to_csv
from administratie.models import ImportRun
from kinderen.models import Child, ChildExternalId
from organisatie.models import CareType, Group, Location
from ouders.models import ChildParent, Parent, ParentExternalId

from .import_helpers import check, confirm

pytestmark = pytest.mark.django_db

FAMILIES, TWO_CHILDREN = 17_500, 2_500  # 20,000 children, 35,000 parents


@pytest.fixture
def places(org):
    locations = Location.objects.bulk_create(
        Location(organization=org, name=f"Locatie {n:03d}") for n in range(200)
    )
    Group.objects.bulk_create(
        Group(location=location, name=name, care_type=CareType.DAYCARE)
        for location in locations
        for name in ("Rupsjes", "Vlinders")
    )
    return [(location.name, name) for location in locations for name in ("Rupsjes", "Vlinders")]


def test_20000_children_imported_then_a_changed_file_changes_only_what_changed(
    client_for, admin_user, places
):
    client = client_for(admin_user)
    rows = list(family_rows(places, FAMILIES, children_of_first=TWO_CHILDREN))
    started = time.perf_counter()

    run = check(client, to_csv(rows).encode())
    assert (run.status, run.rows_total, run.created_count) == ("previewed", 20_000, 20_000)
    assert run.parents_created == 35_000 and run.problem_count == 0
    run = confirm(client, run)

    assert run.status == ImportRun.Status.DONE, run.error
    assert Child.objects.count() == ChildExternalId.objects.count() == 20_000
    assert Parent.objects.count() == ParentExternalId.objects.count() == 35_000
    assert ChildParent.objects.count() == 40_000
    assert ChildParent.objects.filter(is_primary_contact=True).count() == 20_000
    sample = Child.objects.get(external_id__external_id=rows[123][0])
    assert (sample.first_name, sample.location.name, sample.group.name) == (
        rows[123][1],
        rows[123][4],
        rows[123][5],
    )
    first_import = time.perf_counter() - started

    for changed in rows[::500]:
        changed[2] += "-Bakker"  # 40 last names
    rows[7][13] = "voogd"  # one relationship
    run = confirm(client, check(client, to_csv(rows).encode()))

    assert run.status == ImportRun.Status.DONE, run.error
    assert (run.created_count, run.changed_count, run.unchanged_count) == (0, 41, 19_959)
    assert run.parents_created == 0
    assert Child.objects.filter(last_name__endswith="-Bakker").count() == 40
    assert Child.objects.count() == 20_000 and Parent.objects.count() == 35_000
    second = time.perf_counter() - started - first_import
    print(f"\nfirst import {first_import:.1f} s, changed file {second:.1f} s")
