"""Organisation settings: the reach-alert threshold and the retention period, admins only."""

from __future__ import annotations

import re

import pytest
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from organisatie.models import Organization

from .helpers import content, nl, nl_lazy, text

pytestmark = pytest.mark.django_db

URL = reverse("organization_settings")


def at_least(limit: int) -> str:
    return nl_lazy(MinValueValidator.message) % {"limit_value": limit}


def at_most(limit: int) -> str:
    return nl_lazy(MaxValueValidator.message) % {"limit_value": limit}


def field_error(response, field: str) -> str:
    """The error text rendered at the field (crispy gives it the id error_1_id_<field>)."""
    found = re.search(
        rf'id="error_1_id_{field}"[^>]*>(.*?)</(p|span)>', content(response), re.DOTALL
    )
    assert found, f"no error at {field}"
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in content(response)
    return text(found.group(1))


def test_admin_sees_the_current_settings(client_for, admin_user, org):
    response = client_for(admin_user).get(URL)

    assert response.status_code == 200
    assertContains(response, "Kinderopvang De Regenboog")
    assertContains(response, 'name="reach_alert_weeks" value="6"')
    assertContains(response, 'name="retention_months" value="24"')


def test_admin_changes_the_settings(client_for, admin_user, org):
    client = client_for(admin_user)

    response = client.post(
        URL,
        {"reach_alert_weeks": 8, "sit_down_alert_months": 12, "retention_months": 36},
        follow=True,
    )

    assertRedirects(response, URL)
    assertContains(response, nl("The settings have been saved."))
    org.refresh_from_db()
    assert (org.reach_alert_weeks, org.retention_months) == (8, 36)


@pytest.mark.parametrize("weeks", [1, 52])
def test_bounds_of_the_reach_alert_are_allowed(client_for, admin_user, org, weeks):
    response = client_for(admin_user).post(
        URL, {"reach_alert_weeks": weeks, "sit_down_alert_months": 12, "retention_months": 24}
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.reach_alert_weeks == weeks


@pytest.mark.parametrize(
    ("weeks", "message"), [(0, at_least(1)), (53, at_most(52))], ids=["zero", "fifty-three"]
)
def test_reach_alert_out_of_range_is_refused_at_the_field(
    client_for, admin_user, org, weeks, message
):
    response = client_for(admin_user).post(
        URL, {"reach_alert_weeks": weeks, "sit_down_alert_months": 12, "retention_months": 36}
    )

    assert response.status_code == 200
    assert message in field_error(response, "reach_alert_weeks")
    assertContains(response, 'name="retention_months" value="36"')  # the rest is kept
    assertContains(response, f'name="reach_alert_weeks" value="{weeks}"')
    org.refresh_from_db()
    assert (org.reach_alert_weeks, org.retention_months) == (6, 24)


def test_retention_over_ten_years_is_refused_at_the_field(client_for, admin_user, org):
    response = client_for(admin_user).post(
        URL, {"reach_alert_weeks": 9, "sit_down_alert_months": 12, "retention_months": 121}
    )

    assert response.status_code == 200
    assert at_most(120) in field_error(response, "retention_months")
    assertContains(response, 'name="reach_alert_weeks" value="9"')
    org.refresh_from_db()
    assert (org.reach_alert_weeks, org.retention_months) == (6, 24)


def test_retention_of_zero_is_refused(client_for, admin_user, org):
    response = client_for(admin_user).post(
        URL, {"reach_alert_weeks": 6, "sit_down_alert_months": 12, "retention_months": 0}
    )
    assert at_least(1) in field_error(response, "retention_months")


def test_text_instead_of_a_number_is_refused(client_for, admin_user, org):
    response = client_for(admin_user).post(
        URL, {"reach_alert_weeks": "zes", "sit_down_alert_months": 12, "retention_months": 24}
    )
    assert response.status_code == 200
    field_error(response, "reach_alert_weeks")
    org.refresh_from_db()
    assert org.reach_alert_weeks == 6


@pytest.mark.parametrize("who", ["manager_a", "pm_a", "outsider", "no_staff_user"])
def test_only_admins(client_for, request, org, who):
    client = client_for(request.getfixturevalue(who))

    assert client.get(URL).status_code == 403
    assert (
        client.post(
            URL, {"reach_alert_weeks": 2, "sit_down_alert_months": 12, "retention_months": 2}
        ).status_code
        == 403
    )
    org.refresh_from_db()
    assert (org.reach_alert_weeks, org.retention_months) == (6, 24)


def test_requires_login(client):
    assertRedirects(client.get(URL), f"{reverse('login')}?next={URL}")


def test_rejects_other_methods(client_for, admin_user):
    assert client_for(admin_user).put(URL).status_code == 405


def test_admin_of_another_organisation_edits_only_their_own(
    client_for, other_admin, other_org, org
):
    client = client_for(other_admin)

    page = client.get(URL)
    assertContains(page, "Kinderopvang Het Anker")
    assert "De Regenboog" not in content(page)

    client.post(URL, {"reach_alert_weeks": 12, "sit_down_alert_months": 12, "retention_months": 60})

    assert Organization.objects.values_list(
        "name", "reach_alert_weeks", "retention_months"
    ).order_by("name").get(pk=other_org.pk) == ("Kinderopvang Het Anker", 12, 60)
    org.refresh_from_db()
    assert (org.reach_alert_weeks, org.retention_months) == (6, 24)
