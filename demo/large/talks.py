"""Three years of conversations, a month at a time, in time order, with their rows."""

from __future__ import annotations

import datetime
import json
import time
import uuid

from django.db import transaction

from gesprekken.models import Conversation, Feedback, FollowUp, TipScore
from gesprekken.scoring import HANDOVER_KINDS, NOT_APPLICABLE, score_conversation

from .data import (
    AGREEMENTS,
    AMSTERDAM,
    CONVERSATION_COLUMNS,
    FEEDBACK_COLUMNS,
    FEEDBACK_NEXT,
    FEEDBACK_WELL,
    FOLLOWUP_COLUMNS,
    HANDOVER_NOTES,
    HANDOVER_TIPS,
    KINDS,
    PARENT_VIEWS,
    REFLECTIONS_NEXT,
    REFLECTIONS_WELL,
    SIT_DOWN_TEXT,
    TOPIC_WEIGHTS,
)
from .plan import ChildPlan, Staff, aware, poisson, weighted
from .writer import TableWriter


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
        for occurred, row, levels, present, co_staff, follow_ups, feedback in talks:
            conversation_id = ids["conversation"]
            ids["conversation"] += 1
            location_id = row[-1] = location_ids[row[-1]]
            row_author = row[-3]  # the feedback's recipient
            # Conversation.day: the local date, as LocalDayField fills it.
            rows["conversation"].append(
                (conversation_id, *row, occurred.astimezone(AMSTERDAM).date())
            )
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
