"""Demo conversations for seed_demo: six months of realistic history per organisation.

Deterministic for a given random generator and day. Written through the same
service the app uses, so scores, tip rows and history are exactly as in real use.
"""

from __future__ import annotations

import datetime
import random
import uuid
from zoneinfo import ZoneInfo

from gesprekken.services import conversation_log
from kinderen.models import Child
from organisatie.models import Role, StaffMember

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
HISTORY_DAYS = 182

HANDOVER_NOTES = [
    "Vannacht slecht geslapen, mag vandaag eerder slapen.",
    "Heeft goed gegeten en veel buiten gespeeld.",
    "Ouders vertelden over het nieuwe broertje thuis.",
    "Wat verkouden; vader belt als het erger wordt.",
    "Trots verteld over het knutselwerk van vandaag.",
    "Moeder vroeg hoe het wennen gaat; gerustgesteld.",
    "Oma haalt vrijdag op, staat in het schrift.",
    "Speelde de hele middag met vriendjes in de zandbak.",
    "Tandjes komen door, was wat hangerig.",
    "Vader vertelde dat het thuis goed gaat met de zindelijkheid.",
    "",
    "",
]
SIT_DOWN_SUMMARIES = [
    ("ontwikkeling", "We bespraken de observatie: taal en motoriek ontwikkelen zich goed."),
    ("slapen", "Het slapen op de groep gaat moeizaam; we vergeleken het ritueel thuis en hier."),
    ("eten", "Eten gaat wisselend. Samen gekeken wat thuis werkt."),
    ("wennen", "Evaluatie na de wenperiode: meer vertrouwd, afscheid gaat beter."),
    ("gedrag", "Bespraken het afpakken van speelgoed; ouders herkennen het deels van thuis."),
    ("ouderparticipatie", "Gevraagd of ouders willen meedenken over het zomerfeest."),
    ("school", "Overgang naar de basisschool besproken; warme overdracht alleen met toestemming."),
    ("gezondheid", "Allergie besproken; afspraken over het eten op de groep vastgelegd."),
]
PARENT_VIEWS = [
    "Ouders zijn tevreden en herkennen het beeld.",
    "Moeder maakt zich zorgen over het slapen en wil graag meedenken.",
    "Vader vertelt dat het thuis anders gaat en geeft tips.",
    "Ouders vragen of er vaker een foto in de app kan.",
    "Ouders willen graag weten hoe het gaat met vriendjes.",
]
AGREEMENTS = [
    "Slaapritueel van thuis een week proberen op de groep",
    "Over twee weken kort evalueren bij het halen",
    "Ouders nemen eigen knuffel en speendoekje mee",
    "Mentor observeert het spel en koppelt terug",
    "Ouders vragen advies bij het consultatiebureau",
    "Informatie over de oudercommissie meegeven",
]
SIT_DOWN_KINDS = ["tienminutengesprek", "evaluatie", "intake", "zorggesprek", "telefonisch"]


def _aware(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)


def _weekday_before(rng: random.Random, today: datetime.date, min_days: int, max_days: int):
    for _ in range(10):
        day = today - datetime.timedelta(days=rng.randint(min_days, max_days))
        if day.weekday() < 5:
            return day
    return day


def _levels(rng: random.Random, *, kind: str, stance: str, skill: float) -> dict[int, int]:
    """Varied checklists: some incomplete, tips 6 and 8 harder for most of the team."""
    if rng.random() < 0.15:
        return {}
    difficulty = {6: 0.8, 8: 1.0, 3: 0.4, 4: 0.3}
    tips = [1, 5, 6, 9, 10, 2 if kind in ("breng", "haal") else 3]
    if stance == "timide":
        tips.append(7)
    if stance == "dominant":
        tips.append(8)
    levels = {}
    for number in tips:
        if rng.random() < 0.2:
            continue  # left open
        raw = rng.gauss(2.2 * skill - difficulty.get(number, 0), 0.8)
        levels[number] = max(0, min(3, round(raw)))
    return levels


