"""A large, believable organisation for the benchmark (``manage.py seed_large``).

Scale 1 is the size of the largest Dutch chains we plan for: 200 locations, 1,200
groups, 20,000 children (a fifth of them already left care, kept for the retention
period), ~35,000 parents and ~1,000,000 conversations over three years, with tip
scores, agreements and coaching feedback, and a few percent of the sit-down talks shared
with the parents in the portal (demo/large/portal.py). The proportions follow real use: far
more handover talks (breng/haal) than sit-down talks, some children and some
pm'ers with many more talks than others, a few quiet families, overdue agreements.

Speed is the point, so nothing goes through the ORM per row: every table is written
with explicit ids, in batches (PostgreSQL ``COPY`` from an in-memory CSV buffer,
``executemany`` on SQLite), a month of conversations at a time in time order (so the
ids grow with ``occurred_at`` as in real life). The derived columns (location, day,
participation, score) come from :func:`gesprekken.derived.derive`, the function the
services fill them with; ``version=1`` and a unique ``idempotency_key`` as a new talk has.

No django-simple-history rows are written: the seeded conversations have no
"created" history entry, which only changes what the history block on a
conversation's page lists (it reads the history table by conversation id).
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable

from django.db import connection, transaction

from gesprekken.models import Conversation, Feedback, FollowUp, Tip, TipScore
from gesprekken.scoring import ScoreResult
from inzicht import rollups

from .data import AMSTERDAM, HISTORY_DAYS
from .organisation import OrganisationBuilder
from .plan import Calendar, Plan
from .portal import BENCH_PARENT, PortalBuilder
from .talks import TalkGenerator
from .writer import (
    SEEDED_MODELS,
    TALK_MODELS,
    analyze,
    indexes_built_afterwards,
    next_id,
    reset_sequences,
)

__all__ = ["BENCH_PARENT", "LargeSeeder", "Plan", "analyze"]


class LargeSeeder(OrganisationBuilder, TalkGenerator, PortalBuilder):
    """Builds the whole organisation (``run``), reporting progress through ``log``."""

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
        self.score_cache: dict[tuple, ScoreResult] = {}
        self.topics_json: dict[tuple, str] = {}
        self.counts: dict[str, int] = {}
        self.write_seconds = self.commit_seconds = 0.0
        self.started = time.monotonic()

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
        loaded = TALK_MODELS
        # Inside someone else's transaction (a test) pending foreign-key checks forbid the
        # ALTER TABLEs: load with the indexes in place then.
        fast = not connection.in_atomic_block
        with transaction.atomic():
            # The overview's totals (inzicht/rollups/): recomputed once at the end,
            # far faster than the triggers firing for each of millions of rows.
            with rollups.triggers_disabled(enabled=fast) as disabled:
                with indexes_built_afterwards(loaded, self.log, enabled=fast):
                    self.conversations(children, staff, ids)
            if disabled:
                started = time.monotonic()
                rollups.rebuild()
                self.log(f"  overview totals rebuilt in {time.monotonic() - started:.1f} s")
        reset_sequences(SEEDED_MODELS)
        # The parent portal (#15): shared talks, answers and the bench parent's login.
        started = time.monotonic()
        self.portal(password_hash=password_hash)
        self.log(f"  parent portal rows in {time.monotonic() - started:.1f} s")
        return self.counts
