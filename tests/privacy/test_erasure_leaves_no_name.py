"""After a family is erased, its names are nowhere in the database: not in the records,
not in their stored versions, not in the admin site's log ("recent actions").

Every text column of every table is searched, so a new table that keeps a copy of a name
(a log, a cache, a history) fails this test until the erasure covers it.
"""

from __future__ import annotations

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse

from kinderen.models import Child
from ouders.models import Parent
from privacy.services import family_erase, purge_organization
from tests.factories import link_parent, make_child, make_parent

from .helpers import at, full_conversation

pytestmark = pytest.mark.django_db

# Names that appear nowhere else in the test data.
CHILD_NAME, PARENT_NAME, FAMILY_NAME = "Xanthippe", "Quirijn", "Wervelwind"


def text_columns() -> list[tuple[str, str]]:
    """(table, column) for every column of every table: each is read as text, whatever its
    declared type (SQLite stores text in any column)."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                found.append((table, column.name))
    return found


def rows_naming(*names: str) -> list[tuple[str, str]]:
    hits = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for name in names:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608 - names from the catalogue
                    f"WHERE CAST({quote(column)} AS TEXT) LIKE %s",
                    [f"%{name}%"],
                )
                if cursor.fetchone()[0]:
                    hits.append((table, column))
    return hits


@pytest.fixture
def family(org, group_a, pm_a, manager_a, admin_user, client_for):
    # Content type ids cached by an earlier test on this worker may be stale.
    ContentType.objects.clear_cache()
    child = make_child(group_a, first_name=CHILD_NAME, last_name=FAMILY_NAME)
    parent = make_parent(org, first_name=PARENT_NAME, last_name=FAMILY_NAME)
    link_parent(child, parent)
    talk = full_conversation(
        pm_a,
        child,
        when=at(2026, 5, 4),
        parents=[parent],
        manager=manager_a,
        text=f"{CHILD_NAME} en {PARENT_NAME}",
    )
    talk.summary = f"Bijgewerkt: {CHILD_NAME} slaapt beter"
    talk.save()  # a second stored version
    # The admin site's log names the objects in object_repr and the change message.
    for obj in (child, parent, talk):
        LogEntry.objects.log_actions(
            user_id=admin_user.pk,
            queryset=[obj],
            action_flag=CHANGE,
            change_message=f"Gewijzigd: {obj}",
        )
    client_for(manager_a).get(reverse("child_detail", args=[child.pk]))
    assert rows_naming(CHILD_NAME, PARENT_NAME, FAMILY_NAME), "the names are there first"
    return child, parent


def test_family_erasure_leaves_no_name_anywhere(family, admin_user):
    child, _parent = family

    family_erase(child=child, reason="Verzoek van de ouders per brief", by_user=admin_user)

    assert rows_naming(CHILD_NAME, PARENT_NAME, FAMILY_NAME) == []


def test_recent_actions_on_the_admin_index_no_longer_name_them(family, admin_user, client_for):
    child, _parent = family
    family_erase(child=child, reason="Verzoek van de ouders per brief", by_user=admin_user)
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()

    page = client_for(admin_user).get(reverse("admin:index")).content.decode()

    assert CHILD_NAME not in page and PARENT_NAME not in page


def test_the_retention_purge_leaves_no_name_anywhere(family, org):
    child, _parent = family
    # Care ended long enough ago: the retention period (24 months) has run out.
    Child.objects.filter(pk=child.pk).update(end_date=child.start_date)

    purge_organization(
        organization=org, today=child.start_date.replace(year=child.start_date.year + 3)
    )

    assert not Parent.objects.filter(first_name=PARENT_NAME).exists()
    assert rows_naming(CHILD_NAME, PARENT_NAME, FAMILY_NAME) == []


def test_log_entries_of_other_families_stay(family, admin_user, child_b):
    LogEntry.objects.log_actions(
        user_id=admin_user.pk, queryset=[child_b], action_flag=CHANGE, change_message="x"
    )
    child, _parent = family
    family_erase(child=child, reason="Verzoek van de ouders per brief", by_user=admin_user)
    kept = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Child))
    assert list(kept.values_list("object_id", flat=True)) == [str(child_b.pk)]
