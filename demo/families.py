"""Builds believable demo families and children for seed_demo (deterministic per seed)."""

from __future__ import annotations

import datetime
import random

from django.db import models
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from kinderen.models import Child
from organisatie.models import Group, Organization
from ouders.models import Language, Parent, Relationship

from .data import (
    BACKGROUNDS,
    BSO,
    DAYS_PER_MONTH,
    ENTRY_DAYS,
    FAMILY_KINDS,
    GENERAL_HELPS,
    FamilyPlan,
    GroupSpec,
    ParentPlan,
    SeededStaff,
    _birthday,
    _gendered,
    _slug,
)


class DemoBuilder:
    """Plans families and children in memory; every choice comes from one seeded RNG."""

    def __init__(self, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self.phone_counter = 0
        self.emails: set[str] = set()
        self.child_names: set[tuple[str, str]] = set()
        self.parent_names: set[tuple[str, str]] = set()
        self.used_surnames: set[str] = set()

    def background(self) -> str:
        keys = list(BACKGROUNDS)
        return self.rng.choices(keys, weights=[BACKGROUNDS[k].weight for k in keys])[0]

    def surname(self, key: str) -> str:
        pool = BACKGROUNDS[key].surnames
        fresh = [name for name in pool if name not in self.used_surnames]
        name = self.rng.choice(fresh or pool)
        self.used_surnames.add(name)
        return name

    def parent(self, organization: Organization, key: str, *, female: bool, surname: str) -> Parent:
        rng, background = self.rng, BACKGROUNDS[key]
        last_name = _gendered(surname, female=female)
        for _attempt in range(30):  # two different parents with one name would confuse
            first_name = rng.choice(background.women if female else background.men)
            if (first_name, last_name) not in self.parent_names:
                break
        self.parent_names.add((first_name, last_name))
        language, interpreter = Language.DUTCH.value, False
        if rng.random() < background.home_language:
            language = rng.choice(background.languages)
            interpreter = rng.random() < background.interpreter
        helps = ""
        if rng.random() < 0.3:
            # What a parent brings from home first: a language, a dish, a song.
            own = background.helps and rng.random() < 0.5
            ideas = [rng.choice(background.helps)] if own else []
            ideas += rng.sample([i for i in GENERAL_HELPS if i not in ideas], 2)
            helps = ", ".join(ideas[: 2 if rng.random() < 0.25 else 1])
        self.phone_counter += 1
        email = ""
        if rng.random() < 0.88:
            local = f"{_slug(first_name)}.{_slug(last_name)}"
            email, n = f"{local}@example.nl", 1
            while email in self.emails:
                n += 1
                email = f"{local}{n}@example.nl"
            self.emails.add(email)
        return Parent(
            organization=organization,
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=f"06 0000 {self.phone_counter:04d}",
            preferred_language=language,
            interpreter_needed=interpreter,
            likes_to_help_with=helps,
        )

    def family(self, organization: Organization) -> FamilyPlan:
        rng = self.rng
        key = self.background()
        kind = rng.choices(list(FAMILY_KINDS), weights=list(FAMILY_KINDS.values()))[0]
        if kind in {"couple", "separated"}:
            partner_key = key
            if rng.random() < 0.12:  # a mixed couple
                partner_key = "nederlands" if key != "nederlands" else self.background()
            father_surname = self.surname(key)
            father = self.parent(organization, key, female=False, surname=father_surname)
            own = BACKGROUNDS[partner_key].own_surname + (0.4 if kind == "separated" else 0.0)
            mother_surname = self.surname(partner_key) if rng.random() < own else father_surname
            mother = self.parent(organization, partner_key, female=True, surname=mother_surname)
            child_surname = father_surname if rng.random() < 0.8 else mother_surname
            authority = kind == "couple" or rng.random() < 0.7
            primary = 0 if rng.random() < (0.65 if kind == "couple" else 0.7) else 1
            plans = [
                ParentPlan(mother, Relationship.MOTHER),
                # After a separation the parent the child lives with always keeps gezag.
                ParentPlan(father, Relationship.FATHER, authority or primary == 1),
            ]
            if not authority and primary == 1:
                plans[0].has_parental_authority = False
            return FamilyPlan(plans, primary, child_surname, (key, partner_key))
        if kind in {"single_mother", "single_father"}:
            female = kind == "single_mother"
            surname = self.surname(key)
            relationship = Relationship.MOTHER if female else Relationship.FATHER
            parent = self.parent(organization, key, female=female, surname=surname)
            return FamilyPlan([ParentPlan(parent, relationship)], 0, surname, (key,))
        if kind == "two_mothers":
            surname, co_key = self.surname(key), self.background()
            co_surname = self.surname(co_key)
            plans = [
                ParentPlan(
                    self.parent(organization, key, female=True, surname=surname),
                    Relationship.MOTHER,
                ),
                ParentPlan(
                    self.parent(organization, co_key, female=True, surname=co_surname),
                    Relationship.PARENT,
                ),
            ]
            child_surname = surname if rng.random() < 0.5 else co_surname
            return FamilyPlan(plans, rng.randrange(2), child_surname, (key,))
        # Foster parents care for the child; parental authority stays elsewhere.
        child_key = self.background()
        foster_surname = self.surname(key)
        plans = [
            ParentPlan(
                self.parent(organization, key, female=True, surname=foster_surname),
                Relationship.FOSTER,
                False,
            )
        ]
        if rng.random() < 0.6:
            foster_father = self.parent(organization, key, female=False, surname=foster_surname)
            plans.append(ParentPlan(foster_father, Relationship.FOSTER, False))
        return FamilyPlan(plans, 0, self.surname(child_key), (child_key,))

    def child_name(self, family: FamilyPlan, *, female: bool) -> tuple[str, str]:
        background = BACKGROUNDS[self.rng.choice(family.child_backgrounds)]
        last_name = _gendered(family.child_surname, female=female)
        siblings = {child.first_name for child in family.children}
        for _attempt in range(30):
            first_name = self.rng.choice(background.girls if female else background.boys)
            if first_name not in siblings and (first_name, last_name) not in self.child_names:
                break
        self.child_names.add((first_name, last_name))
        return first_name, last_name

    def age_in_days(self, spec: GroupSpec, taken: list[int]) -> int:
        low, high = (round(m * DAYS_PER_MONTH) for m in spec.months)
        age = self.rng.randint(low, high)
        for _attempt in range(50):  # siblings (not twins) are at least ten months apart
            if all(abs(age - other) >= 300 for other in taken):
                break
            age = self.rng.randint(low, high)
        return age

    def child(
        self,
        family: FamilyPlan,
        group: Group,
        spec: GroupSpec,
        mentors: list[SeededStaff],
        *,
        twin_of: Child | None = None,
        taken_ages: list[int],
    ) -> Child:
        rng, today = self.rng, self.today
        female = rng.random() < 0.5
        first_name, last_name = self.child_name(family, female=female)
        age = (
            (today - twin_of.date_of_birth).days if twin_of else self.age_in_days(spec, taken_ages)
        )
        taken_ages.append(age)
        date_of_birth = today - datetime.timedelta(days=age)
        entry = ENTRY_DAYS[spec.care_type]
        start_date = date_of_birth + datetime.timedelta(
            days=entry + rng.randint(0, age - entry - 7)
        )
        if twin_of:
            start_date = twin_of.start_date
        end_date = None
        if spec.care_type != BSO and age >= round(44 * DAYS_PER_MONTH):
            end_date = _birthday(date_of_birth, 4) - datetime.timedelta(days=1)  # off to school
        elif spec.care_type == BSO and age >= round(144 * DAYS_PER_MONTH):
            end_date = today + datetime.timedelta(days=rng.randint(30, 150))  # secondary school
        child = Child(
            first_name=first_name,
            last_name=last_name,
            date_of_birth=date_of_birth,
            group=group,
            location=group.location,  # bulk_create skips Child.save(), which sets this
            start_date=start_date,
            end_date=end_date,
            mentor=rng.choice([s for s in mentors if group in s.groups] or mentors).member,
        )
        family.children.append(child)
        return child


def _bulk_create(model: type[models.Model], objects: list) -> list:
    """bulk_create, recording history too once the model has it (simple_history)."""
    try:
        get_history_manager_for_model(model)
    except NotHistoricalModelError:
        return model._default_manager.bulk_create(objects)
    return bulk_create_with_history(objects, model, default_change_reason="demo data")
