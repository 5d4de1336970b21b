"""Three years of conversations, a month at a time, in time order, with their rows."""

from __future__ import annotations

import datetime
import json
import time
import uuid

from django.db import transaction

from gesprekken.derived import derive
from gesprekken.models import Conversation, Feedback, FollowUp, TipScore
from gesprekken.scoring import NOT_APPLICABLE, ScoreResult, TipRule, score_conversation
from gesprekken.vocabulary import HANDOVER_KINDS, ConversationKind, Interpreter, ParentStance
from ouders.models import Language

from ..texts import AGREEMENTS, HANDOVER_NOTES, PARENT_VIEWS, SIT_DOWN_TEXT
from .data import (
    FEEDBACK_COLUMNS,
    FEEDBACK_NEXT,
    FEEDBACK_WELL,
    FOLLOWUP_COLUMNS,
    HANDOVER_TIPS,
    KINDS,
    OWN_STANCES,
    REFLECTIONS_NEXT,
    REFLECTIONS_WELL,
    TONES,
    TOPIC_WEIGHTS,
)
from .plan import ChildPlan, Staff, aware, poisson, weighted
from .writer import TableWriter

# Who interprets at a sit-down talk with a family that needs an interpreter.
INTERPRETERS = (
    Interpreter.PROFESSIONAL,
    Interpreter.PROFESSIONAL,
    Interpreter.FAMILY,
    Interpreter.CHILD,
)


