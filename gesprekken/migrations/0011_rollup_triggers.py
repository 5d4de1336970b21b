"""The triggers that keep the overview's totals, and a first fill (a rebuild).

Frozen: the statements below are the SQL the rollup code produced when this migration
was written, copied here so that editing the rollups later never changes what this
migration does. Later rules reach the databases through later migrations
(inzicht/migrations), which install their own frozen copies.

A later migration that makes Django rebuild one of the trigger tables on SQLite
(gesprekken_conversation, _tipscore, _conversation_parents, _followup) drops the
triggers with it: such a migration must be followed by one that installs them again.
"""

from django.db import migrations

INSTALL = {
    "postgresql": [
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
        """
    CREATE OR REPLACE FUNCTION gesprekken_parent_talk_seen(
        parent bigint, at timestamptz, kind varchar
    ) RETURNS void AS $$
    BEGIN
        PERFORM 1 FROM ouders_parent WHERE id = parent FOR NO KEY UPDATE;
        IF kind IN ('breng', 'haal') THEN
            UPDATE ouders_parent SET last_handover_at = at
            WHERE id = parent AND (last_handover_at IS NULL OR last_handover_at < at);
        ELSE
            UPDATE ouders_parent SET last_sit_down_at = at
            WHERE id = parent AND (last_sit_down_at IS NULL OR last_sit_down_at < at);
        END IF;
    END;
    $$ LANGUAGE plpgsql
    """,
        """
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
                 WHERE l.parent_id = q.id AND c.kind IN ('breng', 'haal')) AS handover,
                (SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
                 JOIN gesprekken_conversation c ON c.id = l.conversation_id
                 WHERE l.parent_id = q.id AND c.kind NOT IN ('breng', 'haal')) AS sit_down
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
        """
    CREATE OR REPLACE FUNCTION gesprekken_conversation_day_guard() RETURNS trigger AS $$
    BEGIN
        IF NEW.day IS DISTINCT FROM (NEW.occurred_at AT TIME ZONE 'Europe/Amsterdam')::date THEN
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
        'DROP TRIGGER IF EXISTS gesprekken_conversation_day_guard ON gesprekken_conversation',
        'CREATE TRIGGER gesprekken_conversation_day_guard BEFORE INSERT OR UPDATE OF occurred_at, day ON gesprekken_conversation FOR EACH ROW EXECUTE FUNCTION gesprekken_conversation_day_guard()',
        'DROP TRIGGER IF EXISTS gesprekken_conversation_rollup ON gesprekken_conversation',
        'CREATE TRIGGER gesprekken_conversation_rollup AFTER INSERT OR DELETE OR UPDATE OF location_id, day, kind, score_percentage, escalated, ended_early, child_id, occurred_at ON gesprekken_conversation FOR EACH ROW EXECUTE FUNCTION gesprekken_conversation_rollup()',
        'DROP TRIGGER IF EXISTS gesprekken_tipscore_rollup ON gesprekken_tipscore',
        'CREATE TRIGGER gesprekken_tipscore_rollup AFTER INSERT OR DELETE OR UPDATE ON gesprekken_tipscore FOR EACH ROW EXECUTE FUNCTION gesprekken_tipscore_rollup()',
        'DROP TRIGGER IF EXISTS gesprekken_conversation_parent_rollup ON gesprekken_conversation_parents',
        'CREATE TRIGGER gesprekken_conversation_parent_rollup AFTER INSERT OR DELETE OR UPDATE ON gesprekken_conversation_parents FOR EACH ROW EXECUTE FUNCTION gesprekken_conversation_parent_rollup()',
        'DROP TRIGGER IF EXISTS gesprekken_followup_location_guard ON gesprekken_followup',
        'CREATE TRIGGER gesprekken_followup_location_guard BEFORE INSERT OR UPDATE OF conversation_id, location_id ON gesprekken_followup FOR EACH ROW EXECUTE FUNCTION gesprekken_followup_location_guard()',
    ],
    "sqlite": [
        'DROP TRIGGER IF EXISTS gesprekken_conversation_day_guard_insert',
        """CREATE TRIGGER gesprekken_conversation_day_guard_insert 
        BEFORE INSERT ON gesprekken_conversation BEGIN
        SELECT RAISE(ABORT, 'conversation day must be the local date of occurred_at')
        WHERE NEW.day IS NOT date(substr(NEW.occurred_at, 1, 19), CASE WHEN NEW.occurred_at >= date(NEW.occurred_at, 'start of year', '+2 months', '+24 days', 'weekday 0') || ' 01:00:00' AND NEW.occurred_at < date(NEW.occurred_at, 'start of year', '+9 months', '+24 days', 'weekday 0') || ' 01:00:00' THEN '+2 hours' ELSE '+1 hours' END);
        END""",
        'DROP TRIGGER IF EXISTS gesprekken_conversation_day_guard_update',
        """CREATE TRIGGER gesprekken_conversation_day_guard_update 
        BEFORE UPDATE OF occurred_at, day ON gesprekken_conversation BEGIN
        SELECT RAISE(ABORT, 'conversation day must be the local date of occurred_at')
        WHERE NEW.day IS NOT date(substr(NEW.occurred_at, 1, 19), CASE WHEN NEW.occurred_at >= date(NEW.occurred_at, 'start of year', '+2 months', '+24 days', 'weekday 0') || ' 01:00:00' AND NEW.occurred_at < date(NEW.occurred_at, 'start of year', '+9 months', '+24 days', 'weekday 0') || ' 01:00:00' THEN '+2 hours' ELSE '+1 hours' END);
        END""",
        'DROP TRIGGER IF EXISTS gesprekken_conversation_rollup_insert',
        """CREATE TRIGGER gesprekken_conversation_rollup_insert 
        AFTER INSERT ON gesprekken_conversation BEGIN
        
    INSERT INTO gesprekken_daytotal
        (location_id, day, kind, n, scored_n, score_tenths, escalated_n)
    VALUES (
        NEW.location_id, NEW.day, NEW.kind, 1,
        CASE WHEN NEW.score_percentage IS NULL THEN 0 ELSE 1 END,
        1 * COALESCE(CAST(round(NEW.score_percentage * 10) AS INTEGER), 0),
        CASE WHEN NEW.escalated OR NEW.ended_early THEN 1 ELSE 0 END
    )
    ON CONFLICT (location_id, day, kind) DO UPDATE SET
        n = n + excluded.n,
        scored_n = scored_n + excluded.scored_n,
        score_tenths = score_tenths + excluded.score_tenths,
        escalated_n = escalated_n + excluded.escalated_n;

        
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
    SELECT NEW.location_id, NEW.day, tip_id, 1 * count(*), 1 * sum(level)
    FROM gesprekken_tipscore WHERE conversation_id = NEW.id AND level IS NOT NULL
    GROUP BY tip_id
    ON CONFLICT (location_id, day, tip_id) DO UPDATE SET
        n = n + excluded.n, level_sum = level_sum + excluded.level_sum;

        UPDATE kinderen_child SET last_talk_at = NEW.occurred_at
        WHERE id = NEW.child_id AND (last_talk_at IS NULL OR last_talk_at < NEW.occurred_at);
        
    UPDATE ouders_parent SET
        last_handover_at = (
            SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            WHERE l.parent_id = ouders_parent.id AND c.kind IN ('breng', 'haal')),
        last_sit_down_at = (
            SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            WHERE l.parent_id = ouders_parent.id AND c.kind NOT IN ('breng', 'haal'))
    WHERE id IN (SELECT parent_id FROM gesprekken_conversation_parents WHERE conversation_id = NEW.id);

        END""",
        'DROP TRIGGER IF EXISTS gesprekken_conversation_rollup_delete',
        """CREATE TRIGGER gesprekken_conversation_rollup_delete 
        AFTER DELETE ON gesprekken_conversation BEGIN
        
    INSERT INTO gesprekken_daytotal
        (location_id, day, kind, n, scored_n, score_tenths, escalated_n)
    VALUES (
        OLD.location_id, OLD.day, OLD.kind, -1,
        CASE WHEN OLD.score_percentage IS NULL THEN 0 ELSE -1 END,
        -1 * COALESCE(CAST(round(OLD.score_percentage * 10) AS INTEGER), 0),
        CASE WHEN OLD.escalated OR OLD.ended_early THEN -1 ELSE 0 END
    )
    ON CONFLICT (location_id, day, kind) DO UPDATE SET
        n = n + excluded.n,
        scored_n = scored_n + excluded.scored_n,
        score_tenths = score_tenths + excluded.score_tenths,
        escalated_n = escalated_n + excluded.escalated_n;

        
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
    SELECT OLD.location_id, OLD.day, tip_id, -1 * count(*), -1 * sum(level)
    FROM gesprekken_tipscore WHERE conversation_id = OLD.id AND level IS NOT NULL
    GROUP BY tip_id
    ON CONFLICT (location_id, day, tip_id) DO UPDATE SET
        n = n + excluded.n, level_sum = level_sum + excluded.level_sum;

        
    UPDATE kinderen_child SET last_talk_at = (
        SELECT max(occurred_at) FROM gesprekken_conversation WHERE child_id = kinderen_child.id
    ) WHERE id IN (OLD.child_id);

        
    UPDATE ouders_parent SET
        last_handover_at = (
            SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            WHERE l.parent_id = ouders_parent.id AND c.kind IN ('breng', 'haal')),
        last_sit_down_at = (
            SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            WHERE l.parent_id = ouders_parent.id AND c.kind NOT IN ('breng', 'haal'))
    WHERE id IN (SELECT parent_id FROM gesprekken_conversation_parents WHERE conversation_id = OLD.id);

        END""",
        'DROP TRIGGER IF EXISTS gesprekken_conversation_rollup_update',
        """CREATE TRIGGER gesprekken_conversation_rollup_update 
        AFTER UPDATE OF location_id, day, kind, score_percentage, escalated, ended_early
        ON gesprekken_conversation
        WHEN (OLD.location_id, OLD.day, OLD.kind, OLD.score_percentage, OLD.escalated,
              OLD.ended_early) IS NOT (NEW.location_id, NEW.day, NEW.kind,
              NEW.score_percentage, NEW.escalated, NEW.ended_early)
        BEGIN
        
    INSERT INTO gesprekken_daytotal
        (location_id, day, kind, n, scored_n, score_tenths, escalated_n)
    VALUES (
        OLD.location_id, OLD.day, OLD.kind, -1,
        CASE WHEN OLD.score_percentage IS NULL THEN 0 ELSE -1 END,
        -1 * COALESCE(CAST(round(OLD.score_percentage * 10) AS INTEGER), 0),
        CASE WHEN OLD.escalated OR OLD.ended_early THEN -1 ELSE 0 END
    )
    ON CONFLICT (location_id, day, kind) DO UPDATE SET
        n = n + excluded.n,
        scored_n = scored_n + excluded.scored_n,
        score_tenths = score_tenths + excluded.score_tenths,
        escalated_n = escalated_n + excluded.escalated_n;

        
    INSERT INTO gesprekken_daytotal
        (location_id, day, kind, n, scored_n, score_tenths, escalated_n)
    VALUES (
        NEW.location_id, NEW.day, NEW.kind, 1,
        CASE WHEN NEW.score_percentage IS NULL THEN 0 ELSE 1 END,
        1 * COALESCE(CAST(round(NEW.score_percentage * 10) AS INTEGER), 0),
        CASE WHEN NEW.escalated OR NEW.ended_early THEN 1 ELSE 0 END
    )
    ON CONFLICT (location_id, day, kind) DO UPDATE SET
        n = n + excluded.n,
        scored_n = scored_n + excluded.scored_n,
        score_tenths = score_tenths + excluded.score_tenths,
        escalated_n = escalated_n + excluded.escalated_n;

        END""",
        'DROP TRIGGER IF EXISTS gesprekken_conversation_rollup_move_tips',
        """CREATE TRIGGER gesprekken_conversation_rollup_move_tips 
        AFTER UPDATE OF location_id, day ON gesprekken_conversation
        WHEN (OLD.location_id, OLD.day) IS NOT (NEW.location_id, NEW.day)
        BEGIN
        
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
    SELECT OLD.location_id, OLD.day, tip_id, -1 * count(*), -1 * sum(level)
    FROM gesprekken_tipscore WHERE conversation_id = NEW.id AND level IS NOT NULL
    GROUP BY tip_id
    ON CONFLICT (location_id, day, tip_id) DO UPDATE SET
        n = n + excluded.n, level_sum = level_sum + excluded.level_sum;

        
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
    SELECT NEW.location_id, NEW.day, tip_id, 1 * count(*), 1 * sum(level)
    FROM gesprekken_tipscore WHERE conversation_id = NEW.id AND level IS NOT NULL
    GROUP BY tip_id
    ON CONFLICT (location_id, day, tip_id) DO UPDATE SET
        n = n + excluded.n, level_sum = level_sum + excluded.level_sum;

        END""",
        'DROP TRIGGER IF EXISTS gesprekken_conversation_rollup_child',
        """CREATE TRIGGER gesprekken_conversation_rollup_child 
        AFTER UPDATE OF child_id, occurred_at ON gesprekken_conversation
        WHEN (OLD.child_id, OLD.occurred_at) IS NOT (NEW.child_id, NEW.occurred_at)
        BEGIN
        
    UPDATE kinderen_child SET last_talk_at = (
        SELECT max(occurred_at) FROM gesprekken_conversation WHERE child_id = kinderen_child.id
    ) WHERE id IN (OLD.child_id, NEW.child_id);

        END""",
        'DROP TRIGGER IF EXISTS gesprekken_conversation_rollup_parents',
        """CREATE TRIGGER gesprekken_conversation_rollup_parents 
        AFTER UPDATE OF kind, occurred_at ON gesprekken_conversation
        WHEN (OLD.kind, OLD.occurred_at) IS NOT (NEW.kind, NEW.occurred_at)
        BEGIN
        
    UPDATE ouders_parent SET
        last_handover_at = (
            SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            WHERE l.parent_id = ouders_parent.id AND c.kind IN ('breng', 'haal')),
        last_sit_down_at = (
            SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            WHERE l.parent_id = ouders_parent.id AND c.kind NOT IN ('breng', 'haal'))
    WHERE id IN (SELECT parent_id FROM gesprekken_conversation_parents WHERE conversation_id = NEW.id);

        END""",
        'DROP TRIGGER IF EXISTS gesprekken_conversation_followup_location',
        """CREATE TRIGGER gesprekken_conversation_followup_location 
        AFTER UPDATE OF location_id ON gesprekken_conversation
        WHEN OLD.location_id IS NOT NEW.location_id
        BEGIN
        UPDATE gesprekken_followup SET location_id = NEW.location_id
        WHERE conversation_id = NEW.id;
        END""",
        'DROP TRIGGER IF EXISTS gesprekken_tipscore_rollup_insert',
        """CREATE TRIGGER gesprekken_tipscore_rollup_insert 
        AFTER INSERT ON gesprekken_tipscore BEGIN
        
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
    SELECT c.location_id, c.day, NEW.tip_id, 1, 1 * NEW.level
    FROM gesprekken_conversation c
    WHERE c.id = NEW.conversation_id AND NEW.level IS NOT NULL
    ON CONFLICT (location_id, day, tip_id) DO UPDATE SET
        n = n + excluded.n, level_sum = level_sum + excluded.level_sum;

        END""",
        'DROP TRIGGER IF EXISTS gesprekken_tipscore_rollup_delete',
        """CREATE TRIGGER gesprekken_tipscore_rollup_delete 
        AFTER DELETE ON gesprekken_tipscore BEGIN
        
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
    SELECT c.location_id, c.day, OLD.tip_id, -1, -1 * OLD.level
    FROM gesprekken_conversation c
    WHERE c.id = OLD.conversation_id AND OLD.level IS NOT NULL
    ON CONFLICT (location_id, day, tip_id) DO UPDATE SET
        n = n + excluded.n, level_sum = level_sum + excluded.level_sum;

        END""",
        'DROP TRIGGER IF EXISTS gesprekken_tipscore_rollup_update',
        """CREATE TRIGGER gesprekken_tipscore_rollup_update 
        AFTER UPDATE ON gesprekken_tipscore
        WHEN (OLD.conversation_id, OLD.tip_id, OLD.level)
            IS NOT (NEW.conversation_id, NEW.tip_id, NEW.level)
        BEGIN
        
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
    SELECT c.location_id, c.day, OLD.tip_id, -1, -1 * OLD.level
    FROM gesprekken_conversation c
    WHERE c.id = OLD.conversation_id AND OLD.level IS NOT NULL
    ON CONFLICT (location_id, day, tip_id) DO UPDATE SET
        n = n + excluded.n, level_sum = level_sum + excluded.level_sum;

        
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
    SELECT c.location_id, c.day, NEW.tip_id, 1, 1 * NEW.level
    FROM gesprekken_conversation c
    WHERE c.id = NEW.conversation_id AND NEW.level IS NOT NULL
    ON CONFLICT (location_id, day, tip_id) DO UPDATE SET
        n = n + excluded.n, level_sum = level_sum + excluded.level_sum;

        END""",
        'DROP TRIGGER IF EXISTS gesprekken_conversation_parent_rollup_insert',
        """CREATE TRIGGER gesprekken_conversation_parent_rollup_insert 
        AFTER INSERT ON gesprekken_conversation_parents BEGIN
        
    UPDATE ouders_parent SET
        last_handover_at = (
            SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            WHERE l.parent_id = ouders_parent.id AND c.kind IN ('breng', 'haal')),
        last_sit_down_at = (
            SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            WHERE l.parent_id = ouders_parent.id AND c.kind NOT IN ('breng', 'haal'))
    WHERE id IN (NEW.parent_id);

        END""",
        'DROP TRIGGER IF EXISTS gesprekken_conversation_parent_rollup_delete',
        """CREATE TRIGGER gesprekken_conversation_parent_rollup_delete 
        AFTER DELETE ON gesprekken_conversation_parents BEGIN
        
    UPDATE ouders_parent SET
        last_handover_at = (
            SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            WHERE l.parent_id = ouders_parent.id AND c.kind IN ('breng', 'haal')),
        last_sit_down_at = (
            SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            WHERE l.parent_id = ouders_parent.id AND c.kind NOT IN ('breng', 'haal'))
    WHERE id IN (OLD.parent_id);

        END""",
        'DROP TRIGGER IF EXISTS gesprekken_conversation_parent_rollup_update',
        """CREATE TRIGGER gesprekken_conversation_parent_rollup_update 
        AFTER UPDATE ON gesprekken_conversation_parents BEGIN
        
    UPDATE ouders_parent SET
        last_handover_at = (
            SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            WHERE l.parent_id = ouders_parent.id AND c.kind IN ('breng', 'haal')),
        last_sit_down_at = (
            SELECT max(c.occurred_at) FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            WHERE l.parent_id = ouders_parent.id AND c.kind NOT IN ('breng', 'haal'))
    WHERE id IN (OLD.parent_id, NEW.parent_id);

        END""",
        'DROP TRIGGER IF EXISTS gesprekken_followup_location_guard_insert',
        """CREATE TRIGGER gesprekken_followup_location_guard_insert 
        BEFORE INSERT ON gesprekken_followup BEGIN
        SELECT RAISE(ABORT, 'agreement location must be the location of its conversation')
        WHERE NEW.location_id IS NOT (
            SELECT location_id FROM gesprekken_conversation WHERE id = NEW.conversation_id
        );
        END""",
        'DROP TRIGGER IF EXISTS gesprekken_followup_location_guard_update',
        """CREATE TRIGGER gesprekken_followup_location_guard_update 
        BEFORE UPDATE OF conversation_id, location_id ON gesprekken_followup BEGIN
        SELECT RAISE(ABORT, 'agreement location must be the location of its conversation')
        WHERE NEW.location_id IS NOT (
            SELECT location_id FROM gesprekken_conversation WHERE id = NEW.conversation_id
        );
        END""",
    ],
}

