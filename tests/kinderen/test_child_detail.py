"""The child page: details, mentor and parents, only within the user's scope."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from ouders.models import Relationship
from tests.factories import link_parent, make_parent

pytestmark = pytest.mark.django_db


def _url(child) -> str:
    return reverse("child_detail", args=[child.pk])


def test_pm_sees_child_with_mentor_and_parents(client_for, pm_a, child_a, parent_a, org):
    second = make_parent(org, first_name="Joost", last_name="de Vries", interpreter_needed=True)
    link_parent(child_a, second, relationship=Relationship.FATHER, has_parental_authority=False)

    response = client_for(pm_a).get(_url(child_a))

    assert response.status_code == 200
    assertContains(response, '<h1 class="h3">Emma de Vries</h1>', html=True)
    assertContains(response, "Rupsjes")
    assertContains(response, "Zonnebloem")
    assertContains(response, "Maartje Visser")  # the mentor
    assertContains(response, "Anouk de Vries")
    assertContains(response, "Joost de Vries")
    assertContains(response, 'href="tel:06 12345678"')
    assertContains(response, reverse("parent_detail", args=[parent_a.pk]))
    assertContains(response, reverse("parent_detail", args=[second.pk]))


def test_colleague_at_same_location_sees_child(client_for, pm_a2, child_a):
    assert client_for(pm_a2).get(_url(child_a)).status_code == 200


def test_requires_login(client, child_a):
    url = _url(child_a)
    response = client.get(url)
    assertRedirects(response, f"{reverse('login')}?next={url}")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_rejects_other_methods(client_for, pm_a, child_a, method):
    response = getattr(client_for(pm_a), method)(_url(child_a))
    assert response.status_code == 405
    child_a.refresh_from_db()
    assert child_a.first_name == "Emma"


def test_pm_of_other_location_gets_404(client_for, pm_b, child_a):
    response = client_for(pm_b).get(_url(child_a))
    assert response.status_code == 404
    assertNotContains(response, "Emma", status_code=404)


def test_outsider_gets_404(client_for, outsider, child_a, child_b):
    client = client_for(outsider)
    for child in (child_a, child_b):
        response = client.get(_url(child))
        assert response.status_code == 404
        assertNotContains(response, child.first_name, status_code=404)


def test_user_without_staff_record_gets_404(client_for, no_staff_user, child_a):
    assert client_for(no_staff_user).get(_url(child_a)).status_code == 404


def test_missing_child_gets_404(client_for, pm_a, child_a):
    response = client_for(pm_a).get(reverse("child_detail", args=[child_a.pk + 1000]))
    assert response.status_code == 404


def test_manager_sees_own_location_only(client_for, manager_a, child_a, child_b):
    client = client_for(manager_a)
    assert client.get(_url(child_a)).status_code == 200
    assert client.get(_url(child_b)).status_code == 404


def test_admin_sees_whole_organisation_only(client_for, admin_user, child_a, child_b, other_child):
    client = client_for(admin_user)
    assertContains(client.get(_url(child_a)), "Emma de Vries")
    assertContains(client.get(_url(child_b)), "Daan Jansen")
    assert client.get(_url(other_child)).status_code == 404
