# ruff: noqa: S608 - every statement here is built from this module's own constants, no input.
"""Totals for the manager's overview, kept up to date by the database itself.

The overview must answer for a whole chain (a million conversations) in a fraction of
a second, so it never aggregates the conversations. It reads:

- ``DayTotal``: per location, local day and kind the number of conversations, of
  scored ones with the sum of their scores (in tenths), and of escalated-or-ended-early
  ones;
- ``DayTipTotal``: per location, local day and tip the number and sum of the levels
  given (n.v.t. left out);
- ``Child.last_talk_at``: the child's latest conversation;
- ``Parent.last_handover_at`` / ``last_sit_down_at``: the parent's latest door talk and
  latest other talk;
- ``FollowUp.location``: the conversation's location, guarded here.

Database triggers (SQLite and PostgreSQL alike) maintain them on every write, whatever
path it takes: the services, the admin, queryset deletes and updates, cascades (family
erasure, ``purge_expired``), ``bulk_create``, raw SQL. The totals change by deltas
(``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n``), so concurrent writers add
up correctly; the "latest" columns lock their row first and recompute from an index
when a talk goes away or moves. Rows that fall to zero stay; reads sum them.

Not covered: ``TRUNCATE`` and PostgreSQL's ``session_replication_role = replica``
(triggers off). After either, or after a restore, run ``manage.py rebuild_rollups``,
which recomputes everything from the conversations (``--check`` compares only).

SQLite cannot convert time zones, so ``Conversation.day`` (the local date) is stored:
the model fills it (also in ``bulk_create``) and a trigger refuses a row whose day is
not the local date of ``occurred_at``. On SQLite that check uses the EU summer-time rule
(last Sunday of March to last Sunday of October, 01:00 UTC), valid from 1996; PostgreSQL
uses its time-zone database.

Mind: SQLite drops a table's triggers when Django rebuilds the table in a migration
(AlterField and friends on gesprekken_conversation, gesprekken_tipscore,
gesprekken_conversation_parents, gesprekken_followup). Such a migration must call
``install_triggers`` again afterwards; the tests in tests/gesprekken/test_rollups.py
fail if it does not.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.conf import settings
from django.db import connection as default_connection
from django.db import transaction

from gesprekken.scoring import HANDOVER_KINDS

TIME_ZONE = "Europe/Amsterdam"

_HANDOVER = ", ".join(f"'{kind}'" for kind in sorted(HANDOVER_KINDS))


def sqlite_local_day(column: str) -> str:
    """SQL for the Dutch calendar date of a UTC datetime column on SQLite."""
    dst_start = f"date({column}, 'start of year', '+2 months', '+24 days', 'weekday 0')"
    dst_end = f"date({column}, 'start of year', '+9 months', '+24 days', 'weekday 0')"
    # Whole seconds: SQLite rounds fractions to milliseconds, and 23:59:59.9996 is not
    # the next day yet.
    return (
        f"date(substr({column}, 1, 19), CASE WHEN {column} >= {dst_start} || ' 01:00:00' "
        f"AND {column} < {dst_end} || ' 01:00:00' THEN '+2 hours' ELSE '+1 hours' END)"
    )


def postgres_local_day(column: str) -> str:
    return f"({column} AT TIME ZONE '{TIME_ZONE}')::date"


def local_day_sql(column: str, vendor: str) -> str:
    return postgres_local_day(column) if vendor == "postgresql" else sqlite_local_day(column)


# --- triggers: PostgreSQL --------------------------------------------------------------------

_PG_FUNCTIONS = [
    """
    CREATE OR REPLACE FUNCTION gesprekken_daytotal_add(
        loc bigint, d date, k varchar, sign integer, score numeric, escalated boolean
    ) RETURNS void AS $$
        INSERT INTO gesprekken_daytotal AS t
            (location_id, day, kind, n, scored_n, score_tenths, escalated_n)
        VALUES (
            loc, d, k, sign,
            CASE WHEN score IS NULL THEN 0 ELSE sign END,
            sign * COALESCE(round(score * 10), 0)::bigint,
            CASE WHEN escalated THEN sign ELSE 0 END
        )
        ON CONFLICT (location_id, day, kind) DO UPDATE SET
            n = t.n + excluded.n,
            scored_n = t.scored_n + excluded.scored_n,
            score_tenths = t.score_tenths + excluded.score_tenths,
            escalated_n = t.escalated_n + excluded.escalated_n
    $$ LANGUAGE sql
    """,
    """
    CREATE OR REPLACE FUNCTION gesprekken_daytiptotal_add(
        conversation bigint, loc bigint, d date, sign integer
    ) RETURNS void AS $$
        INSERT INTO gesprekken_daytiptotal AS t (location_id, day, tip_id, n, level_sum)
        SELECT loc, d, s.tip_id, sign * count(*), sign * sum(s.level)
        FROM gesprekken_tipscore s
        WHERE s.conversation_id = conversation AND s.level IS NOT NULL
        GROUP BY s.tip_id
        ON CONFLICT (location_id, day, tip_id) DO UPDATE SET
            n = t.n + excluded.n, level_sum = t.level_sum + excluded.level_sum
    $$ LANGUAGE sql
    """,
    # The "latest" columns: lock the row first, so that a concurrent writer of the same
    # child or parent waits, and the next statement (a fresh snapshot) sees its talk.
    """
    CREATE OR REPLACE FUNCTION gesprekken_child_talk_seen(child bigint, at timestamptz)
    RETURNS void AS $$
    BEGIN
        PERFORM 1 FROM kinderen_child WHERE id = child FOR NO KEY UPDATE;
        UPDATE kinderen_child SET last_talk_at = at
        WHERE id = child AND (last_talk_at IS NULL OR last_talk_at < at);
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION gesprekken_child_talk_refresh(child bigint)
    RETURNS void AS $$
    DECLARE
        latest timestamptz;
    BEGIN
        PERFORM 1 FROM kinderen_child WHERE id = child FOR NO KEY UPDATE;
        SELECT max(occurred_at) INTO latest FROM gesprekken_conversation WHERE child_id = child;
        UPDATE kinderen_child SET last_talk_at = latest
        WHERE id = child AND last_talk_at IS DISTINCT FROM latest;
    END;
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE OR REPLACE FUNCTION gesprekken_parent_talk_seen(
        parent bigint, at timestamptz, kind varchar
    ) RETURNS void AS $$
    BEGIN
        PERFORM 1 FROM ouders_parent WHERE id = parent FOR NO KEY UPDATE;
        IF kind IN ({_HANDOVER}) THEN
            UPDATE ouders_parent SET last_handover_at = at
            WHERE id = parent AND (last_handover_at IS NULL OR last_handover_at < at);
        ELSE
            UPDATE ouders_parent SET last_sit_down_at = at
            WHERE id = parent AND (last_sit_down_at IS NULL OR last_sit_down_at < at);
        END IF;
    END;
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE OR REPLACE FUNCTION gesprekken_parent_talks_refresh(parents bigint[])
    RETURNS void AS $$
    BEGIN
        IF parents IS NULL THEN
            RETURN;
        END IF;
        PERFORM 1 FROM ouders_parent WHERE id = ANY(parents) ORDER BY id FOR NO KEY UPDATE;
        UPDATE ouders_parent p SET last_handover_at = m.handover, last_sit_down_at = m.sit_down
        FROM (
            SELECT q.id,
                (SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
                 JOIN gesprekken_conversation c ON c.id = l.conversation_id
                 WHERE l.parent_id = q.id AND c.kind IN ({_HANDOVER})) AS handover,
                (SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
                 JOIN gesprekken_conversation c ON c.id = l.conversation_id
                 WHERE l.parent_id = q.id AND c.kind NOT IN ({_HANDOVER})) AS sit_down
            FROM ouders_parent q WHERE q.id = ANY(parents)
        ) m
        WHERE p.id = m.id
          AND (p.last_handover_at IS DISTINCT FROM m.handover
               OR p.last_sit_down_at IS DISTINCT FROM m.sit_down);
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION gesprekken_conversation_rollup() RETURNS trigger AS $$
    DECLARE
        parent_ids bigint[];
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM gesprekken_daytotal_add(NEW.location_id, NEW.day, NEW.kind, 1,
                NEW.score_percentage, NEW.escalated OR NEW.ended_early);
            -- Tip scores and parents written before the conversation (deferred keys).
            PERFORM gesprekken_daytiptotal_add(NEW.id, NEW.location_id, NEW.day, 1);
            PERFORM gesprekken_child_talk_seen(NEW.child_id, NEW.occurred_at);
            SELECT array_agg(parent_id) INTO parent_ids
            FROM gesprekken_conversation_parents WHERE conversation_id = NEW.id;
            PERFORM gesprekken_parent_talks_refresh(parent_ids);
            RETURN NULL;
        END IF;
        IF TG_OP = 'DELETE' THEN
            PERFORM gesprekken_daytotal_add(OLD.location_id, OLD.day, OLD.kind, -1,
                OLD.score_percentage, OLD.escalated OR OLD.ended_early);
            -- Tip scores still there (a raw delete of the conversation first).
            PERFORM gesprekken_daytiptotal_add(OLD.id, OLD.location_id, OLD.day, -1);
            PERFORM gesprekken_child_talk_refresh(OLD.child_id);
            SELECT array_agg(parent_id) INTO parent_ids
            FROM gesprekken_conversation_parents WHERE conversation_id = OLD.id;
            PERFORM gesprekken_parent_talks_refresh(parent_ids);
            RETURN NULL;
        END IF;
        IF (OLD.location_id, OLD.day, OLD.kind, OLD.score_percentage, OLD.escalated,
            OLD.ended_early) IS DISTINCT FROM (NEW.location_id, NEW.day, NEW.kind,
            NEW.score_percentage, NEW.escalated, NEW.ended_early) THEN
            PERFORM gesprekken_daytotal_add(OLD.location_id, OLD.day, OLD.kind, -1,
                OLD.score_percentage, OLD.escalated OR OLD.ended_early);
            PERFORM gesprekken_daytotal_add(NEW.location_id, NEW.day, NEW.kind, 1,
                NEW.score_percentage, NEW.escalated OR NEW.ended_early);
        END IF;
        IF (OLD.location_id, OLD.day) IS DISTINCT FROM (NEW.location_id, NEW.day) THEN
            PERFORM gesprekken_daytiptotal_add(NEW.id, OLD.location_id, OLD.day, -1);
            PERFORM gesprekken_daytiptotal_add(NEW.id, NEW.location_id, NEW.day, 1);
        END IF;
        IF OLD.child_id IS DISTINCT FROM NEW.child_id THEN
            PERFORM gesprekken_child_talk_refresh(least(OLD.child_id, NEW.child_id));
            PERFORM gesprekken_child_talk_refresh(greatest(OLD.child_id, NEW.child_id));
        ELSIF OLD.occurred_at IS DISTINCT FROM NEW.occurred_at THEN
            PERFORM gesprekken_child_talk_refresh(NEW.child_id);
        END IF;
        IF (OLD.kind, OLD.occurred_at) IS DISTINCT FROM (NEW.kind, NEW.occurred_at) THEN
            SELECT array_agg(parent_id) INTO parent_ids
            FROM gesprekken_conversation_parents WHERE conversation_id = NEW.id;
            PERFORM gesprekken_parent_talks_refresh(parent_ids);
        END IF;
        IF OLD.location_id IS DISTINCT FROM NEW.location_id THEN
            UPDATE gesprekken_followup SET location_id = NEW.location_id
            WHERE conversation_id = NEW.id;
        END IF;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION gesprekken_tipscore_rollup() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND (OLD.conversation_id, OLD.tip_id, OLD.level)
            IS NOT DISTINCT FROM (NEW.conversation_id, NEW.tip_id, NEW.level) THEN
            RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.level IS NOT NULL THEN
            INSERT INTO gesprekken_daytiptotal AS t (location_id, day, tip_id, n, level_sum)
            SELECT c.location_id, c.day, OLD.tip_id, -1, -OLD.level
            FROM gesprekken_conversation c WHERE c.id = OLD.conversation_id
            ON CONFLICT (location_id, day, tip_id) DO UPDATE SET
                n = t.n + excluded.n, level_sum = t.level_sum + excluded.level_sum;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.level IS NOT NULL THEN
            INSERT INTO gesprekken_daytiptotal AS t (location_id, day, tip_id, n, level_sum)
            SELECT c.location_id, c.day, NEW.tip_id, 1, NEW.level
            FROM gesprekken_conversation c WHERE c.id = NEW.conversation_id
            ON CONFLICT (location_id, day, tip_id) DO UPDATE SET
                n = t.n + excluded.n, level_sum = t.level_sum + excluded.level_sum;
        END IF;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION gesprekken_conversation_parent_rollup() RETURNS trigger AS $$
    DECLARE
        talk record;
    BEGIN
        IF TG_OP = 'INSERT' THEN
            SELECT kind, occurred_at INTO talk
            FROM gesprekken_conversation WHERE id = NEW.conversation_id;
            IF FOUND THEN
                PERFORM gesprekken_parent_talk_seen(NEW.parent_id, talk.occurred_at, talk.kind);
            END IF;
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM gesprekken_parent_talks_refresh(ARRAY[OLD.parent_id]);
        ELSIF (OLD.conversation_id, OLD.parent_id)
            IS DISTINCT FROM (NEW.conversation_id, NEW.parent_id) THEN
            PERFORM gesprekken_parent_talks_refresh(ARRAY[OLD.parent_id, NEW.parent_id]);
        END IF;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE OR REPLACE FUNCTION gesprekken_conversation_day_guard() RETURNS trigger AS $$
    BEGIN
        IF NEW.day IS DISTINCT FROM {postgres_local_day("NEW.occurred_at")} THEN
            RAISE EXCEPTION 'conversation day must be the local date of occurred_at'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION gesprekken_followup_location_guard() RETURNS trigger AS $$
    BEGIN
        IF NEW.location_id IS DISTINCT FROM (
            SELECT location_id FROM gesprekken_conversation WHERE id = NEW.conversation_id
        ) THEN
            RAISE EXCEPTION 'agreement location must be the location of its conversation'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
]

