"""The import from upload to commit: preview rows, all or nothing, idempotent re-import."""

from __future__ import annotations

import pytest
from django.urls import reverse

from administratie.models import ImportRow, ImportRun
from audit.models import AuditEvent
from kinderen.models import Child, ChildExternalId
from ouders.models import ChildParent, Parent, ParentExternalId

from .import_helpers import check, confirm, csv_bytes, row

pytestmark = pytest.mark.django_db

SIBLING_PARENT = (
    "O1",
    "Anouk",
    "de Vries",
    "anouk@example.nl",
    "06 12345678",
    "moeder",
    "ja",
    "nl",
    "nee",
)
FATHER = ("O2", "Mark", "de Vries", "", "0612345679", "vader", "ja", "Engels", "nee")


@pytest.fixture
def admin_client(client_for, admin_user, group_a, group_b):
    return client_for(admin_user)


def family():
    return [
        row("K1", "Emma", parent1=SIBLING_PARENT, parent2=FATHER),
        row("K2", "Daan", born="12-05-2023", parent1=SIBLING_PARENT, parent2=FATHER),
        row(
            "K3",
            "Sem",
            "Jansen",
            location="Klaproos",
            group="Ontdekkers",
            parent1=("O3", "Fatima", "Jansen", "", "", "", "", "ar", "ja"),
        ),
    ]


def test_preview_writes_nothing_and_lists_each_row(admin_client):
    run = check(admin_client, csv_bytes(family()))

    assert run.status == ImportRun.Status.PREVIEWED
    assert (run.created_count, run.changed_count, run.problem_count) == (3, 0, 0)
    assert run.parents_created == 3
    assert not Child.objects.filter(first_name="Daan", last_name="de Vries").exists()
    assert list(run.rows.values_list("number", "action")) == [
        (2, "create"),
        (3, "create"),
        (4, "create"),
    ]
    page = admin_client.get(reverse("import_run", kwargs={"pk": run.pk}))
    assert page.status_code == 200
    assert "Bevestigen en importeren" in page.content.decode()


def test_commit_creates_children_parents_links_and_external_ids(admin_client, admin_user):
    run = confirm(admin_client, check(admin_client, csv_bytes(family())))

    assert run.status == ImportRun.Status.DONE, run.error
    assert run.data is None  # the file is not kept after the import
    emma = Child.objects.get(external_id__external_id="K1")
    assert (emma.first_name, emma.group.name, emma.location.name) == (
        "Emma",
        "Rupsjes",
        "Zonnebloem",
    )
    anouk = Parent.objects.get(external_id__external_id="O1")
    assert anouk.children.count() == 2  # siblings share their mother
    mark = Parent.objects.get(external_id__external_id="O2")
    assert mark.preferred_language == "en" and mark.phone == "0612345679"
    fatima = Parent.objects.get(external_id__external_id="O3")
    assert fatima.interpreter_needed and fatima.preferred_language == "ar"
    link = ChildParent.objects.get(child=emma, parent=anouk)
    assert link.is_primary_contact and link.relationship == "moeder" and link.has_parental_authority
    assert not ChildParent.objects.get(child=emma, parent=mark).is_primary_contact
    assert ChildExternalId.objects.count() == 3 and ParentExternalId.objects.count() == 3
    assert AuditEvent.objects.filter(object_type="child", action="create").count() == 3
    assert AuditEvent.objects.filter(object_type="import_commit", user=admin_user).count() == 1


def test_second_import_of_the_same_file_changes_nothing(admin_client):
    confirm(admin_client, check(admin_client, csv_bytes(family())))
    before = list(Child.objects.values("pk", "updated_at"))

    again = check(admin_client, csv_bytes(family()))
    assert (again.created_count, again.changed_count, again.unchanged_count) == (0, 0, 3)
    again = confirm(admin_client, again)

    assert again.status == ImportRun.Status.DONE
    assert (again.created_count, again.changed_count, again.parents_created) == (0, 0, 0)
    assert list(Child.objects.values("pk", "updated_at")) == before
    assert Parent.objects.count() == 3 and ChildParent.objects.count() == 5


