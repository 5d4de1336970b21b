"""Demo conversations for seed_demo: six months of realistic history per organisation.

Deterministic for a given random generator and day. Written through the same
service the app uses, so scores, tip rows and history are exactly as in real use.
"""

from __future__ import annotations

import datetime
import random
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from gesprekken.services import conversation_log
from gesprekken.vocabulary import (
    HANDOVER_KINDS,
    ConversationKind,
    Interpreter,
    OwnStance,
    ParentStance,
    Tone,
    Topic,
)
from kinderen.models import Child
from organisatie.models import CareType, Role, StaffMember
from ouders.models import Language

from .texts import AGREEMENTS, HANDOVER_NOTES, PARENT_VIEWS, SIT_DOWN_TEXT

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
HISTORY_DAYS = 182

# The sit-down kinds this demo logs (no "other": every demo talk has a clear purpose).
DEMO_SIT_DOWN_KINDS = (
    ConversationKind.TEN_MINUTE,
    ConversationKind.EVALUATION,
    ConversationKind.INTAKE,
    ConversationKind.CARE,
    ConversationKind.PHONE,
)
# A note is optional at the door: about one in six is left empty.
HANDOVER_NOTE_SHARE = 5 / 6


def _aware(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)


def _weekday_before(rng: random.Random, today: datetime.date, min_days: int, max_days: int):
    for _ in range(10):
        day = today - datetime.timedelta(days=rng.randint(min_days, max_days))
        if day.weekday() < 5:
            return day
    return day