_PG_TRIGGERS = [
    (
        "gesprekken_conversation_day_guard",
        "gesprekken_conversation",
        "BEFORE INSERT OR UPDATE OF occurred_at, day",
    ),
    (
        "gesprekken_conversation_rollup",
        "gesprekken_conversation",
        "AFTER INSERT OR DELETE OR UPDATE OF "
        "location_id, day, kind, score_percentage, escalated, ended_early, child_id, occurred_at",
    ),
    ("gesprekken_tipscore_rollup", "gesprekken_tipscore", "AFTER INSERT OR DELETE OR UPDATE"),
    (
        "gesprekken_conversation_parent_rollup",
        "gesprekken_conversation_parents",
        "AFTER INSERT OR DELETE OR UPDATE",
    ),
    (
        "gesprekken_followup_location_guard",
        "gesprekken_followup",
        "BEFORE INSERT OR UPDATE OF conversation_id, location_id",
    ),
]

PG_FUNCTION_NAMES = [
    "gesprekken_daytotal_add(bigint, date, varchar, integer, numeric, boolean)",
    "gesprekken_daytiptotal_add(bigint, bigint, date, integer)",
    "gesprekken_child_talk_seen(bigint, timestamptz)",
    "gesprekken_child_talk_refresh(bigint)",
    "gesprekken_parent_talk_seen(bigint, timestamptz, varchar)",
    "gesprekken_parent_talks_refresh(bigint[])",
    "gesprekken_conversation_rollup()",
    "gesprekken_tipscore_rollup()",
    "gesprekken_conversation_parent_rollup()",
    "gesprekken_conversation_day_guard()",
    "gesprekken_followup_location_guard()",
]


