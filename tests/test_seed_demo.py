"""The demo data behind `make run`: believable, consistent and the same on every run."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from audit.models import AuditEvent
from demo.conversations import seed_conversations
from demo.management.commands import seed_demo as seed_demo_command
from kinderen.models import Child
from organisatie.models import CareType, Group, Location, Organization, StaffMember
from ouders.models import ChildParent, Parent, phone_validator

pytestmark = pytest.mark.django_db

REGENBOOG = "Kinderopvang De Regenboog"
ANKER = "Kinderopvang Het Anker"
AGE_RANGES = {  # whole years a child may be in a group of this care type
    CareType.DAYCARE: range(0, 4),
    CareType.PRESCHOOL: range(2, 4),
    CareType.OUT_OF_SCHOOL: range(4, 13),
}


@pytest.fixture(autouse=True)
def _no_conversations(monkeypatch):
    """Conversations are the gesprekken app's part and take seconds; see the last test."""
    monkeypatch.setattr(seed_demo_command, "seed_conversations", lambda **kwargs: 0)


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded() -> str:
    return seed("--force")


def regenboog_children():
    return Child.objects.filter(location__organization__name=REGENBOOG)


def test_refuses_with_debug_off_without_force():
    with pytest.raises(CommandError, match="'demo'"):
        seed()
    assert not Organization.objects.exists()


def test_if_empty_still_refuses_an_empty_database_with_debug_off():
    with pytest.raises(CommandError, match="--force"):
        seed("--if-empty")
    assert not Organization.objects.exists()


def test_organisations_locations_and_groups(seeded):
    assert set(Organization.objects.values_list("name", flat=True)) == {REGENBOOG, ANKER}
    regenboog = Location.objects.filter(organization__name=REGENBOOG)
    assert set(regenboog.values_list("name", flat=True)) == {"Zonnebloem", "Klaproos"}
    assert all(regenboog.values_list("city", flat=True))
    assert list(
        Location.objects.filter(organization__name=ANKER).values_list("name", flat=True)
    ) == ["De Haven"]
    groups = Group.objects.filter(location__organization__name=REGENBOOG)
    assert groups.count() >= 6
    assert set(groups.values_list("care_type", flat=True)) == set(CareType.values)
    assert Group.objects.filter(location__organization__name=ANKER).count() == 2


def test_children_and_parents(seeded):
    assert 70 <= regenboog_children().count() <= 90
    assert 120 <= Parent.objects.filter(organization__name=REGENBOOG).count() <= 160
    assert 8 <= Child.objects.filter(location__organization__name=ANKER).count() <= 12

    today = timezone.localdate()
    children = Child.objects.select_related("group__location", "location").prefetch_related(
        "parent_links__parent"
    )
    for child in children:
        links = list(child.parent_links.all())
        assert links, child
        assert sum(link.is_primary_contact for link in links) == 1, child
        assert {link.parent.organization_id for link in links} == {child.location.organization_id}
        assert child.location == child.group.location
        assert child.age_on(today)[0] in AGE_RANGES[child.group.care_type], child
        assert child.date_of_birth <= child.start_date < today
        assert child.end_date is None or child.end_date > today
    assert Child.objects.filter(end_date__isnull=False).count() >= 2


def test_every_mentor_is_a_pm_at_the_childs_location(seeded):
    children = Child.objects.select_related("mentor").prefetch_related("mentor__locations")
    for child in children:
        assert child.mentor is not None, child
        assert child.mentor.role == "pm"
        assert child.location in child.mentor.locations.all()
    mentors = Counter(regenboog_children().values_list("mentor__user__username", flat=True))
    assert len(mentors) >= 4


def test_parents_are_varied_and_fake(seeded):
    parents = Parent.objects.filter(organization__name=REGENBOOG)
    assert parents.filter(interpreter_needed=True).count() >= 5
    assert not parents.filter(interpreter_needed=True, preferred_language="nl").exists()
    assert (
        parents.exclude(preferred_language="nl").values("preferred_language").distinct().count()
        >= 4
    )
    assert parents.exclude(likes_to_help_with="").count() >= 10
    assert parents.filter(likes_to_help_with__contains="voorlezen in het Arabisch").exists()
    for parent in Parent.objects.all():
        phone_validator(parent.phone)
        assert parent.phone.startswith("06 0000 ")
        if parent.email:
            validate_email(parent.email)
            assert parent.email.endswith("@example.nl")
    assert Parent.objects.values("phone").distinct().count() == Parent.objects.count()

    links = ChildParent.objects.filter(child__location__organization__name=REGENBOOG)
    assert set(links.values_list("relationship", flat=True)) >= {
        "moeder",
        "vader",
        "ouder",
        "pleegouder",
    }
    # Separated parents where only one of them has parental authority.
    only_one = links.filter(has_parental_authority=False, relationship__in=["moeder", "vader"])
    assert only_one.exists()


