"""Locations, groups, staff (through the ORM) and families of children and parents."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from kinderen.models import Child
from organisatie.models import Group, Location, StaffMember
from ouders.models import ChildParent, Language, Parent

from .data import (
    AMSTERDAM,
    CHILD_COLUMNS,
    CITIES,
    FIRST_NAMES,
    GROUPS,
    HELPS,
    LANGUAGES,
    LAST_NAMES,
    LINK_COLUMNS,
    LOCATIONS_PER_MANAGER,
    PARENT_COLUMNS,
    PARENT_STANCES,
    PLACES,
    PMS_PER_LOCATION,
)
from .plan import ChildPlan, Staff, weighted
from .writer import TableWriter, next_id


class OrganisationBuilder:
    """The first part of the seeder: everything the conversations are about."""

    location_ids: list[int]
    bench_users: dict[str, StaffMember]

    def structure(self, organization, *, password_hash: str) -> tuple[Staff, list[list[Group]]]:
        """Locations, groups, users and staff through the ORM: a few thousand rows."""
        rng, plan = self.rng, self.plan
        cities = CITIES.split()
        locations = Location.objects.bulk_create(
            Location(
                organization=organization,
                name=f"{PLACES[i % len(PLACES)]} {cities[(i // len(PLACES)) % len(cities)]}"
                + (
                    f" {i // (len(PLACES) * len(cities)) + 1}"
                    if i >= len(PLACES) * len(cities)
                    else ""
                ),
                city=cities[(i // len(PLACES)) % len(cities)],
            )
            for i in range(plan.locations)
        )
        self.location_ids = [location.pk for location in locations]
        groups = Group.objects.bulk_create(
            Group(location=location, name=name, care_type=care_type)
            for location in locations
            for name, care_type, _months, _size in GROUPS
        )
        by_location = [
            groups[i * len(GROUPS) : (i + 1) * len(GROUPS)] for i in range(len(locations))
        ]

        specs = []  # (username, role, location indexes, group indexes)
        for i in range(plan.locations):
            for k in range(PMS_PER_LOCATION):
                name = "bench_pm" if (i, k) == (0, 0) else f"pm{i + 1:03d}-{k + 1}"
                own = [k % len(GROUPS)] + ([(k + 3) % len(GROUPS)] if k < 2 else [])
                specs.append((name, "pm", [i], own))
        for j in range(plan.managers):
            first = j * LOCATIONS_PER_MANAGER
            managed = list(range(first, min(first + LOCATIONS_PER_MANAGER, plan.locations)))
            specs.append((f"manager{j + 1:02d}", "manager", managed, []))
        specs.append(("bench_manager", "manager", [0], []))
        specs.append(("bench_admin", "admin", [], []))

        user_model = get_user_model()
        users = []
        for username, _role, _locations, _groups in specs:
            user = user_model(
                username=username,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                email=f"{username}@grootketen.example.nl",
            )
            # Only the three benchmark users can log in; the others have no usable password.
            user.password = password_hash if username.startswith("bench_") else make_password(None)
            users.append(user)
        user_model.objects.bulk_create(users, batch_size=1000)
        members = StaffMember.objects.bulk_create(
            (
                StaffMember(user=user, organization=organization, role=spec[1])
                for user, spec in zip(users, specs, strict=True)
            ),
            batch_size=1000,
        )
        StaffMember.locations.through.objects.bulk_create(
            (
                StaffMember.locations.through(staffmember=member, location=locations[i])
                for member, spec in zip(members, specs, strict=True)
                for i in spec[2]
            ),
            batch_size=5000,
        )
        StaffMember.groups.through.objects.bulk_create(
            (
                StaffMember.groups.through(staffmember=member, group=by_location[spec[2][0]][g])
                for member, spec in zip(members, specs, strict=True)
                for g in spec[3]
            ),
            batch_size=5000,
        )
        self.bench_users = {
            spec[0]: member
            for member, spec in zip(members, specs, strict=True)
            if spec[0].startswith("bench_")
        }

        staff = Staff()
        pms = [(m, spec) for m, spec in zip(members, specs, strict=True) if spec[1] == "pm"]
        for i in range(plan.locations):
            here = [m.pk for m, spec in pms if spec[2][0] == i]
            # Some pm'ers log far more than others (a long tail).
            weights = [rng.lognormvariate(0, 0.9) for _ in here]
            if i == 0:
                weights[0] = max(weights)  # bench_pm logs a lot
            cum, total = [], 0.0
            for w in weights:
                total += w
                cum.append(total)
            staff.pm_ids.append(here)
            staff.pm_cum_weights.append(cum)
        staff.skill = {m.pk: rng.uniform(0.75, 1.2) for m, _spec in pms}
        managers = [m.pk for m, spec in zip(members, specs, strict=True) if spec[1] == "manager"]
        staff.manager_of = [managers[i // LOCATIONS_PER_MANAGER] for i in range(plan.locations)]
        staff.manager_of[0] = self.bench_users["bench_manager"].pk
        self.counts.update(
            locations=len(locations), groups=len(groups), users=len(users), staff=len(members)
        )
        return staff, by_location

    def families(self, organization, staff: Staff, groups: list[list[Group]]) -> list[ChildPlan]:
        """Children with their parents, a location at a time; siblings share the parents."""
        rng, plan, today = self.rng, self.plan, self.today
        language = weighted(rng, LANGUAGES)
        stance = weighted(rng, PARENT_STANCES)
        group_pick = weighted(rng, [(g, spec[3]) for g, spec in enumerate(GROUPS)])
        child_writer = TableWriter(Child, CHILD_COLUMNS)
        parent_writer = TableWriter(Parent, PARENT_COLUMNS)
        link_writer = TableWriter(ChildParent, LINK_COLUMNS)
        child_id, parent_id, link_id = next_id(Child), next_id(Parent), next_id(ChildParent)
        created = datetime.datetime.combine(today, datetime.time(6), tzinfo=AMSTERDAM)
        plans: list[ChildPlan] = []
        per_location, extra = divmod(plan.children, plan.locations)
        for i in range(plan.locations):
            children, parents, links = [], [], []
            families: list[dict] = []
            for _n in range(per_location + (i < extra)):
                if families and rng.random() < 0.11:
                    family = rng.choice(families[-30:])
                else:
                    surname = rng.choice(LAST_NAMES)
                    lang = language()
                    family = {
                        "surname": surname,
                        "language": lang,
                        "interpreter": lang != Language.DUTCH and rng.random() < 0.35,
                        "stance": stance(),
                        "parents": [],
                    }
                    count = 1 if rng.random() < 0.05 else 3 if rng.random() < 0.03 else 2
                    for p in range(count):
                        first = rng.choice(FIRST_NAMES)
                        helps = rng.choice(HELPS) if rng.random() < 0.25 else ""
                        email = f"ouder{parent_id}@example.nl" if rng.random() < 0.88 else ""
                        parents.append(
                            (
                                parent_id,
                                first,
                                surname if p == 0 or rng.random() < 0.5 else rng.choice(LAST_NAMES),
                                email,
                                f"06 {10_000_000 + parent_id % 89_999_999}",
                                lang,
                                family["interpreter"],
                                helps,
                                created,
                                created,
                                organization.pk,
                            )
                        )
                        family["parents"].append(parent_id)
                        parent_id += 1
                    families.append(family)
                g = group_pick()
                low, high = GROUPS[g][2]
                in_care = rng.random() < 0.78
                anchor = today if in_care else today - datetime.timedelta(days=rng.randint(1, 730))
                born = anchor - datetime.timedelta(days=int(rng.randint(low, high) * 30.44))
                earliest = born + datetime.timedelta(days=min(90, (anchor - born).days // 2))
                start = max(earliest, anchor - datetime.timedelta(days=rng.randint(7, 4 * 365)))
                end = None if in_care else anchor
                if in_care and rng.random() < 0.08:
                    end = today + datetime.timedelta(days=rng.randint(1, 180))
                mentor = rng.choice(staff.pm_ids[i])
                children.append(
                    (
                        child_id,
                        rng.choice(FIRST_NAMES),
                        family["surname"],
                        born,
                        start,
                        end,
                        created,
                        created,
                        groups[i][g].pk,
                        self.location_ids[i],
                        mentor,
                    )
                )
                for position, pid in enumerate(family["parents"]):
                    relationship = (
                        ("moeder", "vader", "pleegouder")[position] if position < 3 else "anders"
                    )
                    links.append(
                        (link_id, relationship, position < 2, position == 0, child_id, pid)
                    )
                    link_id += 1
                quiet = in_care and rng.random() < 0.08
                plans.append(
                    ChildPlan(
                        id=child_id,
                        location=i,
                        start=start.toordinal(),
                        end=min((end or today).toordinal(), self.calendar.last),
                        quiet_from=(
                            today - datetime.timedelta(days=rng.randint(63, 120))
                        ).toordinal()
                        if quiet
                        else self.calendar.last + 1,
                        mentor=mentor,
                        parents=family["parents"],
                        stance=family["stance"],
                        language=family["language"],
                        interpreter=family["interpreter"],
                    )
                )
                child_id += 1
            with transaction.atomic():
                parent_writer.write(parents)
                child_writer.write(children)
                link_writer.write(links)
        self.counts.update(
            children=child_writer.rows_written,
            parents=parent_writer.rows_written,
            child_parent_links=link_writer.rows_written,
        )
        return plans