def test_a_changed_file_changes_only_what_changed(admin_client):
    confirm(admin_client, check(admin_client, csv_bytes(family())))
    rows = family()
    rows[0][2] = "de Vries-Bakker"  # Emma's last name
    rows[1][5] = "Rupsjes"
    rows[2][17] = "O9"  # Sem gets a second parent
    rows[2][18:26] = ["Peter", "Jansen", "", "", "vader", "nee", "nl", "nee"]

    run = check(admin_client, csv_bytes(rows))
    actions = dict(run.rows.values_list("number", "action"))
    assert actions == {2: "change", 3: "unchanged", 4: "change"}
    assert run.rows.get(number=2).changes == ["last_name"]
    assert run.rows.get(number=4).changes == ["parent2.new"]
    run = confirm(admin_client, run)

    assert (run.created_count, run.changed_count, run.unchanged_count) == (0, 2, 1)
    assert Child.objects.get(external_id__external_id="K1").last_name == "de Vries-Bakker"
    peter = Parent.objects.get(external_id__external_id="O9")
    link = ChildParent.objects.get(parent=peter)
    assert not link.has_parental_authority and not link.is_primary_contact
    page = admin_client.get(reverse("import_run", kwargs={"pk": run.pk}) + "?toon=gewijzigd")
    assert "Achternaam kind" in page.content.decode()


def test_one_bad_row_writes_nothing(admin_client):
    rows = family()
    rows[1][5] = "Vlinders"  # no such group at Zonnebloem
    run = check(admin_client, csv_bytes(rows))

    assert run.problem_count == 1
    problem = run.rows.get(number=3)
    assert problem.problems == ["Groep “Vlinders” bestaat niet op locatie “Zonnebloem”."]
    page = admin_client.get(reverse("import_run", kwargs={"pk": run.pk})).content.decode()
    assert "Vlinders" in page and "Bevestigen en importeren" not in page

    response = admin_client.post(reverse("import_commit", kwargs={"pk": run.pk}), follow=True)

    assert response.status_code == 200
    assert Child.objects.count() == 0 and Parent.objects.count() == 0
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEWED


def test_a_problem_found_at_commit_time_rolls_everything_back(admin_client, group_a):
    run = check(admin_client, csv_bytes(family()))
    group_a.name = "Hernoemd"
    group_a.save()  # the administration changed between check and confirm

    run = confirm(admin_client, run)

    assert run.status == ImportRun.Status.FAILED
    assert "Rupsjes" in run.error
    assert Child.objects.count() == 0 and Parent.objects.count() == 0
    assert ChildExternalId.objects.count() == 0


def test_children_missing_from_the_file_are_listed_and_their_care_ended_on_request(
    admin_client, admin_user
):
    confirm(admin_client, check(admin_client, csv_bytes(family())))
    run = confirm(admin_client, check(admin_client, csv_bytes(family()[:2])))
    sem = Child.objects.get(external_id__external_id="K3")
    assert run.missing_child_ids == [sem.pk]
    page = admin_client.get(reverse("import_run", kwargs={"pk": run.pk})).content.decode()
    assert "Sem Jansen" in page

    response = admin_client.post(
        reverse("import_end_care", kwargs={"pk": run.pk}),
        {"children": [sem.pk], "end_date": "2026-12-31"},
    )

    assert response.status_code == 302
    sem.refresh_from_db()
    assert str(sem.end_date) == "2026-12-31"
    assert Child.objects.filter(pk=sem.pk).exists()  # never deleted
    assert AuditEvent.objects.filter(object_type="child", child_id=sem.pk, action="update").exists()
    run.refresh_from_db()
    assert run.missing_child_ids == []


def test_discard_deletes_the_file_and_rows(admin_client):
    run = check(admin_client, csv_bytes(family()))

    response = admin_client.post(reverse("import_discard", kwargs={"pk": run.pk}))

    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DISCARDED and run.data is None
    assert not ImportRow.objects.filter(run=run).exists()


@pytest.mark.parametrize(
    "name", ["kinderen-import-voorbeeld.csv", "kinderen-import-voorbeeld.xlsx"]
)
def test_the_documented_example_imports_without_problems(name, client_for, admin_user, org):
    from pathlib import Path

    from django.conf import settings

    from tests.factories import make_group, make_location

    zonnebloem = make_location(org, "Zonnebloem")
    for group in ("Rupsjes", "Vlinders", "Peuterklas", "BSO De Ontdekkers"):
        make_group(zonnebloem, group)
    make_group(make_location(org, "Klaproos"), "Egeltjes")
    client = client_for(admin_user)
    content = (Path(settings.BASE_DIR) / "docs" / "examples" / name).read_bytes()

    run = confirm(client, check(client, content, name))

    assert run.status == ImportRun.Status.DONE, run.error
    assert (run.created_count, run.parents_created) == (5, 5)
    assert Parent.objects.get(external_id__external_id="O-1003").preferred_language == "ar"
    assert Child.objects.get(external_id__external_id="K-2004").end_date.isoformat() == "2027-07-31"