REBUILD = {
    "postgresql": [
        'LOCK TABLE gesprekken_conversation, gesprekken_tipscore, gesprekken_conversation_parents, gesprekken_followup, gesprekken_daytotal, gesprekken_daytiptotal IN SHARE ROW EXCLUSIVE MODE',
        "UPDATE gesprekken_conversation SET day = (occurred_at AT TIME ZONE 'Europe/Amsterdam')::date WHERE day IS DISTINCT FROM (occurred_at AT TIME ZONE 'Europe/Amsterdam')::date",
        'UPDATE gesprekken_followup SET location_id = c.location_id FROM gesprekken_conversation c WHERE c.id = gesprekken_followup.conversation_id AND gesprekken_followup.location_id IS DISTINCT FROM c.location_id',
        'DELETE FROM gesprekken_daytotal',
        """INSERT INTO gesprekken_daytotal (location_id, day, kind, n, scored_n, score_tenths, escalated_n) 
    SELECT location_id, day, kind, count(*) AS n, count(score_percentage) AS scored_n,
        CAST(COALESCE(sum(round(score_percentage * 10)), 0) AS BIGINT) AS score_tenths,
        sum(CASE WHEN escalated OR ended_early THEN 1 ELSE 0 END) AS escalated_n
    FROM gesprekken_conversation GROUP BY location_id, day, kind
 ORDER BY day, location_id, kind""",
        'DELETE FROM gesprekken_daytiptotal',
        """INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum) 
    SELECT c.location_id, c.day, s.tip_id, count(*) AS n, sum(s.level) AS level_sum
    FROM gesprekken_tipscore s JOIN gesprekken_conversation c ON c.id = s.conversation_id
    WHERE s.level IS NOT NULL
    GROUP BY c.location_id, c.day, s.tip_id
 ORDER BY c.day, c.location_id, s.tip_id""",
        'UPDATE kinderen_child SET last_talk_at = m.latest FROM (SELECT child_id, max(occurred_at) AS latest FROM gesprekken_conversation GROUP BY child_id) m WHERE m.child_id = kinderen_child.id AND kinderen_child.last_talk_at IS DISTINCT FROM m.latest',
        'UPDATE kinderen_child SET last_talk_at = NULL WHERE last_talk_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM gesprekken_conversation c WHERE c.child_id = kinderen_child.id)',
        """
        UPDATE ouders_parent SET last_handover_at = m.handover, last_sit_down_at = m.sit_down
        FROM (
            SELECT l.parent_id,
                max(CASE WHEN c.kind IN ('breng', 'haal') THEN c.occurred_at END) AS handover,
                max(CASE WHEN c.kind NOT IN ('breng', 'haal') THEN c.occurred_at END) AS sit_down
            FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            GROUP BY l.parent_id
        ) m
        WHERE m.parent_id = ouders_parent.id
          AND (ouders_parent.last_handover_at IS DISTINCT FROM m.handover
               OR ouders_parent.last_sit_down_at IS DISTINCT FROM m.sit_down)
        """,
        'UPDATE ouders_parent SET last_handover_at = NULL, last_sit_down_at = NULL WHERE (last_handover_at IS NOT NULL OR last_sit_down_at IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM gesprekken_conversation_parents l WHERE l.parent_id = ouders_parent.id)',
    ],
    "sqlite": [
        "UPDATE gesprekken_conversation SET day = date(substr(occurred_at, 1, 19), CASE WHEN occurred_at >= date(occurred_at, 'start of year', '+2 months', '+24 days', 'weekday 0') || ' 01:00:00' AND occurred_at < date(occurred_at, 'start of year', '+9 months', '+24 days', 'weekday 0') || ' 01:00:00' THEN '+2 hours' ELSE '+1 hours' END) WHERE day IS NOT date(substr(occurred_at, 1, 19), CASE WHEN occurred_at >= date(occurred_at, 'start of year', '+2 months', '+24 days', 'weekday 0') || ' 01:00:00' AND occurred_at < date(occurred_at, 'start of year', '+9 months', '+24 days', 'weekday 0') || ' 01:00:00' THEN '+2 hours' ELSE '+1 hours' END)",
        'UPDATE gesprekken_followup SET location_id = c.location_id FROM gesprekken_conversation c WHERE c.id = gesprekken_followup.conversation_id AND gesprekken_followup.location_id IS NOT c.location_id',
        'DELETE FROM gesprekken_daytotal',
        """INSERT INTO gesprekken_daytotal (location_id, day, kind, n, scored_n, score_tenths, escalated_n) 
    SELECT location_id, day, kind, count(*) AS n, count(score_percentage) AS scored_n,
        CAST(COALESCE(sum(round(score_percentage * 10)), 0) AS BIGINT) AS score_tenths,
        sum(CASE WHEN escalated OR ended_early THEN 1 ELSE 0 END) AS escalated_n
    FROM gesprekken_conversation GROUP BY location_id, day, kind
 ORDER BY day, location_id, kind""",
        'DELETE FROM gesprekken_daytiptotal',
        """INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum) 
    SELECT c.location_id, c.day, s.tip_id, count(*) AS n, sum(s.level) AS level_sum
    FROM gesprekken_tipscore s JOIN gesprekken_conversation c ON c.id = s.conversation_id
    WHERE s.level IS NOT NULL
    GROUP BY c.location_id, c.day, s.tip_id
 ORDER BY c.day, c.location_id, s.tip_id""",
        'UPDATE kinderen_child SET last_talk_at = m.latest FROM (SELECT child_id, max(occurred_at) AS latest FROM gesprekken_conversation GROUP BY child_id) m WHERE m.child_id = kinderen_child.id AND kinderen_child.last_talk_at IS NOT m.latest',
        'UPDATE kinderen_child SET last_talk_at = NULL WHERE last_talk_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM gesprekken_conversation c WHERE c.child_id = kinderen_child.id)',
        """
        UPDATE ouders_parent SET last_handover_at = m.handover, last_sit_down_at = m.sit_down
        FROM (
            SELECT l.parent_id,
                max(CASE WHEN c.kind IN ('breng', 'haal') THEN c.occurred_at END) AS handover,
                max(CASE WHEN c.kind NOT IN ('breng', 'haal') THEN c.occurred_at END) AS sit_down
            FROM gesprekken_conversation_parents l
            JOIN gesprekken_conversation c ON c.id = l.conversation_id
            GROUP BY l.parent_id
        ) m
        WHERE m.parent_id = ouders_parent.id
          AND (ouders_parent.last_handover_at IS NOT m.handover
               OR ouders_parent.last_sit_down_at IS NOT m.sit_down)
        """,
        'UPDATE ouders_parent SET last_handover_at = NULL, last_sit_down_at = NULL WHERE (last_handover_at IS NOT NULL OR last_sit_down_at IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM gesprekken_conversation_parents l WHERE l.parent_id = ouders_parent.id)',
    ],
}

