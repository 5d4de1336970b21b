"""Child rules: friendly messages from clean(), and the database as the last guard.

Every IntegrityError is expected inside its own ``transaction.atomic()`` so the test
goes on with a usable connection on PostgreSQL as on SQLite.
"""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from kinderen.models import Child
from tests.factories import make_child, make_group, make_staff

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _nl(message: str) -> str:
    """The message as a Dutch user reads it (the source text while the catalogue lacks it)."""
    with translation.override("nl"):
        return gettext(message)


def _errors(child: Child) -> dict[str, list[str]]:
    with translation.override("nl"), pytest.raises(ValidationError) as excinfo:
        child.full_clean()
    return excinfo.value.message_dict


# --- database constraints -------------------------------------------------------------


def test_end_before_start_rejected_by_database(group_a):
    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_child(group_a, start_date=today, end_date=today - DAY)
    assert not Child.objects.exists()


def test_end_on_start_day_is_allowed(group_a):
    today = timezone.localdate()
    child = make_child(group_a, start_date=today, end_date=today)
    assert child.pk


def test_end_moved_before_start_by_update_rejected(child_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Child.objects.filter(pk=child_a.pk).update(end_date=child_a.start_date - DAY)
    child_a.refresh_from_db()
    assert child_a.end_date is None


def test_birth_after_start_of_care_rejected_by_database(group_a):
    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_child(group_a, date_of_birth=today, start_date=today - DAY)
    assert not Child.objects.exists()


def test_mentor_at_another_location_rejected_by_database(group_a, pm_b):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_child(group_a, mentor=pm_b.staff_member)
    assert not Child.objects.exists()


def test_mentor_changed_to_another_location_rejected_by_database(child_a, pm_a, pm_b):
    child_a.mentor = pm_b.staff_member
    with pytest.raises(IntegrityError), transaction.atomic():
        child_a.save()
    child_a.refresh_from_db()
    assert child_a.mentor == pm_a.staff_member


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_mentor_must_be_a_pm(org, group_a, location_a, role):
    boss = make_staff(f"baas_{role}", org, role, [location_a])
    with pytest.raises(IntegrityError), transaction.atomic():
        make_child(group_a, mentor=boss.staff_member)
    assert not Child.objects.exists()


def test_mentor_of_another_organisation_rejected(group_a, outsider):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_child(group_a, mentor=outsider.staff_member)


def test_colleague_at_same_location_can_be_mentor(child_a, pm_a2):
    child_a.mentor = pm_a2.staff_member
    child_a.save()
    child_a.refresh_from_db()
    assert child_a.mentor == pm_a2.staff_member


def test_moving_child_to_group_at_mentors_other_location_rejected(child_a, group_b):
    """The mentor (pm_a) does not work at B: moving the child there needs a new mentor."""
    child_a.group = group_b
    with pytest.raises(IntegrityError), transaction.atomic():
        child_a.save()
    child_a.mentor = None
    child_a.save()
    child_a.refresh_from_db()
    assert child_a.location == group_b.location


# --- location follows the group ---------------------------------------------------------


def test_location_is_always_the_groups(group_a, group_b, location_a, location_b):
    child = Child(
        first_name="Noor",
        last_name="Peters",
        date_of_birth=datetime.date(2023, 5, 1),
        start_date=datetime.date(2024, 1, 8),
        group=group_b,
        location=location_a,  # wrong on purpose: save() corrects it
    )
    child.save()
    child.refresh_from_db()
    assert child.location == location_b

    child.group = group_a
    child.save()
    child.refresh_from_db()
    assert child.location == location_a


@pytest.mark.parametrize("field", ["group", "group_id"])
def test_saving_only_the_group_moves_the_location_too(group_a, group_b, field):
    child = make_child(group_a)
    child.group = group_b
    child.save(update_fields=[field])
    child.refresh_from_db()
    assert child.location == group_b.location


def test_database_refuses_location_other_than_the_groups(child_a, location_b, group_b):
    with pytest.raises(IntegrityError), transaction.atomic():
        Child.objects.filter(pk=child_a.pk).update(location=location_b)
    with pytest.raises(IntegrityError), transaction.atomic():
        Child.objects.filter(pk=child_a.pk).update(group=group_b, mentor=None)
    child_a.refresh_from_db()
    assert child_a.location == child_a.group.location


def test_bulk_created_child_with_wrong_location_refused(group_a, location_b):
    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        Child.objects.bulk_create(
            [
                Child(
                    first_name="Fout",
                    last_name="Locatie",
                    date_of_birth=today - 400 * DAY,
                    start_date=today,
                    group=group_a,
                    location=location_b,
                )
            ]
        )


# --- clean(): the friendly messages next to the field -----------------------------------


def test_clean_accepts_a_valid_child(child_a):
    with translation.override("nl"):
        child_a.full_clean()


def test_clean_date_of_birth_in_future(child_a):
    tomorrow = timezone.localdate() + DAY
    child_a.date_of_birth = tomorrow
    child_a.start_date = tomorrow

    errors = _errors(child_a)

    assert set(errors) == {"date_of_birth"}
    assert errors["date_of_birth"] == [_nl("The date of birth cannot be in the future.")]


def test_clean_start_before_birth(child_a):
    child_a.start_date = child_a.date_of_birth - DAY

    errors = _errors(child_a)

    # One message next to the field, not repeated at the top by the CHECK constraint.
    assert set(errors) == {"start_date"}
    assert NON_FIELD_ERRORS not in errors
    assert errors["start_date"] == [_nl("Care cannot start before the date of birth.")]


def test_clean_end_before_start(child_a):
    child_a.end_date = child_a.start_date - DAY

    errors = _errors(child_a)

    assert set(errors) == {"end_date"}
    assert errors["end_date"] == [_nl("The end of care cannot be before the start.")]


@pytest.mark.parametrize("mentor", ["pm_b", "manager_a", "outsider"])
def test_clean_wrong_mentor(request, child_a, mentor):
    child_a.mentor = request.getfixturevalue(mentor).staff_member

    errors = _errors(child_a)

    assert set(errors) == {"mentor"}
    assert errors["mentor"] == [
        _nl("The mentor must be a pedagogical staff member of the child's location.")
    ]


def test_clean_on_a_new_child(group_a, pm_a):
    """A new child (as in a form) is validated before save() has set its location."""
    child = Child(
        first_name="Nieuw",
        last_name="Kind",
        date_of_birth=timezone.localdate() - 500 * DAY,
        start_date=timezone.localdate(),
        group=group_a,
        mentor=pm_a.staff_member,
    )
    child.full_clean()
    child.save()
    assert child.location == group_a.location


# --- small behaviour --------------------------------------------------------------------


def test_age_on():
    child = Child(date_of_birth=datetime.date(2022, 3, 15))
    assert child.age_on(datetime.date(2022, 3, 15)) == (0, 0)
    assert child.age_on(datetime.date(2022, 4, 14)) == (0, 0)
    assert child.age_on(datetime.date(2022, 4, 15)) == (0, 1)
    assert child.age_on(datetime.date(2025, 3, 14)) == (2, 11)
    assert child.age_on(datetime.date(2025, 3, 15)) == (3, 0)
    assert child.age_on(datetime.date(2021, 1, 1)) == (0, 0)


def test_in_care(group_a):
    today = timezone.localdate()
    current = make_child(group_a)
    leaving_today = make_child(group_a, end_date=today)
    make_child(group_a, end_date=today - DAY)
    make_child(group_a, date_of_birth=today - 300 * DAY, start_date=today + DAY)
    assert set(Child.objects.in_care()) == {current, leaving_today}


def test_search_name_needs_every_word(group_a, location_a):
    emma = make_child(group_a, first_name="Emma", last_name="de Vries")
    make_child(make_group(location_a, "Vlinders"), first_name="Emma", last_name="Jansen")
    assert list(Child.objects.search_name("vries EMMA")) == [emma]
    assert Child.objects.search_name("emma").count() == 2
