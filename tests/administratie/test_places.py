"""Locations and groups in the administration: services, pages, access, query counts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from administratie.services import places
from audit.models import Action, AuditEvent
from organisatie.models import CareType, Group, Location
from tests.factories import make_child, make_group, make_location

pytestmark = pytest.mark.django_db


# --- services ---------------------------------------------------------------------------


def test_create_location_is_audited(org, admin_user):
    location = places.create_location(organization=org, name="Paardenbloem", by=admin_user)

    assert location.is_active
    event = AuditEvent.objects.get(object_type="location", object_id=location.pk)
    assert event.action == Action.CREATE
    assert event.user == admin_user
    assert event.organization_id == org.pk


def test_duplicate_location_name_is_an_error_at_the_name(org, location_a, admin_user):
    with pytest.raises(ValidationError) as raised:
        places.create_location(organization=org, name="Zonnebloem", by=admin_user)

    assert "name" in raised.value.message_dict
    assert Location.objects.filter(name="Zonnebloem").count() == 1


def test_a_location_with_children_in_care_cannot_be_closed(location_a, child_a, admin_user):
    with pytest.raises(ValidationError) as raised:
        places.update_location(location=location_a, is_active=False, by=admin_user)

    assert "is_active" in raised.value.message_dict
    location_a.refresh_from_db()
    assert location_a.is_active


def test_a_closed_location_is_not_offered(org, admin_user):
    location = make_location(org, "Oud")
    group = make_group(location, "Weg")

    places.update_location(location=location, is_active=False, by=admin_user)

    assert location not in Location.objects.active()
    assert group not in Group.objects.active()
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_type="location").exists()


def test_group_age_range_is_checked_by_model_and_database(location_a, manager_a):
    with pytest.raises(ValidationError) as raised:
        places.create_group(
            location=location_a,
            name="Peuters",
            care_type=CareType.PRESCHOOL,
            min_age_months=48,
            max_age_months=24,
            by=manager_a,
        )
    assert "max_age_months" in raised.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.create(
            location=location_a,
            name="X",
            care_type=CareType.DAYCARE,
            min_age_months=50,
            max_age_months=10,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.create(
            location=location_a, name="Y", care_type=CareType.DAYCARE, max_age_months=200
        )


def test_duplicate_group_name_and_closing_a_full_group(group_a, child_a, manager_a):
    with pytest.raises(ValidationError) as raised:
        places.create_group(
            location=group_a.location, name="Rupsjes", care_type=CareType.DAYCARE, by=manager_a
        )
    assert "name" in raised.value.message_dict

    with pytest.raises(ValidationError) as raised:
        places.update_group(group=group_a, is_active=False, by=manager_a)
    assert "is_active" in raised.value.message_dict


# --- pages ------------------------------------------------------------------------------


def test_location_list_manager_sees_own_locations(client_for, manager_a, location_a, location_b):
    make_group(location_b, "Alleen B")

    response = client_for(manager_a).get(reverse("location_list"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Zonnebloem" in content
    assert "Klaproos" not in content and "Alleen B" not in content
    assert reverse("location_create") not in content  # admins only


def test_location_list_admin_sees_all_and_searches(client_for, admin_user, location_a, location_b):
    client = client_for(admin_user)

    everything = client.get(reverse("location_list")).content.decode()
    searched = client.get(reverse("location_list"), {"q": "amersfoort"}).content.decode()

    assert "Zonnebloem" in everything and "Klaproos" in everything
    assert "Klaproos" in searched and "Zonnebloem" not in searched


def test_location_pages_access(client_for, pm_a, manager_a, outsider, other_location, location_a):
    assert client_for(pm_a).get(reverse("location_list")).status_code == 403
    assert client_for(manager_a).get(reverse("location_create")).status_code == 403
    edit = reverse("location_edit", args=[location_a.pk])
    assert client_for(manager_a).get(edit).status_code == 403
    assert client_for(outsider).get(edit).status_code == 404
    assert client_for(manager_a).post(reverse("location_list")).status_code == 405


def test_location_list_login_required(client, location_a):
    response = client.get(reverse("location_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_admin_creates_a_location(client_for, admin_user, org):
    response = client_for(admin_user).post(
        reverse("location_create"), {"name": "Paardenbloem", "city": "Zeist"}
    )

    location = Location.objects.get(name="Paardenbloem")
    assert response.status_code == 302
    assert response["Location"] == reverse("location_edit", args=[location.pk])
    assert location.organization == org
    assert AuditEvent.objects.filter(object_type="location", object_id=location.pk).exists()


def test_location_form_errors_are_dutch_at_the_field(client_for, admin_user, location_a):
    client = client_for(admin_user)

    empty = client.post(reverse("location_create"), {"name": "", "city": "Zeist"})
    duplicate = client.post(reverse("location_create"), {"name": "Zonnebloem", "city": "Zeist"})

    assert empty.status_code == 200
    assert "Dit veld is verplicht." in empty.content.decode()
    assert 'value="Zeist"' in empty.content.decode()
    assert duplicate.status_code == 200
    assert "Je organisatie heeft al een locatie met deze naam." in duplicate.content.decode()
    assert Location.objects.filter(city="Zeist").count() == 0


def test_closing_a_location_with_children_shows_the_reason(client_for, admin_user, child_a):
    location = child_a.location
    response = client_for(admin_user).post(
        reverse("location_edit", args=[location.pk]), {"name": location.name, "city": ""}
    )

    assert response.status_code == 200
    assert "Er zijn nog kinderen in opvang op deze locatie" in response.content.decode()
    location.refresh_from_db()
    assert location.is_active


def test_manager_creates_and_edits_groups_of_own_location(client_for, manager_a, location_a):
    client = client_for(manager_a)

    created = client.post(
        reverse("group_create", args=[location_a.pk]),
        {
            "name": "Vlinders",
            "care_type": "dagopvang",
            "min_age_months": "0",
            "max_age_months": "48",
        },
    )
    group = Group.objects.get(name="Vlinders")
    bad = client.post(
        reverse("group_edit", args=[group.pk]),
        {
            "name": "Vlinders",
            "care_type": "dagopvang",
            "min_age_months": "40",
            "max_age_months": "12",
            "is_active": "on",
        },
    )

    assert created.status_code == 302
    assert (group.location, group.min_age_months, group.max_age_months) == (location_a, 0, 48)
    assert bad.status_code == 200
    assert "De hoogste leeftijd kan niet onder de laagste liggen." in bad.content.decode()
    group.refresh_from_db()
    assert group.min_age_months == 0
    assert AuditEvent.objects.filter(object_type="group", object_id=group.pk).count() == 1


def test_manager_cannot_touch_groups_of_another_location(client_for, manager_a, location_b):
    group = make_group(location_b, "Ontdekkers")
    client = client_for(manager_a)

    assert client.get(reverse("group_create", args=[location_b.pk])).status_code == 404
    response = client.post(
        reverse("group_edit", args=[group.pk]), {"name": "Gekaapt", "care_type": "bso"}
    )
    assert response.status_code == 404
    group.refresh_from_db()
    assert group.name == "Ontdekkers"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_location_list_query_count(client_for, admin_user, org, django_assert_max_num_queries):
    """guards against N+1"""
    client = client_for(admin_user)
    url = reverse("location_list")
    for n in range(3):
        make_group(make_location(org, f"Locatie {n:03}"), "Groep")
    few = _queries(client, url)
    for n in range(3, 60):
        location = make_location(org, f"Locatie {n:03}")
        for g in range(3):
            make_child(make_group(location, f"Groep {g}"))

    many = _queries(client, url)
    with django_assert_max_num_queries(12):
        second_page = client.get(url, {"pagina": 2})

    assert many == few
    assert "Locatie 025" in second_page.content.decode()
