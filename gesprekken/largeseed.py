"""A large, believable organisation for the benchmark (``manage.py seed_large``).

Scale 1 is the size of the largest Dutch chains we plan for: 200 locations, 1,200
groups, 20,000 children (a fifth of them already left care, kept for the retention
period), ~35,000 parents and ~1,000,000 conversations over three years, with tip
scores, agreements and coaching feedback. The proportions follow real use: far
more handover talks (breng/haal) than sit-down talks, some children and some
pm'ers with many more talks than others, a few quiet families, overdue agreements.

Speed is the point, so nothing goes through the ORM per row: every table is written
with explicit ids, in batches (PostgreSQL ``COPY`` from an in-memory CSV buffer,
``executemany`` on SQLite), a month of conversations at a time in time order (so the
ids grow with ``occurred_at`` as in real life). The denormalised columns are filled
here exactly as the service fills them: ``location_id`` from the child, the score
from :func:`gesprekken.scoring.score_conversation`, ``participation_discussed``
from the topics, ``version=1``, a unique ``idempotency_key``.

No django-simple-history rows are written: the seeded conversations have no
"created" history entry, which only changes what the history block on a
conversation's page lists (it reads the history table by conversation id).
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import datetime
import io
import json
import math
import random
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import connection, models, transaction
from django.db.models import Max

from kinderen.models import Child
from organisatie.models import Group, Location, StaffMember
from ouders.models import ChildParent, Parent

from .models import Conversation, Feedback, FollowUp, Tip, TipScore
from .scoring import HANDOVER_KINDS, NOT_APPLICABLE, score_conversation

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
BATCH_ROWS = 20_000
HISTORY_DAYS = 3 * 365

# Per unit of scale.
LOCATIONS = 200
CHILDREN = 20_000
CONVERSATIONS = 1_000_000
PMS_PER_LOCATION = 8
LOCATIONS_PER_MANAGER = 5

# (name, care type, youngest and oldest age in months, relative size)
GROUPS = (
    ("Rupsjes", "dagopvang", (3, 24), 12),
    ("Vlinders", "dagopvang", (18, 47), 14),
    ("Dolfijntjes", "dagopvang", (3, 47), 14),
    ("Peuterklas", "peuteropvang", (26, 47), 14),
    ("BSO Ontdekkers", "bso", (50, 90), 22),
    ("BSO Avonturiers", "bso", (80, 150), 24),
)
CITIES = (
    "Amsterdam Utrecht Rotterdam Den-Haag Eindhoven Groningen Tilburg Almere Breda Nijmegen "
    "Apeldoorn Haarlem Arnhem Enschede Amersfoort Zaanstad Den-Bosch Haarlemmermeer Zwolle "
    "Leiden Zoetermeer Leeuwarden Maastricht Dordrecht Ede Alphen Westland Alkmaar Emmen Delft "
    "Venlo Deventer Sittard Helmond Oss Amstelveen Hilversum Sudwest-Fryslan Heerlen Nissewaard"
).replace("-", " ")
PLACES = (
    "Zonnebloem Klaproos Madeliefje Zeester Regenboog Vlinderhof Boomhut Kikkerland Speelark "
    "Uilenest Egelantier Kabouterhuis Zandkasteel Paardenbloem Tuinfluiter Wilgenhof Merel "
    "Lieveheersbeestje Sterrenkijker Piratenschip"
).split()
FIRST_NAMES = (
    "Emma Noah Julia Liam Mila Luca Tess Sem Sophie Lucas Zoë Finn Sara Daan Nora Levi Eva Milan "
    "Yara Jesse Lotte Bram Saar Mees Nina Thijs Fleur Adam Lina Mohamed Amira Yusuf Ayla Omar "
    "Hiba Ilyas Zeynep Emir Elif Kerem Maja Jakub Zofia Oliwer Olena Mykyta Selam Dawit Nour "
    "Rayan Anouk Joost Ingrid Kees Petra Maartje Sanne Fatima Ayse Mustafa Dewi Rohan Priya"
).split()
LAST_NAMES = (
    "de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|"
    "Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|"
    "de Graaf|van der Meer|van der Linden|Kok|Jacobs|de Haan|Vermeulen|van den Heuvel|"
    "Yilmaz|Kaya|Demir|El Amrani|Bouzid|Benali|Nowak|Kowalski|Wiśniewska|Kovalenko|Tesfay|"
    "Haile|Abdi|Martina|Rosario|Pinas|Sewdien|Ramdin|Nguyen|Tran|Silva|Santos|Schmidt"
).split("|")
LANGUAGES = (("nl", 80), ("ar", 4), ("tr", 4), ("pl", 3), ("en", 3), ("uk", 2), ("ti", 1))
HELPS = (
    "voorlezen",
    "koken met de kinderen",
    "de moestuin",
    "muziek maken",
    "knutselen",
    "meegaan met een uitje",
    "verhalen in de eigen taal",
    "klussen in de tuin",
)

HANDOVER_NOTES = (
    "Vannacht slecht geslapen, mag vandaag eerder slapen.",
    "Heeft goed gegeten en veel buiten gespeeld.",
    "Slaapt thuis onrustig sinds de vakantie; vandaag extra rustig slapen.",
    "Wat verkouden; vader belt als het erger wordt.",
    "Trots verteld over het knutselwerk van vandaag.",
    "Moeder vroeg hoe het wennen gaat; gerustgesteld.",
    "Oma haalt vrijdag op, staat in het schrift.",
    "Speelde de hele middag met vriendjes in de zandbak.",
    "Tandjes komen door, was wat hangerig en wilde niet slapen.",
    "Vader vertelde dat het thuis goed gaat met de zindelijkheid.",
    "Kort slapen tussen de middag ging goed.",
    "Moeder vertelde over de logeerpartij bij opa en oma.",
    "Wil graag zelf eten met de lepel; thuis oefenen ze ook.",
    "Was even verdrietig bij het afscheid, daarna snel aan het spelen.",
)
SIT_DOWN_TEXT = {
    "slapen": "Het slapen op de groep gaat moeizaam; we vergeleken het slaapritueel thuis en hier.",
    "eten": "Eten gaat wisselend. Samen gekeken wat thuis werkt en wat wij kunnen proberen.",
    "gezondheid": "Allergie besproken; afspraken over het eten op de groep vastgelegd.",
    "gedrag": "Bespraken het afpakken van speelgoed; ouders herkennen het deels van thuis.",
    "ontwikkeling": "We bespraken de observatie: taal en motoriek ontwikkelen zich goed.",
    "spel": "Speelt graag met een vaste vriend; we zoeken samen naar nieuwe spelletjes.",
    "wennen": "Evaluatie na de wenperiode: meer vertrouwd, afscheid nemen gaat beter.",
    "thuissituatie": "Ouders vertelden over de verhuizing en wat dat thuis betekent.",
    "ouderparticipatie": "Gevraagd of ouders willen meedenken over het zomerfeest.",
    "taal": "Thuis spreken ze twee talen; we bespraken hoe we de taal op de groep stimuleren.",
    "zindelijkheid": "Zindelijkheid: thuis gaat het goed, op de groep nog met een luier.",
    "school": "Overgang naar de basisschool besproken; warme overdracht alleen met toestemming.",
}
TOPIC_WEIGHTS = (
    ("ontwikkeling", 16),
    ("slapen", 12),
    ("eten", 12),
    ("gedrag", 10),
    ("spel", 8),
    ("gezondheid", 8),
    ("wennen", 6),
    ("thuissituatie", 6),
    ("taal", 6),
    ("zindelijkheid", 5),
    ("ouderparticipatie", 6),
    ("school", 5),
)
PARENT_VIEWS = (
    "Ouders zijn tevreden en herkennen het beeld.",
    "Moeder maakt zich zorgen over het slapen en wil graag meedenken.",
    "Vader vertelt dat het thuis anders gaat en geeft tips.",
    "Ouders vragen of er vaker een foto in de app kan.",
    "Ouders willen graag weten hoe het gaat met vriendjes.",
    "Ouders vinden dat hun kind thuis beter eet en vragen wat wij anders doen.",
)
AGREEMENTS = (
    "Slaapritueel van thuis een week proberen op de groep",
    "Over twee weken kort evalueren bij het halen",
    "Ouders nemen eigen knuffel en speendoekje mee",
    "Mentor observeert het spel en koppelt terug",
    "Ouders vragen advies bij het consultatiebureau",
    "Informatie over de oudercommissie meegeven",
    "Dieetlijst bijwerken en in de keuken ophangen",
)
REFLECTIONS_WELL = (
    "Ik heb eerst gevraagd hoe ouders het zien.",
    "Rustig gebleven toen vader boos werd.",
    "Goed doorgevraagd naar wat ouders thuis merken.",
)
REFLECTIONS_NEXT = (
    "Minder zelf praten, meer vragen.",
    "Eerder vertellen wat ik zelf niet weet.",
    "Afspraken concreter maken, met een datum.",
)
FEEDBACK_WELL = ("Mooi hoe je de ouders hebt laten vertellen.", "Duidelijke afspraken gemaakt.")
FEEDBACK_NEXT = ("Vraag ook naar wat goed gaat thuis.", "Vat aan het eind samen.")

# kind, share of all talks (intakes come separately, at the start of care)
KINDS = (
    ("breng", 44.0),
    ("haal", 42.0),
    ("telefonisch", 4.5),
    ("tienminutengesprek", 5.0),
    ("evaluatie", 2.0),
    ("zorggesprek", 1.3),
    ("overig", 1.2),
)
HANDOVER_TIPS = (1, 2, 5, 6, 9, 10)


@dataclass(frozen=True)
class Plan:
    """How many of everything for a scale factor (1 = the largest chain)."""

    scale: float

    @property
    def locations(self) -> int:
        return max(1, round(LOCATIONS * self.scale))

    @property
    def children(self) -> int:
        return max(len(GROUPS) * self.locations, round(CHILDREN * self.scale))

    @property
    def conversations(self) -> int:
        return max(10, round(CONVERSATIONS * self.scale))

    @property
    def managers(self) -> int:
        return math.ceil(self.locations / LOCATIONS_PER_MANAGER)


@dataclass
class ChildPlan:
    id: int
    location: int  # index
    start: int  # day numbers (ordinals)
    end: int  # last day of care (inclusive), or the last day of the history
    quiet_from: int  # no talks from this day on (a quiet family)
    mentor: int
    parents: list[int]
    stance: str  # the parents' usual stance
    language: str
    interpreter: bool
    rate: float = 0.0  # talks per weekday in care


@dataclass
class Staff:
    pm_ids: list[list[int]] = field(default_factory=list)  # per location
    pm_cum_weights: list[list[float]] = field(default_factory=list)
    skill: dict[int, float] = field(default_factory=dict)
    manager_of: list[int] = field(default_factory=list)  # per location: the manager's staff id


class TableWriter:
    """Writes rows (tuples in ``columns`` order) to one model's table in batches.

    Columns the generator does not fill get their model default, so a new field with a
    default does not break the seed; a new required field without one stops it loudly.
    """

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        self.table = model._meta.db_table
        fields = {f.column: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ValueError(f"{self.table} has no column(s) {unknown}")
        self.fields = [fields[c] for c in columns]
        self.extra: list[tuple[models.Field, Callable[[], object]]] = []
        for column, f in fields.items():
            if column in columns:
                continue
            if f.has_default():
                self.extra.append((f, f.get_default))
            elif (
                not f.null and getattr(f, "db_default", models.NOT_PROVIDED) is models.NOT_PROVIDED
            ):
                raise ValueError(
                    f"seed_large does not fill {self.table}.{column}: add it to largeseed.py"
                )
        self.columns = list(columns) + [f.column for f, _make in self.extra]
        self.json_positions = [
            i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)
        ]
        self.rows_written = 0
        self.seconds = 0.0

    def _complete(self, rows: list[tuple]) -> list[tuple]:
        if not self.extra:
            return rows
        return [row + tuple(make() for _f, make in self.extra) for row in rows]

    def write(self, rows: list[tuple]) -> None:
        started = time.monotonic()
        for start in range(0, len(rows), BATCH_ROWS):
            batch = self._complete(rows[start : start + BATCH_ROWS])
            if connection.vendor == "postgresql":
                self._copy(batch)
            else:
                self._insert(batch)
            self.rows_written += len(batch)
        self.seconds += time.monotonic() - started

    def _copy(self, rows: list[tuple]) -> None:
        buffer = io.StringIO()
        # QUOTE_NOTNULL: None becomes an unquoted empty field (NULL), "" a quoted one.
        csv.writer(buffer, quoting=csv.QUOTE_NOTNULL, lineterminator="\n").writerows(rows)
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        sql = (
            f"COPY {connection.ops.quote_name(self.table)} ({columns}) FROM STDIN WITH (FORMAT csv)"
        )
        with connection.cursor() as cursor:
            raw = cursor.cursor
            if hasattr(raw, "copy_expert"):  # psycopg2
                raw.copy_expert(sql, buffer)
            else:  # psycopg 3
                with raw.copy(sql) as copy:
                    copy.write(buffer.getvalue())

    def _insert(self, rows: list[tuple]) -> None:
        all_fields = self.fields + [f for f, _make in self.extra]
        prepared = []
        for row in rows:
            values = list(row)
            for i in self.json_positions:
                values[i] = json.loads(values[i])
            prepared.append(
                tuple(
                    f.get_db_prep_save(value, connection)
                    for f, value in zip(all_fields, values, strict=True)
                )
            )
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        sql = f"INSERT INTO {connection.ops.quote_name(self.table)} ({columns}) VALUES ({marks})"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.executemany(sql, prepared)


@contextlib.contextmanager
def indexes_built_afterwards(
    model_list: Sequence[type[models.Model]], log: Callable[[str], None], *, enabled: bool = True
):
    """PostgreSQL: load without the tables' plain indexes and foreign keys, then build them.

    Building an index over a million sorted rows, and checking a foreign key with one
    join, is several times faster than keeping them up to date row by row. Primary keys
    and unique constraints stay (they guard the data while loading). Run it inside one
    transaction: if the load fails, PostgreSQL's transactional DDL puts everything back.
    """
    if connection.vendor != "postgresql" or not enabled:
        yield
        return
    tables = [model._meta.db_table for model in model_list]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY(%s::regclass[])
              AND NOT EXISTS (
                  SELECT 1 FROM pg_constraint c
                  WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')
              )
            ORDER BY 1
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            FROM pg_constraint
            WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])
            ORDER BY 1, 2
            """,
            [tables],
        )
        foreign_keys = cursor.fetchall()
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quoted} {definition}")
    log(
        f"  {len(indexes)} indexes and {len(foreign_keys)} foreign keys built in "
        f"{time.monotonic() - started:.1f} s"
    )


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def reset_sequences(model_list: Iterable[type[models.Model]]) -> None:
    from django.core.management.color import no_style  # noqa: PLC0415

    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def weighted(rng: random.Random, pairs: Sequence[tuple[object, float]]) -> Callable[[], object]:
    """A fast chooser for fixed weights."""
    values = [v for v, _w in pairs]
    cum = []
    total = 0.0
    for _v, w in pairs:
        total += w
        cum.append(total)

    def choose() -> object:
        return values[bisect.bisect(cum, rng.random() * total)]

    return choose


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def aware(day: datetime.date, minute_of_day: int) -> datetime.datetime:
    return datetime.datetime(
        day.year, day.month, day.day, minute_of_day // 60, minute_of_day % 60, tzinfo=AMSTERDAM
    )


