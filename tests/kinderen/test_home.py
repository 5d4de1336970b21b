"""The home page: the user's location with its groups and the children in care."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import make_child, make_group, make_location, make_staff

pytestmark = pytest.mark.django_db


def test_pm_sees_own_location_groups_and_children(client_for, pm_a, child_a, child_b, group_a):
    response = client_for(pm_a).get(reverse("home"))

    assert response.status_code == 200
    assertContains(response, '<h1 class="h3 mb-0">Zonnebloem</h1>', html=True)
    assertContains(response, group_a.name)
    assertContains(response, "Emma de Vries")
    assertContains(response, reverse("child_detail", args=[child_a.pk]))
    assertNotContains(response, "Daan Jansen")
    assertNotContains(response, "Klaproos")


def test_own_groups_come_first_and_are_marked(client_for, pm_a, location_a, group_a):
    # "Aapjes" sorts before "Rupsjes", but Rupsjes is pm_a's own group.
    make_group(location_a, "Aapjes")
    with translation.override("nl"):
        my_group = gettext("my group")

    response = client_for(pm_a).get(reverse("home"))

    content = response.content.decode()
    assert content.index("Rupsjes") < content.index("Aapjes")
    assert content.count(my_group) == 1


def test_children_out_of_care_are_not_listed(client_for, pm_a, group_a):
    today = timezone.localdate()
    make_child(group_a, first_name="Vertrokken", end_date=today - datetime.timedelta(days=1))
    make_child(
        group_a,
        first_name="Nieuwkomer",
        date_of_birth=today - datetime.timedelta(days=200),
        start_date=today + datetime.timedelta(days=30),
    )
    make_child(group_a, first_name="Blijver", end_date=today)

    response = client_for(pm_a).get(reverse("home"))

    assertNotContains(response, "Vertrokken")
    assertNotContains(response, "Nieuwkomer")
    assertContains(response, "Blijver")


def test_requires_login(client):
    url = reverse("home")
    response = client.get(url)
    assertRedirects(response, f"{reverse('login')}?next={url}")


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_rejects_other_methods(client_for, pm_a, method):
    response = getattr(client_for(pm_a), method)(reverse("home"))
    assert response.status_code == 405


def test_manager_sees_only_managed_location(client_for, manager_a, child_a, child_b):
    response = client_for(manager_a).get(reverse("home"))

    assertContains(response, "Emma de Vries")
    assertNotContains(response, "Daan Jansen")
    assertNotContains(response, "Klaproos")


def test_admin_chooses_between_all_locations_of_the_organisation(
    client_for, admin_user, location_a, location_b, child_a, child_b, other_location, other_child
):
    client = client_for(admin_user)

    # Locations are ordered by name: Klaproos (B) comes first.
    first = client.get(reverse("home"))
    assertContains(first, f'href="?locatie={location_a.pk}"')
    assertContains(first, f'href="?locatie={location_b.pk}"')
    assertNotContains(first, f'href="?locatie={other_location.pk}"')
    assertNotContains(first, "Vuurtoren")
    assertContains(first, "Daan Jansen")

    chosen = client.get(reverse("home"), {"locatie": location_a.pk})
    assertContains(chosen, "Emma de Vries")
    assertNotContains(chosen, "Daan Jansen")
    assertNotContains(chosen, "Emma Bakker")


def test_foreign_location_in_query_string_falls_back_to_own(
    client_for, pm_a, child_a, other_location, other_child, location_b, child_b
):
    client = client_for(pm_a)

    for foreign in (other_location.pk, location_b.pk, 999_999, "abc"):
        response = client.get(reverse("home"), {"locatie": foreign})
        assert response.status_code == 200
        assertContains(response, "Emma de Vries")
        assertNotContains(response, "Emma Bakker")
        assertNotContains(response, "Vuurtoren")
        assertNotContains(response, "Daan Jansen")
        assertNotContains(response, "Klaproos")


def test_user_without_location_gets_an_explanation(client_for, no_staff_user, org):
    lonely_pm = make_staff("zonder_locatie", org)
    with translation.override("nl"):
        hint = gettext(
            "You are not linked to a location yet. Ask your organisation's admin to add you."
        )

    for user in (no_staff_user, lonely_pm):
        response = client_for(user).get(reverse("home"))
        assert response.status_code == 200
        assertContains(response, hint)


def test_staff_of_two_locations_switches_between_them(client_for, org, child_a, child_b):
    location_a, location_b = child_a.location, child_b.location
    pm = make_staff("pm_ab", org, "pm", [location_a, location_b])
    client = client_for(pm)

    response = client.get(reverse("home"), {"locatie": location_a.pk})
    assertContains(response, "Emma de Vries")
    assertNotContains(response, "Daan Jansen")

    response = client.get(reverse("home"), {"locatie": location_b.pk})
    assertContains(response, "Daan Jansen")
    assertNotContains(response, "Emma de Vries")


def test_other_organisation_with_same_location_name_stays_separate(client_for, pm_a, other_org):
    twin = make_location(other_org, "Zonnebloem")
    make_child(make_group(twin, "Rupsjes"), first_name="Geheim", last_name="Kind")

    response = client_for(pm_a).get(reverse("home"), {"locatie": twin.pk})

    assertNotContains(response, "Geheim")


def test_other_groups_are_folded_below_own_groups(client_for, pm_a, location_a, group_a):
    make_group(location_a, "Aapjes")

    content = client_for(pm_a).get(reverse("home")).content.decode()

    folded = content.index("<details")
    assert content.index("Rupsjes") < folded < content.index("Aapjes")


def test_without_own_groups_nothing_is_folded(client_for, manager_a, location_a, group_a):
    make_group(location_a, "Aapjes")

    response = client_for(manager_a).get(reverse("home"))

    assertContains(response, "Aapjes")
    assertNotContains(response, "<details")


def test_filter_field_sends_nothing(client_for, pm_a, child_a):
    """The filter narrows the tiles in the page: no form, no name, so no request."""
    response = client_for(pm_a).get(reverse("home"))

    assertContains(response, 'id="child-filter"')
    assertContains(response, "js/child-filter.js")
    content = response.content.decode()
    field = content[content.index('id="child-filter"') - 200 : content.index('id="child-filter"')]
    assert "<form" not in field
    assert 'name="' not in content[content.index('<input type="search"') :].split(">")[0]
