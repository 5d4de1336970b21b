"""The print-friendly dossier of one child for a period (the browser saves it as PDF)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from gesprekken.models import Tip

from .helpers import at, content, nl, nl_date, talk, text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

DOSSIER_MAX_QUERIES = 20


def url(child) -> str:
    return reverse("dossier", args=[child.pk])


@pytest.fixture
def talks(pm_a, pm_a2, child_a, parent_a):
    return {
        "in_1": talk(
            pm_a,
            child_a,
            when=at(2025, 2, 3, 10),
            summary="Emma slaapt onrustig tussen de middag.",
            parent_view="Thuis slaapt ze goed, zegt moeder.",
            parents=[parent_a],
            levels={1: 3, 5: 2},
            follow_ups=[
                {
                    "description": "Slaapritueel samen bespreken",
                    "due_date": datetime.date(2025, 3, 1),
                    "owner_staff": pm_a.staff_member,
                }
            ],
        ),
        "in_2": talk(
            pm_a2, child_a, kind="breng", when=at(2025, 3, 10, 8), summary="Vrolijk gebracht."
        ),
        # Before the default period (the last 365 days before 11 June 2025).
        "out": talk(pm_a, child_a, when=at(2024, 5, 1), summary="Oud gesprek buiten de periode."),
    }


# --- access ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager_a", "admin_user"])
def test_managers_and_admins_open_the_dossier(client_for, request, who, child_a):
    assert client_for(request.getfixturevalue(who)).get(url(child_a)).status_code == 200


def test_requires_login(client, child_a):
    assertRedirects(client.get(url(child_a)), f"{reverse('login')}?next={url(child_a)}")


@pytest.mark.parametrize("who", ["pm_a", "outsider", "no_staff_user"])
def test_pms_and_users_without_staff_record_get_403(client_for, request, who, child_a):
    assert client_for(request.getfixturevalue(who)).get(url(child_a)).status_code == 403


def test_manager_of_a_gets_404_for_a_child_at_b(client_for, manager_a, child_b):
    assert client_for(manager_a).get(url(child_b)).status_code == 404


def test_admin_of_another_organisation_gets_404(client_for, other_admin, child_a):
    assert client_for(other_admin).get(url(child_a)).status_code == 404


def test_missing_child_is_404(client_for, manager_a):
    assert client_for(manager_a).get(reverse("dossier", args=[999999])).status_code == 404


def test_rejects_post(client_for, manager_a, child_a):
    assert client_for(manager_a).post(url(child_a)).status_code == 405


# --- content -------------------------------------------------------------------------------


def test_shows_child_parents_and_the_talks_of_the_period(client_for, manager_a, child_a, talks):
    response = client_for(manager_a).get(url(child_a))
    page = text(content(response))

    assert response.status_code == 200
    assert "Kinderopvang De Regenboog · Zonnebloem" in page
    assert f"{nl('Dossier')}: Emma de Vries" in page
    assert nl_date(child_a.date_of_birth, "j F Y") in page
    assert "Rupsjes" in page
    assert "Maartje Visser" in page  # the mentor
    assert f"Anouk de Vries · {nl('Mother')}" in page
    assert "Emma slaapt onrustig tussen de middag." in page
    assert "Thuis slaapt ze goed, zegt moeder." in page
    assert "Slaapritueel samen bespreken · Maartje Visser" in page
    assert "Vrolijk gebracht." in page
    assert "Oud gesprek buiten de periode." not in page
    # Oldest first, as a dossier reads.
    assert page.index("Emma slaapt onrustig") < page.index("Vrolijk gebracht.")


def test_an_explicit_period_narrows_the_talks(client_for, manager_a, child_a, talks):
    response = client_for(manager_a).get(url(child_a), {"van": "2025-03-01", "tot": "2025-06-11"})

    assertContains(response, "Vrolijk gebracht.")
    assertNotContains(response, "Emma slaapt onrustig")
    assertNotContains(response, "Oud gesprek")
    period = nl("Conversations from %(start)s to %(end)s") % {
        "start": nl_date(datetime.date(2025, 3, 1), "j F Y"),
        "end": nl_date(datetime.date(2025, 6, 11), "j F Y"),
    }
    assert period in text(content(response))


def test_an_invalid_period_shows_the_error_and_the_default(client_for, manager_a, child_a, talks):
    response = client_for(manager_a).get(url(child_a), {"van": "2025-05-01", "tot": "2025-04-01"})

    assertContains(response, nl("The end date cannot be before the start date."))
    assertContains(response, "Emma slaapt onrustig")  # default: the last 365 days
    assertNotContains(response, "Oud gesprek")


def test_confidential_footer_and_print_stylesheet(client_for, manager_a, child_a, talks):
    response = client_for(manager_a).get(url(child_a))

    footer = nl(
        "Confidential: contains personal data of a child and its parents. Only for the people "
        "involved; do not pass on without consent. Printed %(when)s by %(org)s."
    ) % {
        "when": nl_date(datetime.datetime(2025, 6, 11, 12, 0), "j F Y H:i"),
        "org": "Kinderopvang De Regenboog",
    }
    assert footer in text(content(response))
    assertContains(response, f'<link rel="stylesheet" href="{static("css/print.css")}">')


def test_other_childrens_talks_are_not_in_it(client_for, admin_user, pm_b, child_a, child_b, talks):
    talk(pm_b, child_b, when=at(2025, 2, 4), summary="Daan bouwt graag torens.")
    response = client_for(admin_user).get(url(child_a))
    assertNotContains(response, "Daan bouwt graag torens.")


# --- query counts --------------------------------------------------------------------------


def _queries(client, child) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(child))
    assert response.status_code == 200
    return len(queries)


def _log(pm, child, parent, n: int, start: datetime.datetime) -> None:
    for i in range(n):
        talk(
            pm,
            child,
            when=start + datetime.timedelta(days=i),
            summary=f"Gesprek {i}",
            parents=[parent],
            levels={1: 2, 5: 3},
            follow_ups=[{"description": f"Afspraak {i}", "owner_staff": pm.staff_member}],
        )


def test_query_count_does_not_grow_with_conversations(
    client_for, manager_a, pm_a, child_a, parent_a
):
    """guards against N+1"""
    client = client_for(manager_a)
    client.get(url(child_a))  # warm up
    _log(pm_a, child_a, parent_a, 5, at(2025, 1, 1))
    few = _queries(client, child_a)
    _log(pm_a, child_a, parent_a, 45, at(2025, 2, 1))
    many = _queries(client, child_a)

    assert few == many
    assert many <= DOSSIER_MAX_QUERIES


def test_tips_are_named_in_order(client_for, manager_a, pm_a, child_a):
    talk(pm_a, child_a, when=at(2025, 5, 1), levels={5: 2, 1: 3, 3: 1})

    page = text(content(client_for(manager_a).get(url(child_a))))

    titles = {tip.number: tip.title for tip in Tip.objects.all()}
    first, third, fifth = (page.index(f"{n}. {titles[n]}:") for n in (1, 3, 5))
    assert first < third < fifth


def test_the_child_is_named_in_the_running_head_of_every_page(client_for, manager_a, child_a):
    response = client_for(manager_a).get(url(child_a))

    head = content(response).split('<thead class="dossier-running-head">')[1].split("</thead>")[0]
    assert child_a.full_name in head
