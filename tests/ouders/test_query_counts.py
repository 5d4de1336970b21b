"""The parent page keeps a constant query count however many children a parent has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import link_parent, make_child, make_group

pytestmark = pytest.mark.django_db

PARENT_PAGE_MAX_QUERIES = 14


def test_parent_page_with_many_children(
    client_for, pm_a, parent_a, location_a, location_b, django_assert_max_num_queries
):
    """guards against N+1"""
    client = client_for(pm_a)
    url = reverse("parent_detail", args=[parent_a.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one_child:
        client.get(url)

    for n in range(3):
        link_parent(make_child(make_group(location_a, f"Groep A{n}")), parent_a)
        link_parent(make_child(make_group(location_b, f"Groep B{n}")), parent_a)
    with django_assert_max_num_queries(PARENT_PAGE_MAX_QUERIES):
        response = client.get(url)
    with CaptureQueriesContext(connection) as many_children:
        client.get(url)

    assert response.content.decode().count('href="/kinderen/') == 4  # only those at A
    assert len(one_child) == len(many_children)
