"""Parent.objects.visible_to: parents through the children a user may see."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ouders.models import Parent
from tests.factories import link_parent, make_parent

pytestmark = pytest.mark.django_db


@pytest.fixture
def everyone(pm_a, pm_a2, manager_a, pm_b, admin_user, outsider, no_staff_user):
    return locals()


@pytest.fixture
def parents(parent_a, parent_b, other_parent):
    return locals()


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("pm_a", {"parent_a"}),
        ("pm_a2", {"parent_a"}),
        ("manager_a", {"parent_a"}),
        ("pm_b", {"parent_b"}),
        ("admin_user", {"parent_a", "parent_b"}),
        ("outsider", {"other_parent"}),
        ("no_staff_user", set()),
    ],
)
def test_parent_visible_to(everyone, parents, who, visible):
    assert set(Parent.objects.visible_to(everyone[who])) == {parents[n] for n in visible}


def test_parent_with_children_at_two_locations_is_seen_once_by_both(
    everyone, parents, child_a, child_b, org
):
    shared = make_parent(org, first_name="Gedeeld")
    link_parent(child_a, shared)
    link_parent(child_b, shared)
    for who in ("pm_a", "pm_b", "admin_user"):
        visible = list(Parent.objects.visible_to(everyone[who]).filter(first_name="Gedeeld"))
        assert visible == [shared]
    assert not Parent.objects.visible_to(everyone["outsider"]).filter(pk=shared.pk).exists()


def test_parent_without_children_only_for_admin(everyone, parents, org):
    lone = make_parent(org)
    assert Parent.objects.visible_to(everyone["admin_user"]).filter(pk=lone.pk).exists()
    for who in ("pm_a", "manager_a", "pm_b", "outsider"):
        assert not Parent.objects.visible_to(everyone[who]).filter(pk=lone.pk).exists()


@pytest.mark.parametrize("who", ["pm_a", "manager_a", "admin_user", "outsider"])
def test_inactive_user_sees_no_parents(everyone, parents, who):
    user = everyone[who]
    user.is_active = False
    user.save()
    assert not Parent.objects.visible_to(user).exists()


def test_anonymous_sees_no_parents(parents):
    assert not Parent.objects.visible_to(AnonymousUser()).exists()
