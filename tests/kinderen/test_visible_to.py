"""Child.objects.visible_to: the access rule for children."""

import pytest
from django.contrib.auth.models import AnonymousUser

from kinderen.models import Child

pytestmark = pytest.mark.django_db


@pytest.fixture
def everyone(pm_a, pm_a2, manager_a, pm_b, admin_user, outsider, no_staff_user):
    return locals()


@pytest.fixture
def children(child_a, child_b, other_child):
    return locals()


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("pm_a", {"child_a"}),
        ("pm_a2", {"child_a"}),
        ("manager_a", {"child_a"}),
        ("pm_b", {"child_b"}),
        ("admin_user", {"child_a", "child_b"}),
        ("outsider", {"other_child"}),
        ("no_staff_user", set()),
    ],
)
def test_child_visible_to(everyone, children, who, visible):
    assert set(Child.objects.visible_to(everyone[who])) == {children[n] for n in visible}


@pytest.mark.parametrize("who", ["pm_a", "manager_a", "admin_user", "outsider"])
def test_inactive_user_sees_no_children(everyone, children, who):
    user = everyone[who]
    user.is_active = False
    user.save()
    assert not Child.objects.visible_to(user).exists()


def test_anonymous_sees_no_children(children):
    assert not Child.objects.visible_to(AnonymousUser()).exists()


def test_visible_to_combines_with_other_filters(everyone, children):
    pm_a = everyone["pm_a"]
    assert list(Child.objects.visible_to(pm_a).search_name("emma")) == [children["child_a"]]
    assert list(Child.objects.visible_to(pm_a).in_care()) == [children["child_a"]]
    assert not Child.objects.visible_to(pm_a).search_name("daan").exists()
