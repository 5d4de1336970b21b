"""The admin site's pages render: every list, add and change page of every registered
model, for a superuser. Guards the form renderer (the admin's own widget templates) and
the admin's querysets."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.gesprekken.helpers import log_conversation

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client_for, admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    return client_for(admin_user)


def test_every_admin_page_renders(superuser_client, pm_a, child_a, parent_a):
    log_conversation(
        pm_a,
        child_a,
        parents=[parent_a],
        levels={1: 3},
        follow_ups=[{"description": "Afspraak", "owner_parent": parent_a}],
    )
    checked = 0
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert superuser_client.get(reverse(f"{name}_changelist")).status_code == 200, model
        add = superuser_client.get(reverse(f"{name}_add"))
        assert add.status_code in {200, 403}, model  # 403: the model is read-only
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            change = superuser_client.get(reverse(f"{name}_change", args=[obj.pk]))
            assert change.status_code == 200, model
            checked += 1
    assert checked >= 8