def _levels(rng: random.Random, *, kind: str, stance: str, skill: float) -> dict[int, int]:
    """Varied checklists as the screens give them (at the door too: every level, "niet"
    included): some incomplete, tips 6 and 8 harder for most of the team."""
    if rng.random() < 0.15:
        return {}
    difficulty = {6: 0.8, 8: 1.0, 3: 0.4, 4: 0.3}
    tips = [1, 5, 6, 9, 10, 2 if kind in HANDOVER_KINDS else 3]
    if stance == ParentStance.TIMID:
        tips.append(7)
    if stance == ParentStance.DOMINANT:
        tips.append(8)
    levels = {}
    for number in tips:
        if rng.random() < 0.2:
            continue  # left open
        raw = rng.gauss(2.2 * skill - difficulty.get(number, 0), 0.8)
        levels[number] = max(0, min(3, round(raw)))
    if kind in HANDOVER_KINDS and levels and rng.random() < 0.3:
        # At the door a reflection is often a tap or two: an incompletely scored talk.
        kept = rng.sample(sorted(levels), min(len(levels), rng.randint(1, 2)))
        levels = {number: levels[number] for number in kept}
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
            kind = rng.choice([ConversationKind.DROP_OFF, ConversationKind.PICK_UP])
            hour = 8 if kind == ConversationKind.DROP_OFF else 17
            present = [rng.choice(parents)]
            note = rng.choice(HANDOVER_NOTES) if rng.random() < HANDOVER_NOTE_SHARE else ""
            _log(
                rng,
                author,
                child,
                {
                    "kind": kind,
                    "occurred_at": _aware(day, hour, rng.randint(0, 45)),
                    "summary": note,
                    "tone": rng.choices([Tone.GOOD, Tone.NEUTRAL, Tone.DIFFICULT], [6, 3, 1])[0],
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


def _log(
    rng: random.Random, author: StaffMember, child: Child, fields: dict[str, Any], **rest: Any
) -> None:
    """Log a demo talk through the service, under a key drawn from the generator."""
    conversation_log(
        author=author,
        child=child,
        idempotency_key=uuid.UUID(int=rng.getrandbits(128)),
        fields=fields,
        **rest,
    )


def _sit_down(rng, child, staffs, parents, today, skill) -> int:
    author = child.mentor if child.mentor else rng.choice(staffs)
    day = _weekday_before(rng, today, 3, HISTORY_DAYS)
    kind = rng.choice(DEMO_SIT_DOWN_KINDS)
    topic = rng.choice(list(SIT_DOWN_TEXT))
    stance = rng.choices(
        [ParentStance.EQUAL, ParentStance.TIMID, ParentStance.DOMINANT], [6, 2, 2]
    )[0]
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
    escalated = stance == ParentStance.DOMINANT and rng.random() < 0.25
    own_stance = rng.choices([OwnStance.BESIDE, OwnStance.UNDER, OwnStance.ABOVE], [6, 2, 2])[0]
    _log(
        rng,
        author,
        child,
        {
            "kind": kind,
            "occurred_at": _aware(day, rng.choice([13, 14, 15, 18]), rng.choice([0, 15, 30])),
            "duration_minutes": duration,
            "topics": [topic],
            "summary": SIT_DOWN_TEXT[topic],
            "parent_view": rng.choice(PARENT_VIEWS),
            "parent_stance": stance,
            "own_stance": own_stance,
            "language": parents[0].preferred_language if needs_interpreter else Language.DUTCH,
            "interpreter": Interpreter.PROFESSIONAL if needs_interpreter else Interpreter.NONE,
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
        Child.objects.filter(
            location__organization=organization, group__care_type=CareType.OUT_OF_SCHOOL
        )
        .exclude(mentor=None)
        .prefetch_related("parent_links__parent")
        .order_by("pk")
        .first()
    )
    if bso_child is None:
        return 0
    angry_day = _weekday_before(random.Random(7), today, 40, 45)
    _article_talk(
        organization,
        bso_child,
        "angry",
        fields={
            "kind": ConversationKind.CARE,
            "occurred_at": _aware(angry_day, 17, 30),
            "duration_minutes": 15,
            "topics": [Topic.BEHAVIOUR],
            "summary": (
                "Ik begon met voorbeelden van het afpakken en kapotmaken van speelgoed. "
                "Ouders herkenden het niet en voelden zich aangevallen; ze gingen boos weg."
            ),
            "parent_view": "Thuis en op school speelt hij lief. 'Het ligt aan jullie.'",
            "parent_stance": ParentStance.DOMINANT,
            "own_stance": OwnStance.ABOVE,
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
        levels={1: 1, 3: 0, 5: 2, 6: 0, 8: 0, 9: 0, 10: 1},
    )
    help_day = _weekday_before(random.Random(8), today, 20, 25)
    _article_talk(
        organization,
        bso_child,
        "help",
        fields={
            "kind": ConversationKind.TEN_MINUTE,
            "occurred_at": _aware(help_day, 17, 15),
            "duration_minutes": 20,
            "topics": [Topic.BEHAVIOUR, Topic.PLAY],
            "summary": (
                "Ik zei dat ik het lastig vond om aan te kaarten, beschreef wat ik zie en vroeg of "
                "ze het herkenden. Samen bedacht wat er op de bso kan veranderen."
            ),
            "parent_view": (
                "Thuis helpt het als hij een eigen hoekje heeft. Ze willen graag meedenken."
            ),
            "parent_stance": ParentStance.EQUAL,
            "own_stance": OwnStance.BESIDE,
            "staff_seconds": 540,
            "parent_seconds": 560,
            "reflection_went_well": "Om hulp vragen maakte het gesprek open.",
            "reflection_next_time": "Over twee weken samen evalueren.",
        },
        levels={1: 3, 3: 3, 5: 3, 6: 3, 9: 3, 10: 3},
        follow_ups=[
            {
                "description": "Eigen rustige speelhoek inrichten op de bso",
                "owner_staff": bso_child.mentor,
                "due_date": help_day + datetime.timedelta(days=14),
            }
        ],
    )
    return 2


def _article_talk(
    organization,
    child: Child,
    name: str,
    *,
    fields: dict,
    levels: dict[int, int],
    follow_ups: list[dict] | tuple = (),
) -> None:
    """One of the article's talks by the child's mentor with all its parents; its key
    follows from the organisation and the name, so it is logged once."""
    _log(
        random.Random(f"{organization.pk}-{name}"),
        child.mentor,
        child,
        fields,
        parents=[link.parent for link in child.parent_links.all()],
        levels=levels,
        follow_ups=follow_ups,
    )