DROP = {
    "postgresql": [
        'DROP TRIGGER IF EXISTS gesprekken_conversation_day_guard ON gesprekken_conversation',
        'DROP TRIGGER IF EXISTS gesprekken_conversation_rollup ON gesprekken_conversation',
        'DROP TRIGGER IF EXISTS gesprekken_tipscore_rollup ON gesprekken_tipscore',
        'DROP TRIGGER IF EXISTS gesprekken_conversation_parent_rollup ON gesprekken_conversation_parents',
        'DROP TRIGGER IF EXISTS gesprekken_followup_location_guard ON gesprekken_followup',
        'DROP FUNCTION IF EXISTS gesprekken_daytotal_add(bigint, date, varchar, integer, numeric, boolean)',
        'DROP FUNCTION IF EXISTS gesprekken_daytiptotal_add(bigint, bigint, date, integer)',
        'DROP FUNCTION IF EXISTS gesprekken_child_talk_seen(bigint, timestamptz)',
        'DROP FUNCTION IF EXISTS gesprekken_child_talk_refresh(bigint)',
        'DROP FUNCTION IF EXISTS gesprekken_parent_talk_seen(bigint, timestamptz, varchar)',
        'DROP FUNCTION IF EXISTS gesprekken_parent_talks_refresh(bigint[])',
        'DROP FUNCTION IF EXISTS gesprekken_conversation_rollup()',
        'DROP FUNCTION IF EXISTS gesprekken_tipscore_rollup()',
        'DROP FUNCTION IF EXISTS gesprekken_conversation_parent_rollup()',
        'DROP FUNCTION IF EXISTS gesprekken_conversation_day_guard()',
        'DROP FUNCTION IF EXISTS gesprekken_followup_location_guard()',
    ],
    "sqlite": [
        'DROP TRIGGER IF EXISTS gesprekken_conversation_day_guard_insert',
        'DROP TRIGGER IF EXISTS gesprekken_conversation_day_guard_update',
        'DROP TRIGGER IF EXISTS gesprekken_conversation_rollup_insert',
        'DROP TRIGGER IF EXISTS gesprekken_conversation_rollup_delete',
        'DROP TRIGGER IF EXISTS gesprekken_conversation_rollup_update',
        'DROP TRIGGER IF EXISTS gesprekken_conversation_rollup_move_tips',
        'DROP TRIGGER IF EXISTS gesprekken_conversation_rollup_child',
        'DROP TRIGGER IF EXISTS gesprekken_conversation_rollup_parents',
        'DROP TRIGGER IF EXISTS gesprekken_conversation_followup_location',
        'DROP TRIGGER IF EXISTS gesprekken_tipscore_rollup_insert',
        'DROP TRIGGER IF EXISTS gesprekken_tipscore_rollup_delete',
        'DROP TRIGGER IF EXISTS gesprekken_tipscore_rollup_update',
        'DROP TRIGGER IF EXISTS gesprekken_conversation_parent_rollup_insert',
        'DROP TRIGGER IF EXISTS gesprekken_conversation_parent_rollup_delete',
        'DROP TRIGGER IF EXISTS gesprekken_conversation_parent_rollup_update',
        'DROP TRIGGER IF EXISTS gesprekken_followup_location_guard_insert',
        'DROP TRIGGER IF EXISTS gesprekken_followup_location_guard_update',
    ],
}


def _vendor(schema_editor):
    return "postgresql" if schema_editor.connection.vendor == "postgresql" else "sqlite"


def forward(apps, schema_editor):
    vendor = _vendor(schema_editor)
    for statement in INSTALL[vendor] + REBUILD[vendor]:
        schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    for statement in DROP[_vendor(schema_editor)]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("gesprekken", "0010_conversation_day_followup_location_required"),
        ("kinderen", "0003_child_last_talk_at"),
        ("ouders", "0002_parent_last_talks"),
    ]

    operations = [migrations.RunPython(forward, backward)]