def _postgres_install() -> list[str]:
    statements = list(_PG_FUNCTIONS)
    for name, table, when in _PG_TRIGGERS:
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        statements.append(
            f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
        )
    return statements


def _postgres_drop() -> list[str]:
    statements = [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table, _ in _PG_TRIGGERS]
    statements += [f"DROP FUNCTION IF EXISTS {signature}" for signature in PG_FUNCTION_NAMES]
    return statements


# --- triggers: SQLite ------------------------------------------------------------------------

_SQLITE_DAYTOTAL = """
    INSERT INTO gesprekken_daytotal
        (location_id, day, kind, n, scored_n, score_tenths, escalated_n)
    VALUES (
        {row}.location_id, {row}.day, {row}.kind, {sign},
        CASE WHEN {row}.score_percentage IS NULL THEN 0 ELSE {sign} END,
        {sign} * COALESCE(CAST(round({row}.score_percentage * 10) AS INTEGER), 0),
        CASE WHEN {row}.escalated OR {row}.ended_early THEN {sign} ELSE 0 END
    )
    ON CONFLICT (location_id, day, kind) DO UPDATE SET
        n = n + excluded.n,
        scored_n = scored_n + excluded.scored_n,
        score_tenths = score_tenths + excluded.score_tenths,
        escalated_n = escalated_n + excluded.escalated_n;
"""
_SQLITE_TIPS_OF_CONVERSATION = """
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
    SELECT {key}.location_id, {key}.day, tip_id, {sign} * count(*), {sign} * sum(level)
    FROM gesprekken_tipscore WHERE conversation_id = {conversation}.id AND level IS NOT NULL
    GROUP BY tip_id
    ON CONFLICT (location_id, day, tip_id) DO UPDATE SET
        n = n + excluded.n, level_sum = level_sum + excluded.level_sum;
"""
_SQLITE_TIP = """
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
    SELECT c.location_id, c.day, {row}.tip_id, {sign}, {sign} * {row}.level
    FROM gesprekken_conversation c
    WHERE c.id = {row}.conversation_id AND {row}.level IS NOT NULL
    ON CONFLICT (location_id, day, tip_id) DO UPDATE SET
        n = n + excluded.n, level_sum = level_sum + excluded.level_sum;
"""
_SQLITE_CHILD_REFRESH = """
    UPDATE kinderen_child SET last_talk_at = (
        SELECT max(occurred_at) FROM gesprekken_conversation WHERE child_id = kinderen_child.id
    ) WHERE id IN ({children});
"""
_SQLITE_PARENTS_REFRESH = f"""
    UPDATE ouders_parent SET
        last_handover_at = (
            SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            WHERE l.parent_id = ouders_parent.id AND c.kind IN ({_HANDOVER})),
        last_sit_down_at = (
            SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            WHERE l.parent_id = ouders_parent.id AND c.kind NOT IN ({_HANDOVER}))
    WHERE id IN ({{parents}});
"""
_LINKED_PARENTS = (
    "SELECT parent_id FROM gesprekken_conversation_parents WHERE conversation_id = {row}.id"
)

