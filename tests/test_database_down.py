"""With the database unreachable every page answers a plain Dutch 503 (no traceback),
/healthz answers 503, and the app recovers by itself when the database is back.

The outage is made with Django's own query hook (connection.execute_wrapper), which
makes every query fail the way a dropped connection does.
"""

from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import translation


def _refuse(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


@contextmanager
def database_down():
    with connection.execute_wrapper(_refuse):
        yield


def _nl(text: str) -> str:
    with translation.override("nl"):
        return translation.gettext(text)


@pytest.fixture
def raising_client():
    # As in production: errors become the error page, they don't propagate to the test.
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_pages_answer_503_when_the_database_is_down(client_for, pm_a, child_a):
    client = client_for(pm_a)
    client.raise_request_exception = False
    urls = [
        reverse("home"),
        reverse("child_detail", args=[child_a.pk]),
        reverse("my_conversations"),
        reverse("login"),
    ]
    with database_down():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 503, url
            body = response.content.decode()
            assert _nl("Ouderportaal is temporarily unavailable") in body
            assert "Traceback" not in body and "OperationalError" not in body
            assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_healthz_503_then_recovers(raising_client):
    with database_down():
        assert raising_client.get(reverse("healthz")).status_code == 503
    response = raising_client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_app_recovers_when_the_database_is_back(client_for, pm_a, child_a):
    client = client_for(pm_a)
    client.raise_request_exception = False
    with database_down():
        assert client.get(reverse("child_detail", args=[child_a.pk])).status_code == 503
    response = client.get(reverse("child_detail", args=[child_a.pk]))
    assert response.status_code == 200
    assert child_a.first_name in response.content.decode()


@pytest.mark.django_db
def test_other_errors_are_a_plain_500_without_traceback(raising_client, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.urls_boom"
    response = raising_client.get("/boom/")
    assert response.status_code == 500
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/boom/operational/", 503),
        ("/boom/interface/", 503),
        ("/boom/integrity/", 400),
        ("/boom/data/", 400),
    ],
)
def test_only_a_lost_connection_is_database_unavailable(raising_client, settings, path, status):
    """Input the database refused is the request's fault: a 400, never 'unavailable'."""
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.urls_boom"
    response = raising_client.get(path)
    assert response.status_code == status
    body = response.content.decode()
    unavailable = _nl("Ouderportaal is temporarily unavailable") in body
    assert unavailable == (status == 503)
    assert "secret value" not in body and "Traceback" not in body