class TalkGenerator:
    """The second part of the seeder: the conversations and what hangs off them."""

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
        self.tone = weighted(rng, TONES)
        self.own_stance = weighted(rng, OWN_STANCES)
        writers = {
            # Its columns are the keys of the rows talk() builds.
            "conversation": TableWriter(Conversation),
            "tipscore": TableWriter(
                TipScore, ("id", "conversation_id", "tip_id", "level", "proposed")
            ),
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
                        talks.append(
                            self.talk(child, staff, cal.weekdays[lo], ConversationKind.INTAKE)
                        )
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
        if kind == ConversationKind.DROP_OFF:
            minute = rng.randint(435, 570)
        elif kind == ConversationKind.PICK_UP:
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
            duration = rng.randint(5, 15) if kind == ConversationKind.PHONE else rng.randint(10, 60)
        staff_seconds = parent_seconds = None
        if not handover and kind != ConversationKind.PHONE and rng.random() < 0.25:
            spoken = int(duration * 60 * rng.uniform(0.6, 0.95))
            share = min(0.9, max(0.1, rng.gauss(0.45, 0.12)))
            parent_seconds = int(spoken * share)
            staff_seconds = spoken - parent_seconds
        levels = self.levels(kind, stance, staff.skill[author], staff_seconds is not None)
        # Location, participation, day and score: as the services fill them.
        derived = derive(
            location_id=self.location_ids[child.location],
            occurred_at=occurred,
            kind=kind,
            topics=topics,
            parent_stance=stance,
            staff_seconds=staff_seconds,
            parent_seconds=parent_seconds,
            levels=levels,
            rules=self.rules,
            score=self.score,
        )
        escalated = rng.random() < (0.003 if handover else 0.02)
        ended_early = not handover and rng.random() < 0.01
        interpreter = Interpreter.NONE
        if child.interpreter and not handover:
            interpreter = rng.choice(INTERPRETERS)
        created = min(occurred + datetime.timedelta(minutes=rng.randint(1, 180)), self.now)
        row = {
            "kind": kind,
            "occurred_at": occurred,
            "duration_minutes": duration,
            "topics": self.topics_as_json(topics),
            "topics_other": "",
            "tone": self.tone(),
            "summary": summary,
            "parent_view": parent_view,
            "parent_stance": stance,
            "own_stance": own,
            "language": child.language if not handover or rng.random() < 0.5 else Language.DUTCH,
            "interpreter": interpreter,
            "escalated": escalated,
            "ended_early": ended_early,
            "reflection_went_well": (
                rng.choice(REFLECTIONS_WELL) if not handover and rng.random() < 0.5 else ""
            ),
            "reflection_next_time": (
                rng.choice(REFLECTIONS_NEXT) if not handover and rng.random() < 0.4 else ""
            ),
            "preparation_notes": (
                "Eerst vragen hoe ouders het zien." if not handover and rng.random() < 0.15 else ""
            ),
            "staff_seconds": staff_seconds,
            "parent_seconds": parent_seconds,
            "created_at": created,
            "updated_at": created,
            "version": 1,
            "idempotency_key": uuid.UUID(int=rng.getrandbits(128), version=4),
            "author_id": author,
            "child_id": child.id,
            **derived.columns(),
        }
        co_staff = []
        if not handover and rng.random() < 0.15 and len(pms) > 1:
            colleague = rng.choice(pms)
            if colleague != author:
                co_staff = [colleague]
        follow_ups = self.follow_ups(handover, date, created, author, present)
        feedback = None
        if rng.random() < (0.002 if handover else 0.015):
            feedback = self.feedback(created, staff.manager_of[child.location])
        # The tip-score rows as the services store them: levels of applicable tips, n.v.t.
        # marks, and the meter's proposal marked as proposed.
        stored = [
            (tip.number, None, False)
            if tip.marked_not_applicable
            else (tip.number, tip.level, tip.proposed)
            for tip in (derived.score.tips if derived.score is not None else ())
            if tip.marked_not_applicable or tip.scored
        ]
        return occurred, row, stored, present, co_staff, follow_ups, feedback

    def levels(self, kind: str, stance: str, skill: float, metered: bool) -> dict:
        rng = self.rng
        if kind in HANDOVER_KINDS:
            if rng.random() >= 0.35:
                return {}
            # The reflection at the door: the same four levels as at the table, for one to
            # all six of its tips (fewer than three is an incomplete score).
            chosen = rng.sample(HANDOVER_TIPS, rng.randint(1, len(HANDOVER_TIPS)))
            return {number: max(0, min(3, round(rng.gauss(2.0 * skill, 0.9)))) for number in chosen}
        if rng.random() < 0.2:
            return {}
        difficulty = {6: 0.8, 8: 1.0, 3: 0.4, 4: 0.3}
        numbers = [1, 5, 6, 9, 10]
        if not metered or rng.random() < 0.5:
            numbers.append(3)  # otherwise the meter proposes it
        if stance == ParentStance.TIMID:
            numbers.append(7)
        elif stance == ParentStance.DOMINANT:
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

    def score(
        self,
        *,
        rules: list[TipRule],
        kind: str,
        parent_stance: str | None,
        participation_discussed: bool,
        levels: dict,
        speaking_seconds: tuple[int | None, int | None],
    ) -> ScoreResult:
        """score_conversation, remembered per distinct input (the seeder has one set of
        rules): most talks repeat a few combinations, and scoring a million of them anew
        would take seconds. A measured speaking share is nearly always new: not kept."""
        key = None
        if speaking_seconds == (None, None):
            key = (kind, parent_stance, participation_discussed, tuple(sorted(levels.items())))
            result = self.score_cache.get(key)
            if result is not None:
                return result
        result = score_conversation(
            rules=rules,
            kind=kind,
            parent_stance=parent_stance,
            participation_discussed=participation_discussed,
            levels=levels,
            speaking_seconds=speaking_seconds,
        )
        if key is not None:
            self.score_cache[key] = result
        return result

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
        rows: dict[str, list] = {name: [] for name in writers}
        tip_ids = self.tip_ids
        for _occurred, row, stored, present, co_staff, follow_ups, feedback in talks:
            conversation_id = row["id"] = ids["conversation"]
            ids["conversation"] += 1
            location_id = row["location_id"]
            row_author = row["author_id"]  # the feedback's recipient
            rows["conversation"].append(row)
            for number, level, proposed in stored:
                rows["tipscore"].append(
                    (ids["tipscore"], conversation_id, tip_ids[number], level, proposed)
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
                        location_id,
                    )
                )
                ids["followup"] += 1
            if feedback is not None:
                rows["feedback"].append(
                    (ids["feedback"], *feedback[:5], conversation_id, feedback[5], row_author)
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