_SQLITE_TRIGGERS: dict[str, str] = {
    "gesprekken_conversation_day_guard_insert": f"""
        BEFORE INSERT ON gesprekken_conversation BEGIN
        SELECT RAISE(ABORT, 'conversation day must be the local date of occurred_at')
        WHERE NEW.day IS NOT {sqlite_local_day("NEW.occurred_at")};
        END""",
    "gesprekken_conversation_day_guard_update": f"""
        BEFORE UPDATE OF occurred_at, day ON gesprekken_conversation BEGIN
        SELECT RAISE(ABORT, 'conversation day must be the local date of occurred_at')
        WHERE NEW.day IS NOT {sqlite_local_day("NEW.occurred_at")};
        END""",
    "gesprekken_conversation_rollup_insert": f"""
        AFTER INSERT ON gesprekken_conversation BEGIN
        {_SQLITE_DAYTOTAL.format(row="NEW", sign=1)}
        {_SQLITE_TIPS_OF_CONVERSATION.format(key="NEW", conversation="NEW", sign=1)}
        UPDATE kinderen_child SET last_talk_at = NEW.occurred_at
        WHERE id = NEW.child_id AND (last_talk_at IS NULL OR last_talk_at < NEW.occurred_at);
        {_SQLITE_PARENTS_REFRESH.format(parents=_LINKED_PARENTS.format(row="NEW"))}
        END""",
    "gesprekken_conversation_rollup_delete": f"""
        AFTER DELETE ON gesprekken_conversation BEGIN
        {_SQLITE_DAYTOTAL.format(row="OLD", sign=-1)}
        {_SQLITE_TIPS_OF_CONVERSATION.format(key="OLD", conversation="OLD", sign=-1)}
        {_SQLITE_CHILD_REFRESH.format(children="OLD.child_id")}
        {_SQLITE_PARENTS_REFRESH.format(parents=_LINKED_PARENTS.format(row="OLD"))}
        END""",
    "gesprekken_conversation_rollup_update": f"""
        AFTER UPDATE OF location_id, day, kind, score_percentage, escalated, ended_early
        ON gesprekken_conversation
        WHEN (OLD.location_id, OLD.day, OLD.kind, OLD.score_percentage, OLD.escalated,
              OLD.ended_early) IS NOT (NEW.location_id, NEW.day, NEW.kind,
              NEW.score_percentage, NEW.escalated, NEW.ended_early)
        BEGIN
        {_SQLITE_DAYTOTAL.format(row="OLD", sign=-1)}
        {_SQLITE_DAYTOTAL.format(row="NEW", sign=1)}
        END""",
    "gesprekken_conversation_rollup_move_tips": f"""
        AFTER UPDATE OF location_id, day ON gesprekken_conversation
        WHEN (OLD.location_id, OLD.day) IS NOT (NEW.location_id, NEW.day)
        BEGIN
        {_SQLITE_TIPS_OF_CONVERSATION.format(key="OLD", conversation="NEW", sign=-1)}
        {_SQLITE_TIPS_OF_CONVERSATION.format(key="NEW", conversation="NEW", sign=1)}
        END""",
    "gesprekken_conversation_rollup_child": f"""
        AFTER UPDATE OF child_id, occurred_at ON gesprekken_conversation
        WHEN (OLD.child_id, OLD.occurred_at) IS NOT (NEW.child_id, NEW.occurred_at)
        BEGIN
        {_SQLITE_CHILD_REFRESH.format(children="OLD.child_id, NEW.child_id")}
        END""",
    "gesprekken_conversation_rollup_parents": f"""
        AFTER UPDATE OF kind, occurred_at ON gesprekken_conversation
        WHEN (OLD.kind, OLD.occurred_at) IS NOT (NEW.kind, NEW.occurred_at)
        BEGIN
        {_SQLITE_PARENTS_REFRESH.format(parents=_LINKED_PARENTS.format(row="NEW"))}
        END""",
    "gesprekken_conversation_followup_location": """
        AFTER UPDATE OF location_id ON gesprekken_conversation
        WHEN OLD.location_id IS NOT NEW.location_id
        BEGIN
        UPDATE gesprekken_followup SET location_id = NEW.location_id
        WHERE conversation_id = NEW.id;
        END""",
    "gesprekken_tipscore_rollup_insert": f"""
        AFTER INSERT ON gesprekken_tipscore BEGIN
        {_SQLITE_TIP.format(row="NEW", sign=1)}
        END""",
    "gesprekken_tipscore_rollup_delete": f"""
        AFTER DELETE ON gesprekken_tipscore BEGIN
        {_SQLITE_TIP.format(row="OLD", sign=-1)}
        END""",
    "gesprekken_tipscore_rollup_update": f"""
        AFTER UPDATE ON gesprekken_tipscore
        WHEN (OLD.conversation_id, OLD.tip_id, OLD.level)
            IS NOT (NEW.conversation_id, NEW.tip_id, NEW.level)
        BEGIN
        {_SQLITE_TIP.format(row="OLD", sign=-1)}
        {_SQLITE_TIP.format(row="NEW", sign=1)}
        END""",
    "gesprekken_conversation_parent_rollup_insert": f"""
        AFTER INSERT ON gesprekken_conversation_parents BEGIN
        {_SQLITE_PARENTS_REFRESH.format(parents="NEW.parent_id")}
        END""",
    "gesprekken_conversation_parent_rollup_delete": f"""
        AFTER DELETE ON gesprekken_conversation_parents BEGIN
        {_SQLITE_PARENTS_REFRESH.format(parents="OLD.parent_id")}
        END""",
    "gesprekken_conversation_parent_rollup_update": f"""
        AFTER UPDATE ON gesprekken_conversation_parents BEGIN
        {_SQLITE_PARENTS_REFRESH.format(parents="OLD.parent_id, NEW.parent_id")}
        END""",
    "gesprekken_followup_location_guard_insert": """
        BEFORE INSERT ON gesprekken_followup BEGIN
        SELECT RAISE(ABORT, 'agreement location must be the location of its conversation')
        WHERE NEW.location_id IS NOT (
            SELECT location_id FROM gesprekken_conversation WHERE id = NEW.conversation_id
        );
        END""",
    "gesprekken_followup_location_guard_update": """
        BEFORE UPDATE OF conversation_id, location_id ON gesprekken_followup BEGIN
        SELECT RAISE(ABORT, 'agreement location must be the location of its conversation')
        WHERE NEW.location_id IS NOT (
            SELECT location_id FROM gesprekken_conversation WHERE id = NEW.conversation_id
        );
        END""",
}