def seed_conversations(*, organization, rng: random.Random, today: datetime.date) -> int:
    staff_by_location: dict[int, list[StaffMember]] = {}
    for staff in (
        StaffMember.objects.filter(organization=organization, role=Role.PM)
        .prefetch_related("locations")
        .order_by("pk")
    ):
        for location in staff.locations.all():
            staff_by_location.setdefault(location.pk, []).append(staff)
    skill = {
        staff.pk: rng.uniform(0.8, 1.2) for staffs in staff_by_location.values() for staff in staffs
    }

    children = list(
        Child.objects.filter(location__organization=organization)
        .prefetch_related("parent_links__parent")
        .order_by("pk")
    )
    count = 0
    for index, child in enumerate(children):
        staffs = staff_by_location.get(child.location_id)
        parents = [link.parent for link in child.parent_links.all()]
        if not staffs or not parents:
            continue
        # About one family in eight has had no logged talk for two months or more.
        quiet = index % 8 == 5
        earliest_gap = 60 if quiet else 1
        for _ in range(rng.randint(2, 6)):
            author = child.mentor if child.mentor and rng.random() < 0.5 else rng.choice(staffs)
            day = _weekday_before(rng, today, earliest_gap, HISTORY_DAYS)
            kind = rng.choice(["breng", "haal"])
            hour = 8 if kind == "breng" else 17
            present = [rng.choice(parents)]
            conversation_log(
                author=author,
                child=child,
                idempotency_key=uuid.UUID(int=rng.getrandbits(128)),
                fields={
                    "kind": kind,
                    "occurred_at": _aware(day, hour, rng.randint(0, 45)),
                    "summary": rng.choice(HANDOVER_NOTES),
                    "tone": rng.choices(["fijn", "neutraal", "lastig"], [6, 3, 1])[0],
                },
                parents=present,
                levels=_levels(rng, kind=kind, stance="", skill=skill[author.pk])
                if rng.random() < 0.5
                else {},
            )
            count += 1
        # Some parents only ever appear at the door; the others had a sit-down talk.
        if rng.random() < 0.55 and not quiet:
            count += _sit_down(rng, child, staffs, parents, today, skill)
    count += _article_examples(organization, today)
    return count


def _sit_down(rng, child, staffs, parents, today, skill) -> int:
    author = child.mentor if child.mentor else rng.choice(staffs)
    day = _weekday_before(rng, today, 3, HISTORY_DAYS)
    kind = rng.choice(SIT_DOWN_KINDS)
    topic, summary = rng.choice(SIT_DOWN_SUMMARIES)
    stance = rng.choices(["gelijkwaardig", "timide", "dominant"], [6, 2, 2])[0]
    duration = rng.choice([10, 15, 20, 30])
    parent_share = rng.uniform(0.2, 0.65)
    talk_seconds = duration * 60 * 0.9
    needs_interpreter = any(p.interpreter_needed for p in parents)
    follow_ups = []
    for _ in range(rng.choice([0, 1, 1, 2])):
        due = day + datetime.timedelta(days=rng.randint(7, 42))
        done = due < today and rng.random() < 0.6
        follow_ups.append(
            {
                "description": rng.choice(AGREEMENTS),
                "owner_staff": author if rng.random() < 0.6 else None,
                "owner_parent": None,
                "due_date": due,
                "done_at": _aware(due, 12, 0) if done else None,
            }
        )
        if follow_ups[-1]["owner_staff"] is None:
            follow_ups[-1]["owner_parent"] = rng.choice(parents)
    escalated = stance == "dominant" and rng.random() < 0.25
    conversation_log(
        author=author,
        child=child,
        idempotency_key=uuid.UUID(int=rng.getrandbits(128)),
        fields={
            "kind": kind,
            "occurred_at": _aware(day, rng.choice([13, 14, 15, 18]), rng.choice([0, 15, 30])),
            "duration_minutes": duration,
            "topics": [topic],
            "summary": summary,
            "parent_view": rng.choice(PARENT_VIEWS),
            "parent_stance": stance,
            "own_stance": rng.choices(["naast", "onder", "boven"], [6, 2, 2])[0],
            "language": parents[0].preferred_language if needs_interpreter else "nl",
            "interpreter": "professioneel" if needs_interpreter else "geen",
            "escalated": escalated,
            "ended_early": escalated and rng.random() < 0.5,
            "staff_seconds": int(talk_seconds * (1 - parent_share)),
            "parent_seconds": int(talk_seconds * parent_share),
            "reflection_went_well": "Goed geluisterd naar de ouders." if rng.random() < 0.5 else "",
            "reflection_next_time": "Eerder om hun tips vragen." if rng.random() < 0.4 else "",
        },
        parents=parents[: rng.choice([1, 2])],
        levels=_levels(rng, kind=kind, stance=stance, skill=skill[author.pk]),
        follow_ups=follow_ups,
    )
    return 1