class Calendar:
    """Day numbers of the history window, with fast weekday counting and picking."""

    def __init__(self, first: datetime.date, last: datetime.date) -> None:
        self.first, self.last = first.toordinal(), last.toordinal()
        self.weekdays = [
            n
            for n in range(self.first, self.last + 1)
            if datetime.date.fromordinal(n).weekday() < 5
        ]
        self.dates = {n: datetime.date.fromordinal(n) for n in self.weekdays}

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Positions [lo, hi) in ``weekdays`` of the weekdays from start to end inclusive."""
        return bisect.bisect_left(self.weekdays, start), bisect.bisect_right(self.weekdays, end)

    def months(self) -> list[tuple[int, int]]:
        """(first, last) day numbers of each calendar month in the window."""
        result = []
        day = datetime.date.fromordinal(self.first)
        while day.toordinal() <= self.last:
            following = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
            result.append((day.toordinal(), min(following.toordinal() - 1, self.last)))
            day = following
        return result


class LargeSeeder:
    """Builds the organisation; ``write`` reports progress through ``log``."""

    def __init__(
        self,
        *,
        plan: Plan,
        rng: random.Random,
        today: datetime.date,
        log: Callable[[str], None],
    ) -> None:
        self.plan, self.rng, self.today, self.log = plan, rng, today, log
        self.now = datetime.datetime.now(tz=AMSTERDAM)
        self.calendar = Calendar(
            today - datetime.timedelta(days=HISTORY_DAYS), today - datetime.timedelta(days=1)
        )
        self.tips = list(Tip.objects.standard())
        self.rules = [tip.rule for tip in self.tips]
        self.tip_ids = {tip.number: tip.pk for tip in self.tips}
        self.score_cache: dict[tuple, tuple] = {}
        self.topics_json: dict[tuple, str] = {}
        self.counts: dict[str, int] = {}
        self.write_seconds = self.commit_seconds = 0.0
        self.started = time.monotonic()

    # --- the organisation --------------------------------------------------------------

    def run(self, organization, *, password_hash: str) -> dict[str, int]:
        staff, groups = self.structure(organization, password_hash=password_hash)
        children = self.families(organization, staff, groups)
        self.log(f"  {self.counts['children']:,} children, {self.counts['parents']:,} parents")
        self.plan_rates(children)
        ids = {
            "conversation": next_id(Conversation),
            "tipscore": next_id(TipScore),
            "conversation_parents": next_id(Conversation.parents.through),
            "co_staff": next_id(Conversation.co_staff.through),
            "followup": next_id(FollowUp),
            "feedback": next_id(Feedback),
        }
        loaded = [
            Conversation,
            TipScore,
            Conversation.parents.through,
            Conversation.co_staff.through,
            FollowUp,
            Feedback,
        ]
        # Inside someone else's transaction (a test) pending foreign-key checks forbid the
        # ALTER TABLEs: load with the indexes in place then.
        fast = not connection.in_atomic_block
        with transaction.atomic(), indexes_built_afterwards(loaded, self.log, enabled=fast):
            self.conversations(children, staff, ids)
        reset_sequences(
            [
                Child,
                Parent,
                ChildParent,
                Conversation,
                Conversation.parents.through,
                Conversation.co_staff.through,
                TipScore,
                FollowUp,
                Feedback,
            ]
        )
        return self.counts

    def structure(self, organization, *, password_hash: str) -> tuple[Staff, list[list[Group]]]:
        """Locations, groups, users and staff through the ORM: a few thousand rows."""
        from django.contrib.auth import get_user_model  # noqa: PLC0415
        from django.contrib.auth.hashers import make_password  # noqa: PLC0415

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
        for username, role, _locations, _groups in specs:
            user = user_model(
                username=username,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                email=f"{username}@grootketen.example.nl",
                is_staff=role == "admin",
                is_superuser=role == "admin",
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
        stance = weighted(rng, (("gelijkwaardig", 75), ("timide", 15), ("dominant", 10)))
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
                        "interpreter": lang != "nl" and rng.random() < 0.35,
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

    # --- the conversations -------------------------------------------------------------

    def plan_rates(self, children: list[ChildPlan]) -> None:
        """Spread the conversation budget over the children: skewed, by days in care."""
        rng, cal = self.rng, self.calendar
        weights = []
        intakes = 0
        for child in children:
            lo, hi = cal.span(max(child.start, cal.first), min(child.end, child.quiet_from - 1))
            activity = rng.lognormvariate(0, 0.7)
            weights.append((child, activity, max(0, hi - lo)))
            intakes += child.start >= cal.first
        budget = max(0, self.plan.conversations - intakes)
        total = sum(a * days for _c, a, days in weights) or 1.0
        for child, activity, _days in weights:
            child.rate = budget * activity / total

    def conversations(self, children: list[ChildPlan], staff: Staff, ids: dict[str, int]) -> None:
        rng, cal = self.rng, self.calendar
        self.kind = weighted(rng, KINDS)
        self.topic = weighted(rng, TOPIC_WEIGHTS)
        self.tone = weighted(rng, (("fijn", 60), ("neutraal", 32), ("lastig", 8)))
        self.own_stance = weighted(rng, (("naast", 70), ("onder", 15), ("boven", 10), ("", 5)))
        writers = {
            "conversation": TableWriter(Conversation, CONVERSATION_COLUMNS),
            "tipscore": TableWriter(TipScore, ("id", "conversation_id", "tip_id", "level")),
            "conversation_parents": TableWriter(
                Conversation.parents.through, ("id", "conversation_id", "parent_id")
            ),
            "co_staff": TableWriter(
                Conversation.co_staff.through, ("id", "conversation_id", "staffmember_id")
            ),
            "followup": TableWriter(FollowUp, FOLLOWUP_COLUMNS),
            "feedback": TableWriter(Feedback, FEEDBACK_COLUMNS),
        }
        for month_first, month_last in cal.months():
            talks = []
            for child in children:
                first = max(child.start, month_first)
                last = min(child.end, child.quiet_from - 1, month_last)
                if first > last:
                    continue
                if child.start == first and child.start >= cal.first and rng.random() < 0.9:
                    lo, hi = cal.span(child.start, child.start + 7)
                    if lo < hi:
                        talks.append(self.talk(child, staff, cal.weekdays[lo], "intake"))
                lo, hi = cal.span(first, last)
                for _ in range(poisson(rng, child.rate * (hi - lo)) if hi > lo else 0):
                    day = cal.weekdays[rng.randrange(lo, hi)]
                    talks.append(self.talk(child, staff, day, self.kind()))
            talks.sort(key=lambda talk: talk[0])
            self.write_month(talks, writers, ids)
            self.progress(datetime.date.fromordinal(month_first), len(talks), writers)
        for name, writer in writers.items():
            self.counts[name] = writer.rows_written
        self.log(
            "  time spent: "
            + ", ".join(f"{name} {writer.seconds:.1f} s" for name, writer in writers.items())
            + f"; commits (with the deferred foreign-key checks) {self.commit_seconds:.1f} s"
        )

    def talk(self, child: ChildPlan, staff: Staff, day: int, kind: str) -> tuple:
        """One conversation and its dependent rows, without ids yet."""
        rng = self.rng
        handover = kind in HANDOVER_KINDS
        date = self.calendar.dates[day]
        if kind == "breng":
            minute = rng.randint(435, 570)
        elif kind == "haal":
            minute = rng.randint(960, 1110)
        else:
            minute = rng.randint(540, 990)
        occurred = aware(date, minute)
        pms = staff.pm_ids[child.location]
        mentor_share = 0.3 if handover else 0.75
        if rng.random() < mentor_share:
            author = child.mentor
        else:
            author = rng.choices(pms, cum_weights=staff.pm_cum_weights[child.location])[0]
        parents = child.parents
        if handover:
            roll = rng.random()
            present = [] if roll < 0.05 else parents[:1] if roll < 0.85 else parents[:2]
            if present and len(parents) > 1 and rng.random() < 0.4:
                present = [parents[1]]
        else:
            present = parents[:2] if rng.random() < 0.6 else parents[:1]
        topics: tuple[str, ...] = ()
        if handover:
            if rng.random() < 0.35:
                topics = (self.topic(),)
            summary = rng.choice(HANDOVER_NOTES) if rng.random() < 0.7 else ""
            parent_view = ""
            stance = child.stance if rng.random() < 0.1 else ""
            own = self.own_stance() if rng.random() < 0.1 else ""
            duration = rng.randint(1, 5) if rng.random() < 0.4 else None
        else:
            topics = tuple(sorted({self.topic() for _ in range(rng.randint(1, 3))}))
            summary = " ".join(SIT_DOWN_TEXT[t] for t in topics)
            parent_view = rng.choice(PARENT_VIEWS) if rng.random() < 0.8 else ""
            stance = child.stance if rng.random() < 0.9 else ""
            own = self.own_stance()
            duration = rng.randint(5, 15) if kind == "telefonisch" else rng.randint(10, 60)
        participation = "ouderparticipatie" in topics
        staff_seconds = parent_seconds = None
        if not handover and kind != "telefonisch" and rng.random() < 0.25:
            spoken = int(duration * 60 * rng.uniform(0.6, 0.95))
            share = min(0.9, max(0.1, rng.gauss(0.45, 0.12)))
            parent_seconds = int(spoken * share)
            staff_seconds = spoken - parent_seconds
        levels = self.levels(kind, stance, staff.skill[author], staff_seconds is not None)
        percentage, scored, applicable = self.score(
            kind, stance, participation, levels, staff_seconds, parent_seconds
        )
        escalated = rng.random() < (0.003 if handover else 0.02)
        ended_early = not handover and rng.random() < 0.01
        interpreter = "geen"
        if child.interpreter and not handover:
            interpreter = rng.choice(("professioneel", "professioneel", "familie", "kind"))
        created = min(occurred + datetime.timedelta(minutes=rng.randint(1, 180)), self.now)
        row = [
            kind,
            occurred,
            duration,
            self.topics_as_json(topics),
            "",
            participation,
            self.tone(),
            summary,
            parent_view,
            stance,
            own,
            child.language if not handover or rng.random() < 0.5 else "nl",
            interpreter,
            escalated,
            ended_early,
            rng.choice(REFLECTIONS_WELL) if not handover and rng.random() < 0.5 else "",
            rng.choice(REFLECTIONS_NEXT) if not handover and rng.random() < 0.4 else "",
            "Eerst vragen hoe ouders het zien." if not handover and rng.random() < 0.15 else "",
            staff_seconds,
            parent_seconds,
            percentage,
            scored,
            applicable,
            created,
            created,
            1,
            uuid.UUID(int=rng.getrandbits(128), version=4),
            author,
            child.id,
            child.location,  # replaced by the location id in write_month
        ]
        co_staff = []
        if not handover and rng.random() < 0.15 and len(pms) > 1:
            colleague = rng.choice(pms)
            if colleague != author:
                co_staff = [colleague]
        follow_ups = self.follow_ups(handover, date, created, author, present)
        feedback = None
        if rng.random() < (0.002 if handover else 0.015):
            feedback = self.feedback(created, staff.manager_of[child.location])
        return occurred, row, levels, present, co_staff, follow_ups, feedback

    def levels(self, kind: str, stance: str, skill: float, metered: bool) -> dict:
        rng = self.rng
        if kind in HANDOVER_KINDS:
            if rng.random() >= 0.35:
                return {}
            # The handover form: a ticked tip went fully well, the rest stays open.
            return dict.fromkeys(rng.sample(HANDOVER_TIPS, rng.randint(1, 3)), 3)
        if rng.random() < 0.2:
            return {}
        difficulty = {6: 0.8, 8: 1.0, 3: 0.4, 4: 0.3}
        numbers = [1, 5, 6, 9, 10]
        if not metered or rng.random() < 0.5:
            numbers.append(3)  # otherwise the meter proposes it
        if stance == "timide":
            numbers.append(7)
        elif stance == "dominant":
            numbers.append(8)
        levels: dict[int, object] = {}
        for number in numbers:
            if rng.random() < 0.15:
                continue  # left open
            raw = rng.gauss(2.2 * skill - difficulty.get(number, 0), 0.8)
            levels[number] = max(0, min(3, round(raw)))
        if 6 in levels and rng.random() < 0.03:
            levels[6] = NOT_APPLICABLE
        return levels

    def score(self, kind, stance, participation, levels, staff_seconds, parent_seconds) -> tuple:
        share = None
        if staff_seconds is not None and parent_seconds is not None:
            total = staff_seconds + parent_seconds
            share = parent_seconds / total if total > 0 else None
        key = (
            kind in HANDOVER_KINDS,
            stance,
            participation,
            tuple(sorted(levels.items(), key=lambda item: item[0])),
            share,
        )
        cached = self.score_cache.get(key)
        if cached is None:
            result = score_conversation(
                rules=self.rules,
                kind=kind,
                parent_stance=stance or None,
                participation_discussed=participation,
                levels=levels,
                parent_speaking_share=share,
            )
            cached = (result.percentage, result.scored, result.applicable)
            if share is None:
                self.score_cache[key] = cached
        return cached

    def topics_as_json(self, topics: tuple[str, ...]) -> str:
        text = self.topics_json.get(topics)
        if text is None:
            text = self.topics_json[topics] = json.dumps(list(topics))
        return text

    def follow_ups(self, handover, date, created, author, present) -> list[tuple]:
        rng = self.rng
        if rng.random() >= (0.02 if handover else 0.45):
            return []
        result = []
        for _ in range(1 if handover else rng.randint(1, 2)):
            due = date + datetime.timedelta(days=rng.randint(7, 42)) if rng.random() < 0.9 else None
            owner_staff = owner_parent = None
            roll = rng.random()
            if roll < 0.6:
                owner_staff = author
            elif roll < 0.9 and present:
                owner_parent = present[0]
            done = None
            if due is not None and due < self.today:
                if rng.random() < 0.88:
                    done = aware(due - datetime.timedelta(days=rng.randint(0, 5)), 720)
            elif rng.random() < 0.2:
                done = created + datetime.timedelta(days=rng.randint(1, 6))
            if done is not None:
                done = min(max(done, created), self.now)
            result.append((rng.choice(AGREEMENTS), due, done, created, owner_parent, owner_staff))
        return result

    def feedback(self, created, manager_id) -> tuple:
        rng = self.rng
        given = min(created + datetime.timedelta(days=rng.randint(1, 5)), self.now)
        read = None
        if rng.random() < 0.8:
            read = min(given + datetime.timedelta(days=rng.randint(0, 3)), self.now)
        tip = self.tip_ids[rng.choice((3, 6, 7, 8, 9))] if rng.random() < 0.5 else None
        went_well = rng.choice(FEEDBACK_WELL)
        next_time = rng.choice(FEEDBACK_NEXT) if rng.random() < 0.7 else ""
        return (went_well, next_time, given, read, manager_id, tip)

    def write_month(self, talks: list[tuple], writers: dict, ids: dict[str, int]) -> None:
        rows: dict[str, list[tuple]] = {name: [] for name in writers}
        location_ids = self.location_ids
        tip_ids = self.tip_ids
        for _occurred, row, levels, present, co_staff, follow_ups, feedback in talks:
            conversation_id = ids["conversation"]
            ids["conversation"] += 1
            row[-1] = location_ids[row[-1]]
            rows["conversation"].append((conversation_id, *row))
            for number, level in levels.items():
                rows["tipscore"].append(
                    (
                        ids["tipscore"],
                        conversation_id,
                        tip_ids[number],
                        None if level is NOT_APPLICABLE else level,
                    )
                )
                ids["tipscore"] += 1
            for parent_id in present:
                rows["conversation_parents"].append(
                    (ids["conversation_parents"], conversation_id, parent_id)
                )
                ids["conversation_parents"] += 1
            for staff_id in co_staff:
                rows["co_staff"].append((ids["co_staff"], conversation_id, staff_id))
                ids["co_staff"] += 1
            for description, due, done, created, owner_parent, owner_staff in follow_ups:
                rows["followup"].append(
                    (
                        ids["followup"],
                        description,
                        due,
                        done,
                        created,
                        conversation_id,
                        owner_parent,
                        owner_staff,
                    )
                )
                ids["followup"] += 1
            if feedback is not None:
                rows["feedback"].append(
                    (ids["feedback"], *feedback[:5], conversation_id, feedback[5])
                )
                ids["feedback"] += 1
        started = time.monotonic()
        with transaction.atomic():
            for name, writer in writers.items():
                if rows[name]:
                    writer.write(rows[name])
            before_commit = time.monotonic()
        # Django's foreign keys are deferred: their checks run at the commit.
        self.commit_seconds += time.monotonic() - before_commit
        self.write_seconds += before_commit - started

    def progress(self, month: datetime.date, talks: int, writers: dict) -> None:
        rows = sum(writer.rows_written for writer in writers.values())
        elapsed = time.monotonic() - self.started
        self.log(
            f"  {month:%Y-%m}: {talks:>7,} conversations; {rows:>10,} rows so far, "
            f"{rows / max(elapsed, 0.001):>9,.0f} rows/s"
        )

    location_ids: list[int]


CONVERSATION_COLUMNS = (
    "id",
    "kind",
    "occurred_at",
    "duration_minutes",
    "topics",
    "topics_other",
    "participation_discussed",
    "tone",
    "summary",
    "parent_view",
    "parent_stance",
    "own_stance",
    "language",
    "interpreter",
    "escalated",
    "ended_early",
    "reflection_went_well",
    "reflection_next_time",
    "preparation_notes",
    "staff_seconds",
    "parent_seconds",
    "score_percentage",
    "score_scored",
    "score_applicable",
    "created_at",
    "updated_at",
    "version",
    "idempotency_key",
    "author_id",
    "child_id",
    "location_id",
)
FOLLOWUP_COLUMNS = (
    "id",
    "description",
    "due_date",
    "done_at",
    "created_at",
    "conversation_id",
    "owner_parent_id",
    "owner_staff_id",
)
FEEDBACK_COLUMNS = (
    "id",
    "went_well",
    "next_time",
    "created_at",
    "read_at",
    "author_id",
    "conversation_id",
    "tip_id",
)
CHILD_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "date_of_birth",
    "start_date",
    "end_date",
    "created_at",
    "updated_at",
    "group_id",
    "location_id",
    "mentor_id",
)
PARENT_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "preferred_language",
    "interpreter_needed",
    "likes_to_help_with",
    "created_at",
    "updated_at",
    "organization_id",
)
LINK_COLUMNS = (
    "id",
    "relationship",
    "has_parental_authority",
    "is_primary_contact",
    "child_id",
    "parent_id",
)


def analyze() -> None:
    """Fresh statistics and visibility map, as autovacuum would have left a real database."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return
    tables = [
        model._meta.db_table
        for model in (
            Child,
            Parent,
            ChildParent,
            Conversation,
            Conversation.parents.through,
            Conversation.co_staff.through,
            TipScore,
            FollowUp,
            Feedback,
        )
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")
        cursor.execute("ANALYZE")