def _sqlite_install() -> list[str]:
    statements = []
    for name, body in _SQLITE_TRIGGERS.items():
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(f"CREATE TRIGGER {name} {body}")
    return statements


def _sqlite_drop() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGERS]


def install_triggers(connection=None) -> None:
    """(Re)create the triggers and their functions; idempotent."""
    connection = connection or default_connection
    statements = _postgres_install() if connection.vendor == "postgresql" else _sqlite_install()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_triggers(connection=None) -> None:
    connection = connection or default_connection
    statements = _postgres_drop() if connection.vendor == "postgresql" else _sqlite_drop()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


TRIGGER_TABLES = (
    "gesprekken_conversation",
    "gesprekken_tipscore",
    "gesprekken_conversation_parents",
    "gesprekken_followup",
)


def installed_triggers(connection=None) -> set[str]:
    """The names of the triggers present, to check that no migration dropped them."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                "AND tgrelid = ANY(%s::regclass[])",
                [list(TRIGGER_TABLES)],
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def expected_triggers(connection=None) -> set[str]:
    connection = connection or default_connection
    if connection.vendor == "postgresql":
        return {name for name, _table, _when in _PG_TRIGGERS}
    return set(_SQLITE_TRIGGERS)


# --- recomputing and checking ---------------------------------------------------------------

_RAW_DAY_TOTALS = """
    SELECT location_id, day, kind, count(*) AS n, count(score_percentage) AS scored_n,
        CAST(COALESCE(sum(round(score_percentage * 10)), 0) AS BIGINT) AS score_tenths,
        sum(CASE WHEN escalated OR ended_early THEN 1 ELSE 0 END) AS escalated_n
    FROM gesprekken_conversation GROUP BY location_id, day, kind
