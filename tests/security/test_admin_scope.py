"""The admin site (/beheer/) for an organisation admin: their own organisation only.

The outside security test found that the organisation admin was a Django superuser, so
De Regenboog's admin opened and changed Het Anker's children and set a colleague's
password there; and that a non-superuser with user permissions saw every organisation's
accounts and could make themselves superuser. Every admin URL (list, change, add, history,
delete, password) is tried here for the admin of organisation A against the records of B.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

from audit.models import Action
from audit.services import record
from organisatie.admin_site import grant_admin_site_access
from organisatie.models import Location, Organization
from privacy.models import Consent, ErasureRecord
from tests.factories import TEST_PASSWORD, make_staff
from tests.gesprekken.helpers import log_conversation

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheer_a(admin_user, client_for):
    # Content type ids cached by an earlier test on this worker may be stale.
    ContentType.objects.clear_cache()
    grant_admin_site_access(admin_user)
    return client_for(admin_user)


@pytest.fixture
def world_b(other_org, other_location, other_group, outsider, other_child, other_parent):
    """Everything of organisation B the admin site can show."""
    conversation = log_conversation(
        outsider,
        other_child,
        parents=[other_parent],
        levels={1: 3},
        follow_ups=[{"description": "Afspraak Anker", "owner_parent": other_parent}],
    )
    Consent.objects.create(
        child=other_child,
        given_by=other_parent,
        recipient="School Anker",
        scope="Taal",
        given_on=datetime.date(2026, 1, 5),
    )
    record(
        request=None,
        action=Action.VIEW,
        object_type="child",
        object_id=other_child.pk,
        child_id=other_child.pk,
        location_id=other_location.pk,
        user=outsider,
    )
    ErasureRecord.objects.create(organization=other_org, reason="Verzoek", counts={})
    return {"conversation": conversation, "outsider": outsider}


def objects_of_b(other_org) -> list:
    """One object of organisation B per registered model, where the model has one."""
    found = []
    for model in admin.site._registry:
        for obj in model._default_manager.order_by("pk"):
            if belongs_to(obj, other_org):
                found.append(obj)
                break
    return found


def belongs_to(obj, organization: Organization) -> bool:
    if isinstance(obj, Organization):
        return obj.pk == organization.pk
    if isinstance(obj, get_user_model()):
        member = getattr(obj, "staff_member", None)
        return member is not None and member.organization_id == organization.pk
    for path in (
        "organization_id",
        "location__organization_id",
        "child__location__organization_id",
        "conversation__location__organization_id",
    ):
        value = obj
        try:
            for part in path.split("__"):
                value = getattr(value, part)
        except AttributeError:
            continue
        return value == organization.pk
    if hasattr(obj, "user"):
        member = getattr(obj.user, "staff_member", None)
        return member is not None and member.organization_id == organization.pk
    return False


def admin_urls(obj) -> dict[str, str]:
    name = f"admin:{obj._meta.app_label}_{obj._meta.model_name}"
    urls = {}
    for view in ("change", "history", "delete"):
        urls[view] = reverse(f"{name}_{view}", args=[obj.pk])
    try:
        urls["password"] = reverse(f"{name}_password_change", args=[obj.pk])
    except NoReverseMatch:
        pass
    return urls


def test_nobody_in_the_demo_is_a_superuser():
    from django.core.management import call_command

    call_command("seed_demo", "--force", verbosity=0)
    assert not get_user_model().objects.filter(is_superuser=True).exists()
    beheer = get_user_model().objects.get(username="beheer")
    assert beheer.is_staff and not beheer.is_superuser


def test_every_admin_url_of_another_organisation_is_404_or_403(beheer_a, world_b, other_org):
    objects = objects_of_b(other_org)
    names = sorted(type(o).__name__ for o in objects)
    assert len(objects) >= 11, names
    for obj in objects:
        for view, url in admin_urls(obj).items():
            response = beheer_a.get(url)
            assert response.status_code in (403, 404), (type(obj).__name__, view, url)
            changed = beheer_a.post(url, {"post": "yes", "password1": "x", "password2": "x"})
            assert changed.status_code in (403, 404), (type(obj).__name__, view, url)
        assert type(obj)._default_manager.filter(pk=obj.pk).exists(), type(obj).__name__


def test_another_organisations_password_cannot_be_set(beheer_a, world_b):
    outsider = world_b["outsider"]
    url = reverse("admin:auth_user_password_change", args=[outsider.pk])
    response = beheer_a.post(
        url, {"password1": "Nieuw-wachtwoord-99", "password2": "Nieuw-wachtwoord-99"}
    )
    assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.check_password(TEST_PASSWORD)


def test_lists_show_nothing_of_another_organisation(beheer_a, world_b, other_org, other_child):
    other_names = {other_org.name, other_child.first_name, world_b["outsider"].username}
    other_names |= set(
        Location.objects.filter(organization=other_org).values_list("name", flat=True)
    )
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        response = beheer_a.get(reverse(f"{name}_changelist"))
        if response.status_code == 403:
            continue
        assert response.status_code == 200, model
        body = response.content.decode()
        leaked = {text for text in other_names if text in body}
        assert not leaked, (model.__name__, leaked)


def test_list_filters_name_only_own_locations(beheer_a, world_b, other_location, location_a):
    response = beheer_a.get(reverse("admin:kinderen_child_changelist"))
    body = response.content.decode()
    assert other_location.name not in body
    response = beheer_a.get(reverse("admin:organisatie_group_changelist"))
    assert other_location.name not in response.content.decode()


def test_add_forms_offer_only_own_choices(beheer_a, world_b, other_group, other_location):
    for url in (
        reverse("admin:kinderen_child_add"),
        reverse("admin:organisatie_group_add"),
        reverse("admin:organisatie_staffmember_add"),
    ):
        body = beheer_a.get(url).content.decode()
        assert other_group.name not in body and other_location.name not in body, url


def test_user_form_grants_nothing_beyond_the_role(beheer_a, admin_user, pm_a):
    url = reverse("admin:auth_user_change", args=[admin_user.pk])
    body = beheer_a.get(url).content.decode()
    for field in ("is_superuser", "is_staff", "user_permissions", "groups"):
        assert f'name="{field}"' not in body, field
    beheer_a.post(
        url,
        {
            "username": admin_user.username,
            "first_name": admin_user.first_name,
            "last_name": admin_user.last_name,
            "email": "",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    admin_user.refresh_from_db()
    assert not admin_user.is_superuser


def test_operator_tools_are_closed_to_organisation_admins(beheer_a):
    for name in (
        "auth_group",
        "otp_totp_totpdevice",
        "otp_static_staticdevice",
        "axes_accessattempt",
        "accounts_knowndevice",
        "gesprekken_checklist",
    ):
        response = beheer_a.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 403, name


def test_a_user_with_user_permissions_sees_only_their_organisation(
    client_for, org, location_a, world_b
):
    other = make_staff("tweede_beheer", org, "admin", [location_a])
    grant_admin_site_access(other)
    client = client_for(other)
    body = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "tweede_beheer" in body
    assert world_b["outsider"].username not in body
