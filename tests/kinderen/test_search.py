"""Search by name: posted (names never in URLs), case-insensitive, only within scope."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from gesprekken.views.people import SEARCH_LIMIT
from kinderen.models import Child
from tests.factories import make_children

pytestmark = pytest.mark.django_db

URL = "/zoeken/"


@pytest.fixture
def everyone(child_a, child_b, other_child, parent_a, parent_b, other_parent):
    """All children and parents of both organisations exist."""


def _search(client, term):
    # The post redirects to the result page (POST-redirect-GET).
    return client.post(reverse("search"), {"q": term}, follow=True)


def _child_link(child) -> str:
    return f'href="{reverse("child_detail", args=[child.pk])}"'


def _parent_link(parent) -> str:
    return f'href="{reverse("parent_detail", args=[parent.pk])}"'


def test_url_is_stable():
    assert reverse("search") == URL


def test_get_shows_an_empty_form_that_posts(client_for, pm_a):
    response = client_for(pm_a).get(reverse("search"))

    assert response.status_code == 200
    assertContains(response, '<form method="post"')
    assertContains(response, 'name="q"')


def test_a_name_in_the_query_string_is_ignored(client_for, pm_a, everyone, child_a):
    """Searching happens only by POST, so a name never travels in a URL."""
    response = client_for(pm_a).get(reverse("search"), {"q": "Emma"})

    assert response.status_code == 200
    assertNotContains(response, _child_link(child_a))


@pytest.mark.parametrize(
    "term",
    ["Emma", "emm", "EMMA", "vries", "De Vr", "emma de vries", "  Emma   Vries  ", "Vries Emma"],
)
def test_finds_child_by_partial_multi_word_case_insensitive_name(
    client_for, pm_a, everyone, child_a, term
):
    response = _search(client_for(pm_a), term)

    assert response.status_code == 200
    assertContains(response, _child_link(child_a))
    assertContains(response, "Emma de Vries")
    # The result page is the search page itself with only a random key: no name in its
    # address.
    assert response.request["PATH_INFO"] == URL
    assert response.request["QUERY_STRING"].startswith("resultaat=")
    assert term.split()[0].lower() not in response.request["QUERY_STRING"].lower()


def test_every_word_must_match(client_for, pm_a, everyone, child_a):
    response = _search(client_for(pm_a), "Emma Jansen")
    assertNotContains(response, _child_link(child_a))


def test_finds_parent_too(client_for, pm_a, everyone, parent_a, child_a):
    response = _search(client_for(pm_a), "anouk")

    assertContains(response, _parent_link(parent_a))
    assertNotContains(response, _child_link(child_a))


def test_pm_of_other_location_finds_nothing_at_a(
    client_for, pm_b, everyone, child_a, parent_a, child_b
):
    response = _search(client_for(pm_b), "Vries")

    assertNotContains(response, _child_link(child_a))
    assertNotContains(response, _parent_link(parent_a))
    assertNotContains(response, "Emma")
    with translation.override("nl"):
        assertContains(response, gettext("No children found."))
        assertContains(response, gettext("No parents found."))


def test_same_first_name_in_other_organisation_is_not_found(
    client_for, pm_a, everyone, child_a, other_child
):
    response = _search(client_for(pm_a), "Emma")

    assertContains(response, _child_link(child_a))
    assertNotContains(response, _child_link(other_child))
    assertNotContains(response, "Bakker")


def test_outsider_finds_nothing_of_the_organisation(
    client_for, outsider, everyone, child_a, child_b, parent_a, parent_b, other_child
):
    client = client_for(outsider)

    for term in ("Vries", "Jansen", "Daan", "Anouk", "Mohammed"):
        response = _search(client, term)
        assertNotContains(response, _child_link(child_a))
        assertNotContains(response, _child_link(child_b))
        assertNotContains(response, _parent_link(parent_a))
        assertNotContains(response, _parent_link(parent_b))

    # Their own child is found.
    assertContains(_search(client, "Emma"), _child_link(other_child))


def test_manager_and_admin_scopes(client_for, manager_a, admin_user, everyone, child_a, child_b):
    manager_result = _search(client_for(manager_a), "Daan")
    assertNotContains(manager_result, _child_link(child_b))

    admin_result = _search(client_for(admin_user), "Daan")
    assertContains(admin_result, _child_link(child_b))
    admin_result = _search(client_for(admin_user), "Emma")
    assertContains(admin_result, _child_link(child_a))
    assertNotContains(admin_result, "Bakker")


def test_user_without_staff_record_finds_nothing(client_for, no_staff_user, everyone, child_a):
    response = _search(client_for(no_staff_user), "Emma")
    assert response.status_code == 200
    assertNotContains(response, _child_link(child_a))


def test_too_short_term_shows_error_and_keeps_input(client_for, pm_a, everyone, child_a):
    response = _search(client_for(pm_a), "E")

    assert response.status_code == 200
    assertContains(response, "is-invalid")  # the field is marked, with its message next to it
    assertContains(response, 'value="E"')
    assertNotContains(response, _child_link(child_a))


def test_results_are_capped(client_for, pm_a, group_a):
    make_children(group_a, SEARCH_LIMIT + 5, prefix="Veel")

    response = _search(client_for(pm_a), "veel")

    assert response.content.decode().count('href="/kinderen/') == SEARCH_LIMIT


def test_requires_login(client):
    url = reverse("search")
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")
    response = client.post(url, {"q": "Emma"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "Emma" not in response["Location"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_rejects_other_methods(client_for, pm_a, method):
    response = getattr(client_for(pm_a), method)(reverse("search"))
    assert response.status_code == 405


def test_post_redirects_to_results_kept_in_the_session(client_for, pm_a, everyone, child_a):
    """POST-redirect-GET: the back button returns to the results without resubmitting."""
    client = client_for(pm_a)
    response = client.post(reverse("search"), {"q": "Emma"})

    assert response.status_code == 302
    assert response["Location"].startswith(f"{URL}?resultaat=")
    assert "Emma" not in response["Location"]
    # Loading the result page again (as the back button does) shows the same results.
    for _ in range(2):
        again = client.get(response["Location"])
        assertContains(again, _child_link(child_a))
        assertContains(again, 'value="Emma"')


def test_result_key_of_another_session_shows_an_empty_form(
    client_for, pm_a, manager_a, everyone, child_a
):
    location = client_for(pm_a).post(reverse("search"), {"q": "Emma"})["Location"]

    response = client_for(manager_a).get(location)

    assert response.status_code == 200
    assertNotContains(response, _child_link(child_a))


def test_kept_results_are_scoped_again(client_for, pm_a, everyone, child_a, group_b):
    """A child moved out of scope after the search is not shown from the kept results."""
    client = client_for(pm_a)
    location = client.post(reverse("search"), {"q": "Emma"})["Location"]
    Child.objects.filter(pk=child_a.pk).update(
        location=group_b.location, group=group_b, mentor=None
    )

    assertNotContains(client.get(location), _child_link(child_a))


def test_only_the_last_searches_are_kept(client_for, pm_a, everyone):
    client = client_for(pm_a)
    for term in ("Emma", "Daan", "Vries", "Anouk", "Jansen", "Mohammed", "Bakker"):
        client.post(reverse("search"), {"q": term})
    assert len(client.session["search_results"]) == 5