"""
_ROLLUP_DAY_TOTALS = """
    SELECT location_id, day, kind, n, scored_n, score_tenths, escalated_n
    FROM gesprekken_daytotal
    WHERE n <> 0 OR scored_n <> 0 OR score_tenths <> 0 OR escalated_n <> 0
"""
_RAW_TIP_TOTALS = """
    SELECT c.location_id, c.day, s.tip_id, count(*) AS n, sum(s.level) AS level_sum
    FROM gesprekken_tipscore s JOIN gesprekken_conversation c ON c.id = s.conversation_id
    WHERE s.level IS NOT NULL
    GROUP BY c.location_id, c.day, s.tip_id
"""
_ROLLUP_TIP_TOTALS = """
    SELECT location_id, day, tip_id, n, level_sum FROM gesprekken_daytiptotal
    WHERE n <> 0 OR level_sum <> 0
"""
_RAW_CHILD_LAST = """
    SELECT ch.id, (SELECT max(c.occurred_at) FROM gesprekken_conversation c
                   WHERE c.child_id = ch.id)
    FROM kinderen_child ch
"""
_CHILD_LAST = "SELECT id, last_talk_at FROM kinderen_child"
_RAW_PARENT_LAST = f"""
    SELECT p.id,
        (SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
         JOIN gesprekken_conversation c ON c.id = l.conversation_id
         WHERE l.parent_id = p.id AND c.kind IN ({_HANDOVER})),
        (SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
         JOIN gesprekken_conversation c ON c.id = l.conversation_id
         WHERE l.parent_id = p.id AND c.kind NOT IN ({_HANDOVER}))
    FROM ouders_parent p
