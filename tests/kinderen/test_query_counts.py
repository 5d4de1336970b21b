"""Constant query counts on the pages pm'ers open all day, however large the location."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ouders.models import Relationship
from tests.factories import link_parent, make_children, make_group, make_parent

pytestmark = pytest.mark.django_db

# Headroom over today's count (home 8, child page 6) for the conversation features;
# what matters is that the count does not grow with the data (the equality tests).
HOME_MAX_QUERIES = 10  # the benchmark's target for a key page
CHILD_PAGE_MAX_QUERIES = 14
SEARCH_MAX_QUERIES = 10


def _count_queries(client, url, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def big_location(location_a, group_a):
    """8 groups of 25 children at location A."""
    groups = [group_a] + [make_group(location_a, f"Groep {n}") for n in range(2, 9)]
    for group in groups:
        make_children(group, 25)
    return location_a


def test_home_with_many_children(client_for, pm_a, big_location, django_assert_max_num_queries):
    """guards against N+1"""
    client = client_for(pm_a)
    with django_assert_max_num_queries(HOME_MAX_QUERIES):
        response = client.get(reverse("home"))
    assert response.content.decode().count('class="child-tile"') == 200


def test_home_query_count_does_not_grow_with_children(client_for, pm_a, location_a, group_a):
    """guards against N+1"""
    client = client_for(pm_a)
    groups = [group_a, make_group(location_a, "Vlinders")]
    for group in groups:
        make_children(group, 5)
    client.get(reverse("home"))  # warm up: session and anything cached per process
    few = _count_queries(client, reverse("home"))

    for n in range(6):
        groups.append(make_group(location_a, f"Extra {n}"))
    for group in groups:
        make_children(group, 25 - (5 if group in groups[:2] else 0))
    many = _count_queries(client, reverse("home"))

    assert few == many


def test_child_page_with_many_parents(
    client_for, pm_a, child_a, org, django_assert_max_num_queries
):
    """guards against N+1"""
    for n, relationship in enumerate(
        [Relationship.MOTHER, Relationship.FATHER, Relationship.FOSTER, Relationship.GUARDIAN]
    ):
        link_parent(
            child_a,
            make_parent(org, first_name=f"Ouder{n}", email=f"ouder{n}@example.nl"),
            relationship=relationship,
            is_primary_contact=n == 0,
        )
    client = client_for(pm_a)

    with django_assert_max_num_queries(CHILD_PAGE_MAX_QUERIES):
        response = client.get(reverse("child_detail", args=[child_a.pk]))

    assert response.content.decode().count('href="/ouders/') == 4


def test_child_page_query_count_does_not_grow_with_parents(client_for, pm_a, child_a, org):
    """guards against N+1"""
    client = client_for(pm_a)
    url = reverse("child_detail", args=[child_a.pk])
    link_parent(child_a, make_parent(org), is_primary_contact=True)
    client.get(url)
    one_parent = _count_queries(client, url)

    for _ in range(3):
        link_parent(child_a, make_parent(org))
    four_parents = _count_queries(client, url)

    assert one_parent == four_parents


def test_search_query_count_does_not_grow_with_results(
    client_for, pm_a, location_a, group_a, django_assert_max_num_queries
):
    """guards against N+1"""
    client = client_for(pm_a)
    make_children(group_a, 2, prefix="Zoekbaar")
    # The post stores the results and redirects; the result page shows them. Each stays
    # within the limit, and neither grows with the number of results.
    client.post(reverse("search"), {"q": "zoekbaar"}, follow=True)
    with CaptureQueriesContext(connection) as few:
        result_page = client.post(reverse("search"), {"q": "zoekbaar"})["Location"]
        client.get(result_page)

    for n in range(4):
        make_children(make_group(location_a, f"Zoekgroep {n}"), 10, prefix="Zoekbaar")
    with django_assert_max_num_queries(SEARCH_MAX_QUERIES):
        result_page = client.post(reverse("search"), {"q": "zoekbaar"})["Location"]
    with django_assert_max_num_queries(SEARCH_MAX_QUERIES):
        response = client.get(result_page)
    with CaptureQueriesContext(connection) as many:
        result_page = client.post(reverse("search"), {"q": "zoekbaar"})["Location"]
        client.get(result_page)

    assert response.content.decode().count('href="/kinderen/') == 25
    assert len(few) == len(many)