def test_sibling_families(seeded):
    families = {
        frozenset(parent.child_links.values_list("child_id", flat=True))
        for parent in Parent.objects.filter(organization__name=REGENBOOG)
    }
    sibling_families = [children for children in families if len(children) > 1]
    assert len(sibling_families) >= 3
    assert any(len(children) == 3 for children in sibling_families)
    # Siblings usually go to different groups.
    assert any(
        Group.objects.filter(children__in=children).distinct().count() > 1
        for children in sibling_families
    )


@pytest.mark.parametrize(
    ("username", "role", "organization", "locations"),
    [
        ("maartje", "pm", REGENBOOG, {"Zonnebloem"}),
        ("joost", "pm", REGENBOOG, {"Zonnebloem"}),
        ("ayse", "pm", REGENBOOG, {"Klaproos"}),
        ("linda", "manager", REGENBOOG, {"Zonnebloem", "Klaproos"}),
        ("beheer", "admin", REGENBOOG, None),
        ("pieter", "pm", ANKER, {"De Haven"}),
    ],
)
def test_demo_users(seeded, username, role, organization, locations):
    user = authenticate(username=username, password="demo")
    assert user is not None
    member = StaffMember.objects.get(user=user)
    assert member.role == role
    assert member.organization.name == organization
    if locations is not None:
        assert set(member.locations.values_list("name", flat=True)) == locations
    # /beheer/ is the platform operators' alone: nobody in the demo reaches it.
    assert not user.is_staff
    assert not user.is_superuser
    assert username in seeded


def test_demo_user_groups_and_names(seeded):
    maartje = StaffMember.objects.get(user__username="maartje")
    assert maartje.display_name == "Maartje de Vries"
    assert set(maartje.groups.values_list("name", flat=True)) == {"Rupsjes", "Vlinders"}
    joost = StaffMember.objects.get(user__username="joost")
    assert set(joost.groups.values_list("name", flat=True)) == {"Peuterklas", "BSO De Ontdekkers"}
    assert StaffMember.objects.get(user__username="ayse").display_name == "Ayşe Yılmaz"


def test_if_empty_keeps_existing_data(seeded):
    before = (Organization.objects.count(), Child.objects.count(), Parent.objects.count())
    output = seed("--if-empty")
    assert "not seeded" in output
    assert (Organization.objects.count(), Child.objects.count(), Parent.objects.count()) == before


def test_second_run_refuses_clearly(seeded):
    with pytest.raises(CommandError, match="--if-empty"):
        seed("--force")
    assert Organization.objects.count() == 2


def test_refuses_when_a_demo_user_name_is_taken(django_user_model):
    django_user_model.objects.create_user("maartje")
    with pytest.raises(CommandError, match="maartje"):
        seed("--force")
    assert not Organization.objects.exists()


def test_seeds_through_the_administration_services():
    """The demo is made the way an organisation's office makes its data: every location,
    group, staff member, child, parent and link has the services' audit row."""
    seed("--force")
    created = AuditEvent.objects.filter(action="create", user=None)
    for object_type, model in (
        ("location", Location),
        ("group", Group),
        ("staff_member", StaffMember),
        ("child", Child),
    ):
        ids = set(created.filter(object_type=object_type).values_list("object_id", flat=True))
        assert ids == set(model.objects.values_list("pk", flat=True)), object_type
    parent_rows = created.filter(object_type="parent")
    assert set(parent_rows.filter(child_id=None).values_list("object_id", flat=True)) == set(
        Parent.objects.values_list("pk", flat=True)
    )
    links = set(parent_rows.exclude(child_id=None).values_list("object_id", "child_id"))
    assert links == set(ChildParent.objects.values_list("parent_id", "child_id"))


def fingerprint() -> list[tuple]:
    children = (
        Child.objects.order_by("pk")
        .select_related("group", "mentor__user")
        .prefetch_related("parent_links__parent")
    )
    return [
        (
            child.first_name,
            child.last_name,
            child.date_of_birth,
            child.group.name,
            child.mentor.user.username,
            sorted(
                (
                    link.parent.full_name,
                    link.parent.phone,
                    link.relationship,
                    link.has_parental_authority,
                    link.is_primary_contact,
                )
                for link in child.parent_links.all()
            ),
        )
        for child in children
    ]


def test_deterministic():
    runs = []
    for args in (["--force"], []):
        # The second run also shows that DEBUG on needs no --force.
        with override_settings(DEBUG=not args), transaction.atomic():
            seed(*args)
            runs.append(fingerprint())
            transaction.set_rollback(True)  # back to an empty database for the next run
        assert not Organization.objects.exists()
    first, second = runs
    assert [child[:2] for child in first[:10]] == [child[:2] for child in second[:10]]
    assert first == second


def test_seeds_conversations_for_each_organisation(monkeypatch):
    calls = []

    def spy(*, organization, rng, today):
        number = seed_conversations(organization=organization, rng=rng, today=today)
        calls.append((organization.name, number))
        return number

    monkeypatch.setattr(seed_demo_command, "seed_conversations", spy)
    output = seed("--force")
    assert [name for name, _number in calls] == [REGENBOOG, ANKER]
    for name, number in calls:
        assert f"conversations  {number} ({name})" in output
