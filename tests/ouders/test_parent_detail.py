"""The parent page: contact details and only the children the user may see."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from ouders.models import Relationship
from tests.factories import link_parent, make_parent

pytestmark = pytest.mark.django_db


def _url(parent) -> str:
    return reverse("parent_detail", args=[parent.pk])


@pytest.fixture
def parent_at_a_and_b(org, child_a, child_b):
    """A parent with one child at location A and one at location B."""
    parent = make_parent(org, first_name="Yasmina", last_name="El Amrani")
    link_parent(child_a, parent, relationship=Relationship.MOTHER)
    link_parent(child_b, parent, relationship=Relationship.MOTHER)
    return parent


def test_pm_sees_parent_contact_and_child(client_for, pm_a, parent_a, child_a):
    response = client_for(pm_a).get(_url(parent_a))

    assert response.status_code == 200
    assertContains(response, '<h1 class="h3">Anouk de Vries</h1>', html=True)
    assertContains(response, 'href="mailto:anouk@example.nl"')
    assertContains(response, 'href="tel:06 12345678"')
    assertContains(response, reverse("child_detail", args=[child_a.pk]))
    assertContains(response, "Emma de Vries")


def test_lists_only_children_visible_to_the_user(
    client_for, pm_a, pm_b, manager_a, admin_user, parent_at_a_and_b, child_a, child_b
):
    url = _url(parent_at_a_and_b)

    for user, visible, hidden in (
        (pm_a, child_a, child_b),
        (manager_a, child_a, child_b),
        (pm_b, child_b, child_a),
    ):
        response = client_for(user).get(url)
        assertContains(response, "Yasmina El Amrani")
        assertContains(response, reverse("child_detail", args=[visible.pk]))
        assertContains(response, visible.full_name)
        assertNotContains(response, reverse("child_detail", args=[hidden.pk]))
        assertNotContains(response, hidden.full_name)

    response = client_for(admin_user).get(url)
    assertContains(response, "Emma de Vries")
    assertContains(response, "Daan Jansen")


def test_admin_sees_parent_without_children(client_for, admin_user, pm_a, org):
    lone = make_parent(org, first_name="Zonder", last_name="Kinderen")
    with translation.override("nl"):
        none_here = gettext("No children at your locations.")

    response = client_for(admin_user).get(_url(lone))
    assertContains(response, "Zonder Kinderen")
    assertContains(response, none_here)

    # A pm'er sees a parent only through a child at their location.
    assert client_for(pm_a).get(_url(lone)).status_code == 404


def test_requires_login(client, parent_a):
    url = _url(parent_a)
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_rejects_other_methods(client_for, pm_a, parent_a, method):
    response = getattr(client_for(pm_a), method)(_url(parent_a), {"first_name": "Gewijzigd"})
    assert response.status_code == 405
    parent_a.refresh_from_db()
    assert parent_a.first_name == "Anouk"


def test_pm_of_other_location_gets_404(client_for, pm_b, parent_a):
    response = client_for(pm_b).get(_url(parent_a))
    assert response.status_code == 404
    assertNotContains(response, "Anouk", status_code=404)


def test_outsider_gets_404(client_for, outsider, parent_a, parent_b, other_parent):
    client = client_for(outsider)
    for parent in (parent_a, parent_b):
        response = client.get(_url(parent))
        assert response.status_code == 404
        assertNotContains(response, parent.first_name, status_code=404)
    assert client.get(_url(other_parent)).status_code == 200


def test_user_without_staff_record_gets_404(client_for, no_staff_user, parent_a):
    assert client_for(no_staff_user).get(_url(parent_a)).status_code == 404


def test_missing_parent_gets_404(client_for, pm_a, parent_a):
    assert (
        client_for(pm_a).get(reverse("parent_detail", args=[parent_a.pk + 1000])).status_code == 404
    )


def test_manager_sees_a_but_not_b(client_for, manager_a, parent_a, parent_b):
    client = client_for(manager_a)
    assert client.get(_url(parent_a)).status_code == 200
    assert client.get(_url(parent_b)).status_code == 404


def test_admin_sees_organisation_but_not_other(
    client_for, admin_user, parent_a, parent_b, other_parent
):
    client = client_for(admin_user)
    assert client.get(_url(parent_a)).status_code == 200
    assert client.get(_url(parent_b)).status_code == 200
    assert client.get(_url(other_parent)).status_code == 404
