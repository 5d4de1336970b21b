"""Child–parent links: one primary contact per child, each pair once."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ouders.models import ChildParent, Parent
from tests.factories import link_parent, make_parent

pytestmark = pytest.mark.django_db


def test_second_primary_contact_rejected(org, child_a, parent_a):
    father = make_parent(org, first_name="Joost")
    with pytest.raises(IntegrityError), transaction.atomic():
        link_parent(child_a, father, is_primary_contact=True)
    assert ChildParent.objects.filter(child=child_a).count() == 1


def test_several_non_primary_contacts_allowed(org, child_a, parent_a):
    for _ in range(3):
        link_parent(child_a, make_parent(org), is_primary_contact=False)
    assert ChildParent.objects.filter(child=child_a).count() == 4


def test_primary_contact_per_child_not_per_parent(org, child_a, child_b, parent_a):
    """The same parent may be the primary contact of two of their children."""
    link_parent(child_b, parent_a, is_primary_contact=True)
    assert ChildParent.objects.filter(parent=parent_a, is_primary_contact=True).count() == 2


def test_duplicate_child_parent_pair_rejected(child_a, parent_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        link_parent(child_a, parent_a, is_primary_contact=False)
    assert ChildParent.objects.filter(child=child_a, parent=parent_a).count() == 1


def test_validate_constraints_gives_a_message(org, child_a, parent_a):
    second = ChildParent(child=child_a, parent=make_parent(org), is_primary_contact=True)
    with pytest.raises(ValidationError) as excinfo:
        second.full_clean()
    assert excinfo.value.messages


def test_phone_validation(org):
    parent = Parent(organization=org, first_name="Sam", last_name="de Wit", phone="bel me")
    with pytest.raises(ValidationError) as excinfo:
        parent.full_clean()
    assert set(excinfo.value.message_dict) == {"phone"}

    for phone in ("06 12345678", "+31 6 12345678", "(030) 123-4567"):
        parent.phone = phone
        parent.full_clean()


def test_parents_of_a_child(child_a, parent_a, org):
    father = make_parent(org, first_name="Joost")
    link_parent(child_a, father)
    assert set(child_a.parents.all()) == {parent_a, father}
    assert list(parent_a.children.all()) == [child_a]