"""
_PARENT_LAST = "SELECT id, last_handover_at, last_sit_down_at FROM ouders_parent"
_RAW_FOLLOWUP_LOCATION = """
    SELECT f.id, c.location_id FROM gesprekken_followup f
    JOIN gesprekken_conversation c ON c.id = f.conversation_id
"""
_FOLLOWUP_LOCATION = "SELECT id, location_id FROM gesprekken_followup"


def _day_checks(vendor: str) -> tuple[str, str]:
    raw = f"SELECT id, {local_day_sql('occurred_at', vendor)} FROM gesprekken_conversation"
    return raw, "SELECT id, day FROM gesprekken_conversation"


def _checks(vendor: str) -> list[tuple[str, str, str]]:
    return [
        ("conversation day", *_day_checks(vendor)),
        ("day totals", _RAW_DAY_TOTALS, _ROLLUP_DAY_TOTALS),
        ("tip totals", _RAW_TIP_TOTALS, _ROLLUP_TIP_TOTALS),
        ("child last talk", _RAW_CHILD_LAST, _CHILD_LAST),
        ("parent last talks", _RAW_PARENT_LAST, _PARENT_LAST),
        ("agreement location", _RAW_FOLLOWUP_LOCATION, _FOLLOWUP_LOCATION),
    ]


def differences(connection=None, *, sample: int = 5) -> dict[str, list[tuple]]:
    """What differs between the kept values and the raw data, per kind of value.

    Each entry lists up to ``sample`` rows as ``("raw", row)`` (what it should be) or
    ``("kept", row)`` (what is stored); an empty dict means everything agrees.
    """
    connection = connection or default_connection
    result: dict[str, list[tuple]] = {}
    with connection.cursor() as cursor:
        for name, raw, kept in _checks(connection.vendor):
            found = []
            for label, left, right in (("raw", raw, kept), ("kept", kept, raw)):
                cursor.execute(
                    f"SELECT * FROM ({left}) a EXCEPT SELECT * FROM ({right}) b LIMIT {int(sample)}"
                )
                found += [(label, tuple(row)) for row in cursor.fetchall()]
            if found:
                result[name] = found
    return result


def _rebuild_statements(vendor: str) -> list[str]:
    statements = []
    if vendor == "postgresql":
        # Writers wait (readers do not) while the totals are recomputed; self-exclusive,
        # so two rebuilds never interleave.
        statements.append(
            "LOCK TABLE gesprekken_conversation, gesprekken_tipscore, "
            "gesprekken_conversation_parents, gesprekken_followup, gesprekken_daytotal, "
            "gesprekken_daytiptotal IN SHARE ROW EXCLUSIVE MODE"
        )
        distinct = "IS DISTINCT FROM"
    else:
        distinct = "IS NOT"
    local_day = local_day_sql("occurred_at", vendor)
    statements += [
        f"UPDATE gesprekken_conversation SET day = {local_day} WHERE day {distinct} {local_day}",
        "UPDATE gesprekken_followup SET location_id = c.location_id "
        "FROM gesprekken_conversation c WHERE c.id = gesprekken_followup.conversation_id "
        f"AND gesprekken_followup.location_id {distinct} c.location_id",
        "DELETE FROM gesprekken_daytotal",
        # In day order: a period's rows then sit together on disk.
        "INSERT INTO gesprekken_daytotal "
        "(location_id, day, kind, n, scored_n, score_tenths, escalated_n) "
        + _RAW_DAY_TOTALS
        + " ORDER BY day, location_id, kind",
        "DELETE FROM gesprekken_daytiptotal",
        "INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum) "
        + _RAW_TIP_TOTALS
        + " ORDER BY c.day, c.location_id, s.tip_id",
        "UPDATE kinderen_child SET last_talk_at = m.latest "
        "FROM (SELECT child_id, max(occurred_at) AS latest FROM gesprekken_conversation "
        "GROUP BY child_id) m "
        f"WHERE m.child_id = kinderen_child.id AND kinderen_child.last_talk_at {distinct} m.latest",
        "UPDATE kinderen_child SET last_talk_at = NULL WHERE last_talk_at IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM gesprekken_conversation c "
        "WHERE c.child_id = kinderen_child.id)",
        f"""
        UPDATE ouders_parent SET last_handover_at = m.handover, last_sit_down_at = m.sit_down
        FROM (
            SELECT l.parent_id,
                max(CASE WHEN c.kind IN ({_HANDOVER}) THEN c.occurred_at END) AS handover,
                max(CASE WHEN c.kind NOT IN ({_HANDOVER}) THEN c.occurred_at END) AS sit_down
            FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            GROUP BY l.parent_id
        ) m
        WHERE m.parent_id = ouders_parent.id
          AND (ouders_parent.last_handover_at {distinct} m.handover
               OR ouders_parent.last_sit_down_at {distinct} m.sit_down)
        """,
        "UPDATE ouders_parent SET last_handover_at = NULL, last_sit_down_at = NULL "
        "WHERE (last_handover_at IS NOT NULL OR last_sit_down_at IS NOT NULL) "
        "AND NOT EXISTS (SELECT 1 FROM gesprekken_conversation_parents l "
        "WHERE l.parent_id = ouders_parent.id)",
    ]
    return statements


def rebuild(connection=None) -> None:
    """Recompute every kept value from the raw data (idempotent; one transaction)."""
    connection = connection or default_connection
    if settings.TIME_ZONE != TIME_ZONE:  # pragma: no cover - a configuration error
        raise RuntimeError(f"The rollups assume TIME_ZONE = {TIME_ZONE!r}.")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in _rebuild_statements(connection.vendor):
            cursor.execute(statement)


@contextlib.contextmanager
def triggers_disabled(connection=None, *, enabled: bool = True) -> Iterator[bool]:
    """PostgreSQL: switch the triggers off for a bulk load; call ``rebuild`` afterwards.

    Use inside a transaction with no pending foreign-key checks (ALTER TABLE refuses
    otherwise); the switch is transactional, so a failed load leaves them on. Yields
    whether they were switched off: never on SQLite, where a bulk load fires them.
    """
    connection = connection or default_connection
    if connection.vendor != "postgresql" or not enabled:
        yield False
        return
    with connection.cursor() as cursor:
        for table in TRIGGER_TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    yield True
    with connection.cursor() as cursor:
        for table in TRIGGER_TABLES:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
