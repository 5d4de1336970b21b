"""The import's jobs through the real database backend and its worker, the progress
endpoint, access, and query counts of the pages."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from administratie.models import ImportRow, ImportRun
from organisatie.models import Organization

from .import_helpers import check, csv_bytes, row, upload

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# Serialized rollback, as every transactional test here: the flush that ends it must not
# re-create the content types that the next serialized test puts back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_check_runs_in_the_database_worker(client_for, admin_user, group_a):
    from django_tasks_db.models import DBTaskResult

    client = client_for(admin_user)
    with override_settings(TASKS=DATABASE_TASKS):
        assert upload(client, csv_bytes([row(), row("K2", "Daan")])).status_code == 302
        run = ImportRun.objects.get()
        from administratie.importing.mapping import suggest
        from administratie.importing.sample import HEADER

        response = client.post(reverse("import_mapping", kwargs={"pk": run.pk}), suggest(HEADER))
        assert response.status_code == 302
        run.refresh_from_db()
        assert run.status == ImportRun.Status.PREVIEWING  # enqueued, not run
        status = client.get(reverse("import_run_status", kwargs={"pk": run.pk})).json()
        assert status["busy"] is True
        page = client.get(reverse("import_run", kwargs={"pk": run.pk})).content.decode()
        assert "<progress" in page and 'http-equiv="refresh"' in page
        assert "import-progress.js" in page

        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

        run.refresh_from_db()
        assert run.status == ImportRun.Status.PREVIEWED
        assert run.created_count == 2
        assert DBTaskResult.objects.get().status == "SUCCESSFUL"

        client.post(reverse("import_commit", kwargs={"pk": run.pk}))
        run.refresh_from_db()
        assert run.status == ImportRun.Status.IMPORTING
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        run.refresh_from_db()
        assert run.status == ImportRun.Status.DONE
    status = client.get(reverse("import_run_status", kwargs={"pk": run.pk})).json()
    assert status == {
        "status": "done",
        "status_label": "geïmporteerd",
        "rows_done": 2,
        "rows_total": 2,
        "percent": 100,
        "busy": False,
    }


# --- access: the quartet on top of the URL matrix ------------------------------------


@pytest.fixture
def other_run(db):
    organization = Organization.objects.create(name="Andere opvang")
    return ImportRun.objects.create(
        organization=organization, file_name="x.csv", kind="csv", data=b"kindnummer\nK1\n"
    )


POST_VIEWS = ["import_commit", "import_discard", "import_end_care"]
GET_VIEWS = ["import_run", "import_mapping", "import_run_status", "import_report"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", POST_VIEWS + GET_VIEWS)
def test_other_organisations_run_is_not_found(name, client_for, admin_user, other_run):
    client = client_for(admin_user)
    url = reverse(name, kwargs={"pk": other_run.pk})

    response = client.post(url) if name in POST_VIEWS else client.get(url)

    assert response.status_code == 404
    other_run.refresh_from_db()
    assert other_run.status == ImportRun.Status.UPLOADED and other_run.data


@pytest.mark.django_db
@pytest.mark.parametrize("name", POST_VIEWS)
def test_post_views_refuse_get(name, client_for, admin_user, org):
    run = ImportRun.objects.create(organization=org, file_name="x.csv", kind="csv")

    response = client_for(admin_user).get(reverse(name, kwargs={"pk": run.pk}))

    assert response.status_code == 405


@pytest.mark.django_db
def test_pages_need_login_and_the_admin_role(client, client_for, manager_a):
    url = reverse("import_list")
    assert client.get(url).status_code == 302
    assert client_for(manager_a).get(url).status_code == 403


@pytest.mark.django_db
def test_index_card_for_admins_only(client_for, admin_user, manager_a):
    link = reverse("import_list")
    assert link in client_for(admin_user).get(reverse("administration")).content.decode()
    assert link not in client_for(manager_a).get(reverse("administration")).content.decode()


# --- query counts ----------------------------------------------------------------------


@pytest.mark.django_db
def test_run_list_queries_do_not_grow_with_runs(
    client_for, admin_user, org, django_assert_max_num_queries
):
    """guards against N+1"""
    staff = admin_user.staff_member
    client = client_for(admin_user)
    ImportRun.objects.bulk_create(
        ImportRun(organization=org, created_by=staff, file_name=f"f{n}.csv", kind="csv")
        for n in range(120)
    )
    with django_assert_max_num_queries(8):
        first = client.get(reverse("import_list"))
    with django_assert_max_num_queries(8):
        second = client.get(reverse("import_list") + "?pagina=2")
    assert first.status_code == second.status_code == 200
    assert "f119.csv" in first.content.decode()


@pytest.mark.django_db
def test_preview_page_queries_do_not_grow_with_rows(
    client_for, admin_user, group_a, django_assert_max_num_queries
):
    """guards against N+1"""
    client = client_for(admin_user)
    run = check(client, csv_bytes([row()]))
    ImportRow.objects.bulk_create(
        ImportRow(
            run=run,
            number=n,
            external_id=f"K{n}",
            action="problem" if n % 3 else "change",
            problems=["De groep ontbreekt."] if n % 3 else [],
            changes=[] if n % 3 else ["last_name", "parent1.email"],
        )
        for n in range(3, 3000)
    )
    url = reverse("import_run", kwargs={"pk": run.pk})
    pages = {}
    for query in ("", "?pagina=7", "?toon=problemen&pagina=2", "?toon=gewijzigd"):
        with django_assert_max_num_queries(8):
            pages[query] = client.get(url + query)
        assert pages[query].status_code == 200
    assert "Achternaam kind, ouder 1: e-mail" in pages["?toon=gewijzigd"].content.decode()
    assert "De groep ontbreekt." in pages["?toon=problemen&pagina=2"].content.decode()


@pytest.mark.django_db
def test_done_page_with_many_missing_children_queries_do_not_grow(
    client_for, admin_user, org, group_a, django_assert_max_num_queries
):
    """guards against N+1"""
    from tests.factories import make_children

    children = make_children(group_a, 180)
    run = ImportRun.objects.create(
        organization=org,
        file_name="x.csv",
        kind="csv",
        status=ImportRun.Status.DONE,
        rows_total=1,
        rows_done=1,
        missing_child_ids=sorted(child.pk for child in children),
    )
    client = client_for(admin_user)
    url = reverse("import_run", kwargs={"pk": run.pk})
    for query in ("", "?weg=3"):
        with django_assert_max_num_queries(9):
            response = client.get(url + query)
        assert response.status_code == 200
    assert response.content.decode().count('name="children"') == 50