def _article_examples(organization, today: datetime.date) -> int:
    """The two talks of the article: one opened with an accusation, one asked for help."""
    bso_child = (
        Child.objects.filter(location__organization=organization, group__care_type="bso")
        .exclude(mentor=None)
        .prefetch_related("parent_links__parent")
        .order_by("pk")
        .first()
    )
    if bso_child is None:
        return 0
    parents = [link.parent for link in bso_child.parent_links.all()]
    author = bso_child.mentor
    angry_day = _weekday_before(random.Random(7), today, 40, 45)
    conversation_log(
        author=author,
        child=bso_child,
        idempotency_key=uuid.UUID(int=random.Random(f"{organization.pk}-angry").getrandbits(128)),
        fields={
            "kind": "zorggesprek",
            "occurred_at": _aware(angry_day, 17, 30),
            "duration_minutes": 15,
            "topics": ["gedrag"],
            "summary": (
                "Ik begon met voorbeelden van het afpakken en kapotmaken van speelgoed. "
                "Ouders herkenden het niet en voelden zich aangevallen; ze gingen boos weg."
            ),
            "parent_view": "Thuis en op school speelt hij lief. 'Het ligt aan jullie.'",
            "parent_stance": "dominant",
            "own_stance": "boven",
            "escalated": True,
            "ended_early": True,
            "staff_seconds": 600,
            "parent_seconds": 240,
            "reflection_went_well": "",
            "reflection_next_time": (
                "Niet beginnen met wat er misgaat, maar zeggen dat ik het lastig vind "
                "en om hun hulp vragen."
            ),
        },
        parents=parents,
        levels={1: 1, 3: 0, 5: 2, 6: 0, 8: 0, 9: 0, 10: 1},
    )
    help_day = _weekday_before(random.Random(8), today, 20, 25)
    conversation_log(
        author=author,
        child=bso_child,
        idempotency_key=uuid.UUID(int=random.Random(f"{organization.pk}-help").getrandbits(128)),
        fields={
            "kind": "tienminutengesprek",
            "occurred_at": _aware(help_day, 17, 15),
            "duration_minutes": 20,
            "topics": ["gedrag", "spel"],
            "summary": (
                "Ik zei dat ik het lastig vond om aan te kaarten, beschreef wat ik zie en vroeg of "
                "ze het herkenden. Samen bedacht wat er op de bso kan veranderen."
            ),
            "parent_view": (
                "Thuis helpt het als hij een eigen hoekje heeft. Ze willen graag meedenken."
            ),
            "parent_stance": "gelijkwaardig",
            "own_stance": "naast",
            "staff_seconds": 540,
            "parent_seconds": 560,
            "reflection_went_well": "Om hulp vragen maakte het gesprek open.",
            "reflection_next_time": "Over twee weken samen evalueren.",
        },
        parents=parents,
        levels={1: 3, 3: 3, 5: 3, 6: 3, 9: 3, 10: 3},
        follow_ups=[
            {
                "description": "Eigen rustige speelhoek inrichten op de bso",
                "owner_staff": author,
                "due_date": help_day + datetime.timedelta(days=14),
            }
        ],
    )
    return 2
