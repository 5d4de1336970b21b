"""The admin site (/beheer/) is the platform operators' alone.

Organisation admins once reached it with staff status and a permission group, scoped to
their organisation; now they look after their organisation in the app (/organisatie/),
and the admin site lets in active superusers only, whatever staff flag or permissions an
account carries.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from organisatie.admin import operators_only
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_nobody_in_the_demo_reaches_the_admin_site():
    call_command("seed_demo", "--force", verbosity=0)
    users = get_user_model().objects
    assert not users.filter(is_superuser=True).exists()
    assert not users.filter(is_staff=True).exists()


@pytest.fixture
def org_admin_with_everything(admin_user):
    """An organisation admin who still carries staff status and every permission."""
    admin_user.is_staff = True
    admin_user.save()
    admin_user.user_permissions.set(Permission.objects.all())
    return admin_user


def test_every_admin_page_is_closed_to_an_organisation_admin(
    org_admin_with_everything, client_for, child_a, pm_a
):
    client = client_for(org_admin_with_everything)
    login = reverse("admin:login")
    assert client.get("/beheer/")["Location"].startswith(login)
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for url in (reverse(f"{name}_changelist"), reverse(f"{name}_add")):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(login), url
    change = reverse("admin:auth_user_change", args=[pm_a.pk])
    client.post(change, {"username": "overgenomen", "is_superuser": "on"})
    pm_a.refresh_from_db()
    assert pm_a.username == "pm_a" and not pm_a.is_superuser


def test_logging_in_through_the_admin_login_opens_nothing(org_admin_with_everything, client):
    client.post(
        reverse("admin:login"),
        {"username": org_admin_with_everything.username, "password": TEST_PASSWORD},
    )
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert not response["Location"].startswith("/beheer/auth")


def test_a_superuser_reaches_the_admin_site(admin_user, client_for):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    assert client_for(admin_user).get("/beheer/").status_code == 200


def test_an_inactive_superuser_does_not(admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.is_active = False
    request = RequestFactory().get("/beheer/")
    request.user = admin_user
    assert not operators_only(request)
