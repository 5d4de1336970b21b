"""The rules the database keeps, each stated once.

Every trigger (for PostgreSQL and SQLite), the check and the rebuild are generated from
these statements (rules.py). Changing one changes the generated trigger SQL, and
tests/inzicht/test_rollup_migrations.py then fails until a new migration installs it
(``manage.py rollup_migration``).
"""

from __future__ import annotations

from gesprekken.vocabulary import HANDOVER_KINDS, OwnStance

from .rules import Derived, Follow, Latest, Rule, Source, Sum, Table

HANDOVER = ", ".join(f"'{kind}'" for kind in sorted(HANDOVER_KINDS))

CONVERSATION = Table("gesprekken_conversation", "c")

RULES: tuple[Rule, ...] = (
    # SQLite cannot convert time zones, so the local date is stored; the model fills it
    # (also in bulk_create) and the database refuses a row with another.
    Derived(
        name="conversation day",
        table=CONVERSATION,
        column="day",
        value="local_day(c.occurred_at)",
        message="conversation day must be the local date of occurred_at",
    ),
    Derived(
        name="agreement location",
        table=Table("gesprekken_followup", "f"),
        column="location_id",
        follows=Follow("gesprekken_conversation", "location_id", link="conversation_id"),
        message="agreement location must be the location of its conversation",
    ),
    Sum(
        name="day totals",
        table="gesprekken_daytotal",
        source=Source(CONVERSATION),
        keys={"location_id": "c.location_id", "day": "c.day", "kind": "c.kind"},
        values={
            "n": "1",
            "scored_n": "CASE WHEN c.score_percentage IS NULL THEN 0 ELSE 1 END",
            # Only a score complete enough to count (scoring.is_complete, stored by the
            # model) enters the trends: its count and its sum.
            "complete_n": "CASE WHEN c.score_complete THEN 1 ELSE 0 END",
            # Tenths: whole numbers add up exactly on every database.
            "score_tenths": (
                "CASE WHEN c.score_complete"
                " THEN COALESCE(CAST(round(c.score_percentage * 10) AS BIGINT), 0) ELSE 0 END"
            ),
            "escalated_n": "CASE WHEN c.escalated OR c.ended_early THEN 1 ELSE 0 END",
            # The pm'er's own stance: talks where it was noted, and those "naast".
            "stance_n": "CASE WHEN c.own_stance <> '' THEN 1 ELSE 0 END",
            "beside_n": f"CASE WHEN c.own_stance = '{OwnStance.BESIDE}' THEN 1 ELSE 0 END",
        },
        order=("day", "location_id", "kind"),
    ),
    Sum(
        name="tip totals",
        table="gesprekken_daytiptotal",
        # Tip scores may be written before their conversation (deferred keys): the
        # conversation's own insert then counts them.
        source=Source(
            Table("gesprekken_tipscore", "s"),
            joins=(Table("gesprekken_conversation", "c", on="c.id = s.conversation_id"),),
            # n.v.t. left out; only talks whose score is complete enough count per tip.
            where="s.level IS NOT NULL AND c.score_complete",
        ),
        keys={"location_id": "c.location_id", "day": "c.day", "tip_id": "s.tip_id"},
        values={"n": "1", "level_sum": "s.level"},
        order=("day", "location_id", "tip_id"),
    ),
    Latest(
        name="child last talk",
        table="kinderen_child",
        target="c.child_id",
        columns={"last_talk_at": "c.occurred_at"},
        source=Source(CONVERSATION),
    ),
    Latest(
        name="parent last talks",
        table="ouders_parent",
        target="l.parent_id",
        columns={
            "last_handover_at": f"CASE WHEN c.kind IN ({HANDOVER}) THEN c.occurred_at END",
            "last_sit_down_at": f"CASE WHEN c.kind NOT IN ({HANDOVER}) THEN c.occurred_at END",
        },
        source=Source(
            Table("gesprekken_conversation_parents", "l"),
            joins=(Table("gesprekken_conversation", "c", on="c.id = l.conversation_id"),),
        ),
    ),
)
