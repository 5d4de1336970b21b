"""The one access rule for the organisation's own models: who sees which locations,
groups and staff members."""

import pytest
from django.contrib.auth import get_user_model

from organisatie.access import EMPTY_SCOPE, forget_scope, scope_for
from organisatie.models import Group, Location, StaffMember
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def everyone(pm_a, pm_a2, manager_a, pm_b, admin_user, outsider, no_staff_user):
    return {
        "pm_a": pm_a,
        "pm_a2": pm_a2,
        "manager_a": manager_a,
        "pm_b": pm_b,
        "admin_user": admin_user,
        "outsider": outsider,
        "no_staff_user": no_staff_user,
    }


@pytest.fixture
def places(location_a, location_b, group_a, group_b, other_location, other_group):
    return {
        "location_a": location_a,
        "location_b": location_b,
        "other_location": other_location,
        "group_a": group_a,
        "group_b": group_b,
        "other_group": other_group,
    }


@pytest.mark.parametrize(
    ("who", "locations"),
    [
        ("pm_a", {"location_a"}),
        ("pm_a2", {"location_a"}),
        ("manager_a", {"location_a"}),
        ("pm_b", {"location_b"}),
        ("admin_user", {"location_a", "location_b"}),
        ("outsider", {"other_location"}),
        ("no_staff_user", set()),
    ],
)
def test_location_visible_to(everyone, places, who, locations):
    visible = set(Location.objects.visible_to(everyone[who]))
    assert visible == {places[name] for name in locations}


@pytest.mark.parametrize(
    ("who", "groups"),
    [
        ("pm_a", {"group_a"}),
        ("pm_a2", {"group_a"}),
        ("manager_a", {"group_a"}),
        ("pm_b", {"group_b"}),
        ("admin_user", {"group_a", "group_b"}),
        ("outsider", {"other_group"}),
        ("no_staff_user", set()),
    ],
)
def test_group_visible_to(everyone, places, who, groups):
    visible = set(Group.objects.visible_to(everyone[who]))
    assert visible == {places[name] for name in groups}


@pytest.mark.parametrize(
    ("who", "colleagues"),
    [
        ("pm_a", {"pm_a", "pm_a2", "manager_a"}),
        ("pm_a2", {"pm_a", "pm_a2", "manager_a"}),
        ("manager_a", {"pm_a", "pm_a2", "manager_a"}),
        ("pm_b", {"pm_b"}),
        ("admin_user", {"pm_a", "pm_a2", "manager_a", "pm_b", "admin_user"}),
        ("outsider", {"outsider"}),
        ("no_staff_user", set()),
    ],
)
def test_staff_member_visible_to(everyone, who, colleagues):
    visible = list(StaffMember.objects.visible_to(everyone[who]))
    # No duplicates from the join over locations.
    assert len(visible) == len(set(visible))
    assert {staff.user.username for staff in visible} == colleagues


def test_staff_member_at_two_locations_is_listed_once(org, location_a, location_b, pm_a):
    make_staff("beide", org, "pm", [location_a, location_b])
    manager = make_staff("manager_ab", org, "manager", [location_a, location_b])
    names = list(StaffMember.objects.visible_to(manager).values_list("user__username", flat=True))
    assert sorted(names) == ["beide", "manager_ab", "pm_a"]


@pytest.mark.parametrize("model", [Location, Group, StaffMember])
def test_inactive_user_sees_nothing(everyone, places, model):
    admin = everyone["admin_user"]
    admin.is_active = False
    admin.save()
    assert not model.objects.visible_to(admin).exists()


@pytest.mark.parametrize("model", [Location, Group, StaffMember])
def test_anonymous_user_sees_nothing(everyone, places, model):
    from django.contrib.auth.models import AnonymousUser

    assert not model.objects.visible_to(AnonymousUser()).exists()
    assert not model.objects.visible_to(None).exists()


def test_manager_without_locations_sees_nothing(org, places):
    manager = make_staff("manager_zonder", org, "manager")
    assert not Location.objects.visible_to(manager).exists()
    assert not Group.objects.visible_to(manager).exists()


def test_location_of_other_organisation_never_enters_the_scope(
    everyone, places, org, other_location
):
    """Even a mistaken link to another organisation's location grants nothing there."""
    pm_a = everyone["pm_a"]
    pm_a.staff_member.locations.add(other_location)
    forget_scope(pm_a)

    assert other_location.pk not in scope_for(pm_a).location_ids
    assert set(Location.objects.visible_to(pm_a)) == {places["location_a"]}


def test_scope_describes_role_and_locations(everyone, places, org):
    scope = scope_for(everyone["manager_a"])
    assert scope.organization_id == org.pk
    assert scope.is_manager and not scope.is_admin and not scope.whole_organization
    assert scope.location_ids == {places["location_a"].pk}
    assert scope.covers_location(places["location_a"].pk)
    assert not scope.covers_location(places["location_b"].pk)
    assert not scope.covers_location(None)

    admin_scope = scope_for(everyone["admin_user"])
    assert admin_scope.is_admin and admin_scope.whole_organization
    assert admin_scope.covers_location(places["location_b"].pk)

    pm_scope = scope_for(everyone["pm_a"])
    assert not pm_scope.is_manager

    assert scope_for(everyone["no_staff_user"]) == EMPTY_SCOPE
    assert EMPTY_SCOPE.is_empty and not EMPTY_SCOPE.covers_location(places["location_a"].pk)


def test_scope_is_computed_once_per_user_object(everyone, places, django_assert_num_queries):
    pm_a = everyone["pm_a"]
    forget_scope(pm_a)
    with django_assert_num_queries(1):  # the staff record with its locations
        scope_for(pm_a)
        scope_for(pm_a)
        scope_for(pm_a)


def test_the_request_user_carries_its_scope(everyone, places, django_assert_num_queries):
    """The user a request loads (accounts.backends) brings its scope in the same query, and
    that scope equals the one computed on its own, for every role and organisation."""
    from organisatie.access import user_with_scope

    for user in everyone.values():
        plain = get_user_model().objects.get(pk=user.pk)
        with django_assert_num_queries(1):
            loaded = user_with_scope(user.pk)
            carried = scope_for(loaded)
        assert carried == scope_for(plain), user.username
    assert user_with_scope(10**9) is None
