"""The history's filter selects: the empty choice in words; no admin account offered as a pm'er."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from .helpers import nl

pytestmark = pytest.mark.django_db


def test_empty_choices_are_words(client_for, admin_user, location_a, location_b):
    response = client_for(admin_user).get(reverse("history"))

    assertNotContains(response, "---------")
    for label in ("All locations", "All groups", "All staff members", "All kinds"):
        assertContains(response, nl(label))


def test_admin_account_is_not_offered_as_a_staff_member(
    client_for, manager_a, admin_user, pm_a, location_a
):
    admin_user.staff_member.locations.add(location_a)

    response = client_for(manager_a).get(reverse("history"), {"locatie": location_a.pk})

    options = response.context["filter"].form.fields["medewerker"].queryset
    assert pm_a.staff_member in options
    assert admin_user.staff_member not in options
