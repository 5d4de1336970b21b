"""/healthz: for the load balancer, public, one trivial query."""

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_ok_without_login(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


def test_url_is_stable():
    assert reverse("healthz") == "/healthz"


def test_database_unreachable_answers_503(client):
    def unreachable(execute, sql, params, many, context):
        # Django's own hook around every query: the server is gone.
        raise OperationalError("could not connect to server: Connection refused")

    with connection.execute_wrapper(unreachable):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert b"ok" not in response.content
    assert "no-cache" in response["Cache-Control"]

    # And it recovers as soon as the database is back.
    assert client.get(reverse("healthz")).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_rejects_other_methods(client, method):
    response = getattr(client, method)(reverse("healthz"))
    assert response.status_code == 405
