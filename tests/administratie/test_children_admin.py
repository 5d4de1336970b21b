"""Children in the administration: enrolling, changing, moving, ending care; the list."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from administratie.services import children as services
from audit.models import Action, AuditEvent
from kinderen.models import Child
from organisatie.models import Role
from tests.factories import make_child, make_children, make_group, make_staff

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _enrol_data(group, **overrides) -> dict:
    data = {
        "first_name": "Sem",
        "last_name": "Bos",
        "date_of_birth": (TODAY() - datetime.timedelta(days=400)).isoformat(),
        "group": group.pk,
        "start_date": TODAY().isoformat(),
    }
    data.update(overrides)
    return data


def _edit_data(child, **overrides) -> dict:
    data = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "date_of_birth": child.date_of_birth.isoformat(),
        "group": child.group_id,
        "mentor": child.mentor_id or "",
        "start_date": child.start_date.isoformat(),
        "end_date": child.end_date.isoformat() if child.end_date else "",
    }
    data.update(overrides)
    return data


# --- services ---------------------------------------------------------------------------


def test_enrol_child_takes_the_groups_location_and_is_audited(group_a, pm_a, manager_a):
    child = services.enrol_child(
        group=group_a,
        first_name="Sem",
        last_name="Bos",
        date_of_birth=TODAY() - datetime.timedelta(days=400),
        start_date=TODAY(),
        mentor=pm_a.staff_member,
        by=manager_a,
    )

    assert child.location_id == group_a.location_id
    event = AuditEvent.objects.get(object_type="child", object_id=child.pk)
    assert (event.action, event.child_id, event.location_id) == (
        Action.CREATE,
        child.pk,
        group_a.location_id,
    )


def test_enrol_child_uses_the_models_rules(group_a, pm_b, manager_a):
    with pytest.raises(ValidationError) as raised:
        services.enrol_child(
            group=group_a,
            first_name="Sem",
            last_name="Bos",
            date_of_birth=TODAY() + datetime.timedelta(days=3),
            start_date=TODAY() + datetime.timedelta(days=1),
            mentor=pm_b.staff_member,
            by=manager_a,
        )

    errors = raised.value.message_dict
    assert "date_of_birth" in errors and "start_date" in errors and "mentor" in errors
    assert not Child.objects.filter(first_name="Sem").exists()


def test_no_enrolment_in_a_closed_group(group_a, manager_a):
    group_a.is_active = False
    group_a.save()

    with pytest.raises(ValidationError) as raised:
        services.enrol_child(
            group=group_a,
            first_name="Sem",
            last_name="Bos",
            date_of_birth=TODAY() - datetime.timedelta(days=400),
            start_date=TODAY(),
            by=manager_a,
        )
    assert "group" in raised.value.message_dict


def test_moving_to_another_location_clears_a_mentor_who_does_not_work_there(
    child_a, group_b, admin_user
):
    services.update_child(child=child_a, group=group_b, by=admin_user)

    child_a.refresh_from_db()
    assert child_a.location_id == group_b.location_id
    assert child_a.mentor is None


def test_moving_keeps_a_mentor_who_works_at_both_locations(
    org, child_a, group_b, location_a, location_b, admin_user
):
    both = make_staff("beide", org, Role.PM, [location_a, location_b]).staff_member
    services.update_child(child=child_a, mentor=both, by=admin_user)

    moved = services.update_child(child=child_a, group=group_b, by=admin_user)

    assert not moved.mentor_cleared
    child_a.refresh_from_db()
    assert child_a.mentor == both


def test_moving_with_an_explicit_mentor_of_the_old_location_is_refused(
    child_a, group_b, pm_a2, admin_user
):
    with pytest.raises(ValidationError) as raised:
        services.update_child(
            child=child_a, group=group_b, mentor=pm_a2.staff_member, by=admin_user
        )

    assert "mentor" in raised.value.message_dict
    child_a.refresh_from_db()
    assert child_a.group_id != group_b.pk


def test_end_care_starts_the_retention_clock(child_a, org, manager_a):
    services.end_care(child=child_a, end_date=TODAY(), by=manager_a)
    child_a.refresh_from_db()
    assert child_a.end_date == TODAY()

    long_ago = TODAY() - datetime.timedelta(days=31 * (org.retention_months + 1))
    child_a.date_of_birth = long_ago - datetime.timedelta(days=400)
    child_a.start_date = long_ago - datetime.timedelta(days=10)
    child_a.end_date = None
    child_a.save()
    with pytest.raises(ValidationError) as raised:
        services.end_care(child=child_a, end_date=long_ago, by=manager_a)
    assert "end_date" in raised.value.message_dict


# --- pages ------------------------------------------------------------------------------


def test_enrol_page(client_for, manager_a, group_a):
    response = client_for(manager_a).post(reverse("admin_child_create"), _enrol_data(group_a))

    child = Child.objects.get(first_name="Sem")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin_child_edit", args=[child.pk])
    assert child.location_id == group_a.location_id


def test_enrol_page_bad_input_keeps_it_and_saves_nothing(client_for, manager_a, group_a):
    future = (TODAY() + datetime.timedelta(days=30)).isoformat()

    response = client_for(manager_a).post(
        reverse("admin_child_create"), _enrol_data(group_a, date_of_birth=future)
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "De geboortedatum kan niet in de toekomst liggen." in content
    assert 'value="Sem"' in content
    assert not Child.objects.filter(first_name="Sem").exists()


def test_enrol_page_offers_only_open_groups_in_scope(client_for, manager_a, group_a, group_b):
    closed = make_group(group_a.location, "Gesloten", is_active=False)
    client = client_for(manager_a)

    page = client.get(reverse("admin_child_create")).content.decode()
    elsewhere = client.post(reverse("admin_child_create"), _enrol_data(group_b))

    assert f'value="{group_a.pk}"' in page
    assert f'value="{group_b.pk}"' not in page and f'value="{closed.pk}"' not in page
    assert elsewhere.status_code == 200
    assert not Child.objects.filter(first_name="Sem").exists()


@pytest.mark.parametrize("role", ["pm_a", "outsider", "other_admin"])
def test_enrol_page_others_cannot_enrol_in_our_group(role, request, client_for, group_a):
    from tests.factories import make_location, make_organization

    if role == "other_admin":
        other = make_organization("Elders")
        user = make_staff("elders_admin", other, Role.ADMIN, [make_location(other, "Ver")])
    else:
        user = request.getfixturevalue(role)

    response = client_for(user).post(reverse("admin_child_create"), _enrol_data(group_a))

    assert response.status_code in (200, 403)
    assert not Child.objects.filter(first_name="Sem").exists()


def test_child_edit_page_audits_the_view_and_limits_mentors(
    client_for, manager_a, child_a, pm_a, pm_a2, pm_b
):
    response = client_for(manager_a).get(reverse("admin_child_edit", args=[child_a.pk]))

    content = response.content.decode()
    mentors = content.split('name="mentor"')[1].split("</select>")[0]
    assert response.status_code == 200
    assert "Sanne de Boer" in mentors and "Maartje Visser" in mentors
    assert "Kees Mulder" not in mentors and "Ingrid Smit" not in mentors
    assert reverse("child_detail", args=[child_a.pk]) in content
    assert AuditEvent.objects.filter(
        action=Action.VIEW, object_type="child", child_id=child_a.pk, user=manager_a
    ).exists()


def test_child_edit_page_move_and_warning(client_for, admin_user, child_a, group_b):
    response = client_for(admin_user).post(
        reverse("admin_child_edit", args=[child_a.pk]),
        _edit_data(child_a, group=group_b.pk),
        follow=True,
    )

    child_a.refresh_from_db()
    assert child_a.group == group_b and child_a.location_id == group_b.location_id
    assert child_a.mentor is None
    assert "De mentor werkt niet op de nieuwe locatie" in response.content.decode()
    assert AuditEvent.objects.filter(
        action=Action.UPDATE, object_type="child", child_id=child_a.pk
    ).exists()


def test_child_edit_page_end_before_start_is_a_field_error(client_for, manager_a, child_a):
    before = (child_a.start_date - datetime.timedelta(days=1)).isoformat()

    response = client_for(manager_a).post(
        reverse("admin_child_edit", args=[child_a.pk]),
        _edit_data(child_a, end_date=before, first_name="Emmy"),
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Het einde van de opvang kan niet vóór de start liggen." in content
    assert 'value="Emmy"' in content
    child_a.refresh_from_db()
    assert child_a.first_name == "Emma" and child_a.end_date is None


def test_child_edit_access(client_for, pm_a, pm_b, outsider, manager_a, child_a, child_b):
    url = reverse("admin_child_edit", args=[child_a.pk])
    assert client_for(pm_a).get(url).status_code == 403
    assert client_for(pm_b).get(url).status_code == 404
    assert client_for(outsider).post(url, _edit_data(child_a, first_name="X")).status_code == 404
    assert (
        client_for(manager_a).get(reverse("admin_child_edit", args=[child_b.pk])).status_code == 404
    )
    assert client_for(manager_a).put(url).status_code == 405
    child_a.refresh_from_db()
    assert child_a.first_name == "Emma"


def test_child_list_scope_search_and_no_name_in_url(
    client_for, manager_a, child_a, child_b, group_a
):
    make_child(group_a, first_name="Bram", last_name="Smits")
    client = client_for(manager_a)

    everything = client.get(reverse("admin_child_list")).content.decode()
    posted = client.post(reverse("admin_child_list"), {"q": "emma", "status": "alle"})
    found = client.get(posted["Location"]).content.decode()

    assert "Emma" in everything and "Bram" in everything and "Daan" not in everything
    assert posted.status_code == 302
    assert "emma" not in posted["Location"].lower()
    assert "zoek=" in posted["Location"]
    assert "Emma" in found and "Bram" not in found


def test_child_list_filters_on_care(client_for, admin_user, child_a, group_a):
    ended = make_child(
        group_a,
        first_name="Vroeger",
        start_date=TODAY() - datetime.timedelta(days=300),
        end_date=TODAY() - datetime.timedelta(days=10),
    )
    client = client_for(admin_user)

    current = client.get(reverse("admin_child_list")).content.decode()
    ended_list = client.get(reverse("admin_child_list"), {"status": "beeindigd"}).content.decode()

    assert "Vroeger" not in current and "Emma" in current
    assert ended.first_name in ended_list and "Emma" not in ended_list


def test_child_list_query_count_and_paging(
    client_for, admin_user, group_a, group_b, pm_a, django_assert_max_num_queries
):
    """guards against N+1"""
    client = client_for(admin_user)
    url = reverse("admin_child_list")
    make_children(group_a, 5)
    few = _queries(client, url)
    make_children(group_a, 150)
    make_children(group_b, 150)

    many = _queries(client, url)
    with django_assert_max_num_queries(12):
        page_three = client.get(url, {"pagina": 3})

    assert many == few
    assert "Pagina 3 van 7" in page_three.content.decode()


def test_child_list_filter_by_location_query_count(client_for, manager_a, group_a):
    """guards against N+1"""
    client = client_for(manager_a)
    url = reverse("admin_child_list")
    params = {"locatie": group_a.location_id, "groep": group_a.pk}
    make_children(group_a, 3)
    few = _queries(client, url, params)
    make_children(group_a, 300)

    assert _queries(client, url, params) == few


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def test_saving_an_unchanged_child_writes_no_change(client_for, manager_a, child_a):
    response = client_for(manager_a).post(
        reverse("admin_child_edit", args=[child_a.pk]), _edit_data(child_a)
    )

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=Action.UPDATE, child_id=child_a.pk).exists()


def test_enrol_child_refuses_a_group_of_another_organisation(other_group, admin_user):
    with pytest.raises(ValidationError) as raised:
        services.enrol_child(
            group=other_group,
            first_name="Sem",
            last_name="Bos",
            date_of_birth=TODAY() - datetime.timedelta(days=400),
            start_date=TODAY(),
            by=admin_user,
        )
    assert "group" in raised.value.message_dict
