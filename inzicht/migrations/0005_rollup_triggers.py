"""Install the rollup triggers as inzicht/rollups/spec.py states the rules.

Then recompute the kept values from the raw data (a rebuild).

Frozen, written by ``manage.py rollup_migration``: the SQL below is what the rollup code
generated then. Never edit it; change the rules and write a new migration.
"""

import importlib

from django.db import migrations

PREVIOUS = "inzicht.migrations.0003_rollup_triggers_after_text_limits"

DROP_PREVIOUS = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_conversation ON gesprekken_conversation",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation ON gesprekken_conversation",
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_followup ON gesprekken_followup",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_tipscore ON gesprekken_tipscore",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_parents ON gesprekken_conversation_parents",
        "DROP FUNCTION IF EXISTS inzicht_guard_gesprekken_conversation()",
        "DROP FUNCTION IF EXISTS inzicht_keep_gesprekken_conversation()",
        "DROP FUNCTION IF EXISTS inzicht_guard_gesprekken_followup()",
        "DROP FUNCTION IF EXISTS inzicht_keep_gesprekken_tipscore()",
        "DROP FUNCTION IF EXISTS inzicht_keep_gesprekken_conversation_parents()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_conversation_insert",
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_conversation_update",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_insert",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_delete",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_update_agreement_location",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_update_day_totals",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_update_tip_totals",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_update_child_last_talk",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_update_parent_last_talks",
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_followup_insert",
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_followup_update",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_tipscore_insert",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_tipscore_delete",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_tipscore_update_tip_totals",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_parents_insert",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_parents_delete",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_parents_update_parent_last_talks",
    ],
}

INSTALL = {
    "postgresql": [
        """CREATE OR REPLACE FUNCTION inzicht_guard_gesprekken_conversation() RETURNS trigger AS $$
BEGIN
    IF NEW.day IS DISTINCT FROM (NEW.occurred_at AT TIME ZONE 'Europe/Amsterdam')::date THEN
        RAISE EXCEPTION 'conversation day must be the local date of occurred_at' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql""",
        """CREATE OR REPLACE FUNCTION inzicht_keep_gesprekken_conversation() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO gesprekken_daytotal (location_id, day, kind, n, scored_n, complete_n, score_tenths, escalated_n, stance_n, beside_n)
            SELECT NEW.location_id, NEW.day, NEW.kind, 1, CASE WHEN NEW.score_percentage IS NULL THEN 0 ELSE 1 END, CASE WHEN NEW.score_complete THEN 1 ELSE 0 END, CASE WHEN NEW.score_complete THEN COALESCE(CAST(round(NEW.score_percentage * 10) AS BIGINT), 0) ELSE 0 END, CASE WHEN NEW.escalated OR NEW.ended_early THEN 1 ELSE 0 END, CASE WHEN NEW.own_stance <> '' THEN 1 ELSE 0 END, CASE WHEN NEW.own_stance = 'naast' THEN 1 ELSE 0 END
            WHERE true
            ON CONFLICT (location_id, day, kind) DO UPDATE SET n = gesprekken_daytotal.n + excluded.n, scored_n = gesprekken_daytotal.scored_n + excluded.scored_n, complete_n = gesprekken_daytotal.complete_n + excluded.complete_n, score_tenths = gesprekken_daytotal.score_tenths + excluded.score_tenths, escalated_n = gesprekken_daytotal.escalated_n + excluded.escalated_n, stance_n = gesprekken_daytotal.stance_n + excluded.stance_n, beside_n = gesprekken_daytotal.beside_n + excluded.beside_n;
        INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
            SELECT NEW.location_id, NEW.day, s.tip_id, CAST(sum(1) AS BIGINT), CAST(sum(s.level) AS BIGINT)
            FROM gesprekken_tipscore s
            WHERE NEW.id = s.conversation_id AND s.level IS NOT NULL AND NEW.score_complete
            GROUP BY s.tip_id
            ON CONFLICT (location_id, day, tip_id) DO UPDATE SET n = gesprekken_daytiptotal.n + excluded.n, level_sum = gesprekken_daytiptotal.level_sum + excluded.level_sum;
        PERFORM 1 FROM kinderen_child WHERE id IN (NEW.child_id) ORDER BY id FOR NO KEY UPDATE;
        UPDATE kinderen_child SET last_talk_at = GREATEST(kinderen_child.last_talk_at, m.last_talk_at)
            FROM (SELECT NEW.child_id AS id, NEW.occurred_at AS last_talk_at
            WHERE true) m
            WHERE kinderen_child.id = m.id AND (kinderen_child.last_talk_at) IS DISTINCT FROM (GREATEST(kinderen_child.last_talk_at, m.last_talk_at));
        PERFORM 1 FROM ouders_parent WHERE id IN (SELECT l.parent_id FROM gesprekken_conversation_parents l WHERE NEW.id = l.conversation_id) ORDER BY id FOR NO KEY UPDATE;
        UPDATE ouders_parent SET last_handover_at = m.last_handover_at, last_sit_down_at = m.last_sit_down_at
            FROM (SELECT kept.id, found.last_handover_at, found.last_sit_down_at FROM ouders_parent kept
            LEFT JOIN (SELECT l.parent_id AS id, max(CASE WHEN c.kind IN ('breng', 'haal') THEN c.occurred_at END) AS last_handover_at, max(CASE WHEN c.kind NOT IN ('breng', 'haal') THEN c.occurred_at END) AS last_sit_down_at
            FROM gesprekken_conversation_parents l, gesprekken_conversation c
            WHERE c.id = l.conversation_id AND l.parent_id IN (SELECT l.parent_id FROM gesprekken_conversation_parents l WHERE NEW.id = l.conversation_id)
            GROUP BY l.parent_id) found ON found.id = kept.id
            WHERE kept.id IN (SELECT l.parent_id FROM gesprekken_conversation_parents l WHERE NEW.id = l.conversation_id)) m
            WHERE ouders_parent.id = m.id AND (ouders_parent.last_handover_at, ouders_parent.last_sit_down_at) IS DISTINCT FROM (m.last_handover_at, m.last_sit_down_at);
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO gesprekken_daytotal (location_id, day, kind, n, scored_n, complete_n, score_tenths, escalated_n, stance_n, beside_n)
            SELECT OLD.location_id, OLD.day, OLD.kind, -1, -(CASE WHEN OLD.score_percentage IS NULL THEN 0 ELSE 1 END), -(CASE WHEN OLD.score_complete THEN 1 ELSE 0 END), -(CASE WHEN OLD.score_complete THEN COALESCE(CAST(round(OLD.score_percentage * 10) AS BIGINT), 0) ELSE 0 END), -(CASE WHEN OLD.escalated OR OLD.ended_early THEN 1 ELSE 0 END), -(CASE WHEN OLD.own_stance <> '' THEN 1 ELSE 0 END), -(CASE WHEN OLD.own_stance = 'naast' THEN 1 ELSE 0 END)
            WHERE true
            ON CONFLICT (location_id, day, kind) DO UPDATE SET n = gesprekken_daytotal.n + excluded.n, scored_n = gesprekken_daytotal.scored_n + excluded.scored_n, complete_n = gesprekken_daytotal.complete_n + excluded.complete_n, score_tenths = gesprekken_daytotal.score_tenths + excluded.score_tenths, escalated_n = gesprekken_daytotal.escalated_n + excluded.escalated_n, stance_n = gesprekken_daytotal.stance_n + excluded.stance_n, beside_n = gesprekken_daytotal.beside_n + excluded.beside_n;
        INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
            SELECT OLD.location_id, OLD.day, s.tip_id, -(CAST(sum(1) AS BIGINT)), -(CAST(sum(s.level) AS BIGINT))
            FROM gesprekken_tipscore s
            WHERE OLD.id = s.conversation_id AND s.level IS NOT NULL AND OLD.score_complete
            GROUP BY s.tip_id
            ON CONFLICT (location_id, day, tip_id) DO UPDATE SET n = gesprekken_daytiptotal.n + excluded.n, level_sum = gesprekken_daytiptotal.level_sum + excluded.level_sum;
        PERFORM 1 FROM kinderen_child WHERE id IN (OLD.child_id) ORDER BY id FOR NO KEY UPDATE;
        UPDATE kinderen_child SET last_talk_at = m.last_talk_at
            FROM (SELECT kept.id, found.last_talk_at FROM kinderen_child kept
            LEFT JOIN (SELECT c.child_id AS id, max(c.occurred_at) AS last_talk_at
            FROM gesprekken_conversation c
            WHERE c.child_id IN (OLD.child_id)
            GROUP BY c.child_id) found ON found.id = kept.id
            WHERE kept.id IN (OLD.child_id)) m
            WHERE kinderen_child.id = m.id AND (kinderen_child.last_talk_at) IS DISTINCT FROM (m.last_talk_at);
        PERFORM 1 FROM ouders_parent WHERE id IN (SELECT l.parent_id FROM gesprekken_conversation_parents l WHERE OLD.id = l.conversation_id) ORDER BY id FOR NO KEY UPDATE;
        UPDATE ouders_parent SET last_handover_at = m.last_handover_at, last_sit_down_at = m.last_sit_down_at
            FROM (SELECT kept.id, found.last_handover_at, found.last_sit_down_at FROM ouders_parent kept
            LEFT JOIN (SELECT l.parent_id AS id, max(CASE WHEN c.kind IN ('breng', 'haal') THEN c.occurred_at END) AS last_handover_at, max(CASE WHEN c.kind NOT IN ('breng', 'haal') THEN c.occurred_at END) AS last_sit_down_at
            FROM gesprekken_conversation_parents l, gesprekken_conversation c
            WHERE c.id = l.conversation_id AND l.parent_id IN (SELECT l.parent_id FROM gesprekken_conversation_parents l WHERE OLD.id = l.conversation_id)
            GROUP BY l.parent_id) found ON found.id = kept.id
            WHERE kept.id IN (SELECT l.parent_id FROM gesprekken_conversation_parents l WHERE OLD.id = l.conversation_id)) m
            WHERE ouders_parent.id = m.id AND (ouders_parent.last_handover_at, ouders_parent.last_sit_down_at) IS DISTINCT FROM (m.last_handover_at, m.last_sit_down_at);
    ELSIF TG_OP = 'UPDATE' THEN
        IF (OLD.location_id) IS DISTINCT FROM (NEW.location_id) THEN
            UPDATE gesprekken_followup SET location_id = NEW.location_id
                WHERE conversation_id = NEW.id;
        END IF;
        IF (OLD.location_id, OLD.day, OLD.kind, OLD.score_percentage, OLD.score_complete, OLD.escalated, OLD.ended_early, OLD.own_stance) IS DISTINCT FROM (NEW.location_id, NEW.day, NEW.kind, NEW.score_percentage, NEW.score_complete, NEW.escalated, NEW.ended_early, NEW.own_stance) THEN
            INSERT INTO gesprekken_daytotal (location_id, day, kind, n, scored_n, complete_n, score_tenths, escalated_n, stance_n, beside_n)
                SELECT OLD.location_id, OLD.day, OLD.kind, -1, -(CASE WHEN OLD.score_percentage IS NULL THEN 0 ELSE 1 END), -(CASE WHEN OLD.score_complete THEN 1 ELSE 0 END), -(CASE WHEN OLD.score_complete THEN COALESCE(CAST(round(OLD.score_percentage * 10) AS BIGINT), 0) ELSE 0 END), -(CASE WHEN OLD.escalated OR OLD.ended_early THEN 1 ELSE 0 END), -(CASE WHEN OLD.own_stance <> '' THEN 1 ELSE 0 END), -(CASE WHEN OLD.own_stance = 'naast' THEN 1 ELSE 0 END)
                WHERE true
                ON CONFLICT (location_id, day, kind) DO UPDATE SET n = gesprekken_daytotal.n + excluded.n, scored_n = gesprekken_daytotal.scored_n + excluded.scored_n, complete_n = gesprekken_daytotal.complete_n + excluded.complete_n, score_tenths = gesprekken_daytotal.score_tenths + excluded.score_tenths, escalated_n = gesprekken_daytotal.escalated_n + excluded.escalated_n, stance_n = gesprekken_daytotal.stance_n + excluded.stance_n, beside_n = gesprekken_daytotal.beside_n + excluded.beside_n;
            INSERT INTO gesprekken_daytotal (location_id, day, kind, n, scored_n, complete_n, score_tenths, escalated_n, stance_n, beside_n)
                SELECT NEW.location_id, NEW.day, NEW.kind, 1, CASE WHEN NEW.score_percentage IS NULL THEN 0 ELSE 1 END, CASE WHEN NEW.score_complete THEN 1 ELSE 0 END, CASE WHEN NEW.score_complete THEN COALESCE(CAST(round(NEW.score_percentage * 10) AS BIGINT), 0) ELSE 0 END, CASE WHEN NEW.escalated OR NEW.ended_early THEN 1 ELSE 0 END, CASE WHEN NEW.own_stance <> '' THEN 1 ELSE 0 END, CASE WHEN NEW.own_stance = 'naast' THEN 1 ELSE 0 END
                WHERE true
                ON CONFLICT (location_id, day, kind) DO UPDATE SET n = gesprekken_daytotal.n + excluded.n, scored_n = gesprekken_daytotal.scored_n + excluded.scored_n, complete_n = gesprekken_daytotal.complete_n + excluded.complete_n, score_tenths = gesprekken_daytotal.score_tenths + excluded.score_tenths, escalated_n = gesprekken_daytotal.escalated_n + excluded.escalated_n, stance_n = gesprekken_daytotal.stance_n + excluded.stance_n, beside_n = gesprekken_daytotal.beside_n + excluded.beside_n;
        END IF;
        IF (OLD.location_id, OLD.day, OLD.score_complete, OLD.id) IS DISTINCT FROM (NEW.location_id, NEW.day, NEW.score_complete, NEW.id) THEN
            INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
                SELECT OLD.location_id, OLD.day, s.tip_id, -(CAST(sum(1) AS BIGINT)), -(CAST(sum(s.level) AS BIGINT))
                FROM gesprekken_tipscore s
                WHERE OLD.id = s.conversation_id AND s.level IS NOT NULL AND OLD.score_complete
                GROUP BY s.tip_id
                ON CONFLICT (location_id, day, tip_id) DO UPDATE SET n = gesprekken_daytiptotal.n + excluded.n, level_sum = gesprekken_daytiptotal.level_sum + excluded.level_sum;
            INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
                SELECT NEW.location_id, NEW.day, s.tip_id, CAST(sum(1) AS BIGINT), CAST(sum(s.level) AS BIGINT)
                FROM gesprekken_tipscore s
                WHERE NEW.id = s.conversation_id AND s.level IS NOT NULL AND NEW.score_complete
                GROUP BY s.tip_id
                ON CONFLICT (location_id, day, tip_id) DO UPDATE SET n = gesprekken_daytiptotal.n + excluded.n, level_sum = gesprekken_daytiptotal.level_sum + excluded.level_sum;
        END IF;
        IF (OLD.child_id, OLD.occurred_at) IS DISTINCT FROM (NEW.child_id, NEW.occurred_at) THEN
            PERFORM 1 FROM kinderen_child WHERE id IN (OLD.child_id, NEW.child_id) ORDER BY id FOR NO KEY UPDATE;
            UPDATE kinderen_child SET last_talk_at = m.last_talk_at
                FROM (SELECT kept.id, found.last_talk_at FROM kinderen_child kept
                LEFT JOIN (SELECT c.child_id AS id, max(c.occurred_at) AS last_talk_at
                FROM gesprekken_conversation c
                WHERE c.child_id IN (OLD.child_id, NEW.child_id)
                GROUP BY c.child_id) found ON found.id = kept.id
                WHERE kept.id IN (OLD.child_id, NEW.child_id)) m
                WHERE kinderen_child.id = m.id AND (kinderen_child.last_talk_at) IS DISTINCT FROM (m.last_talk_at);
        END IF;
        IF (OLD.kind, OLD.occurred_at, OLD.id) IS DISTINCT FROM (NEW.kind, NEW.occurred_at, NEW.id) THEN
            PERFORM 1 FROM ouders_parent WHERE id IN (SELECT l.parent_id FROM gesprekken_conversation_parents l WHERE OLD.id = l.conversation_id OR NEW.id = l.conversation_id) ORDER BY id FOR NO KEY UPDATE;
            UPDATE ouders_parent SET last_handover_at = m.last_handover_at, last_sit_down_at = m.last_sit_down_at
                FROM (SELECT kept.id, found.last_handover_at, found.last_sit_down_at FROM ouders_parent kept
                LEFT JOIN (SELECT l.parent_id AS id, max(CASE WHEN c.kind IN ('breng', 'haal') THEN c.occurred_at END) AS last_handover_at, max(CASE WHEN c.kind NOT IN ('breng', 'haal') THEN c.occurred_at END) AS last_sit_down_at
                FROM gesprekken_conversation_parents l, gesprekken_conversation c
                WHERE c.id = l.conversation_id AND (l.parent_id IN (SELECT l.parent_id FROM gesprekken_conversation_parents l WHERE OLD.id = l.conversation_id OR NEW.id = l.conversation_id))
                GROUP BY l.parent_id) found ON found.id = kept.id
                WHERE kept.id IN (SELECT l.parent_id FROM gesprekken_conversation_parents l WHERE OLD.id = l.conversation_id OR NEW.id = l.conversation_id)) m
                WHERE ouders_parent.id = m.id AND (ouders_parent.last_handover_at, ouders_parent.last_sit_down_at) IS DISTINCT FROM (m.last_handover_at, m.last_sit_down_at);
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql""",
        """CREATE OR REPLACE FUNCTION inzicht_guard_gesprekken_followup() RETURNS trigger AS $$
BEGIN
    IF NEW.location_id IS DISTINCT FROM (SELECT location_id FROM gesprekken_conversation WHERE id = NEW.conversation_id) THEN
        RAISE EXCEPTION 'agreement location must be the location of its conversation' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql""",
        """CREATE OR REPLACE FUNCTION inzicht_keep_gesprekken_tipscore() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
            SELECT c.location_id, c.day, NEW.tip_id, 1, NEW.level
            FROM gesprekken_conversation c
            WHERE c.id = NEW.conversation_id AND NEW.level IS NOT NULL AND c.score_complete
            ON CONFLICT (location_id, day, tip_id) DO UPDATE SET n = gesprekken_daytiptotal.n + excluded.n, level_sum = gesprekken_daytiptotal.level_sum + excluded.level_sum;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
            SELECT c.location_id, c.day, OLD.tip_id, -1, -(OLD.level)
            FROM gesprekken_conversation c
            WHERE c.id = OLD.conversation_id AND OLD.level IS NOT NULL AND c.score_complete
            ON CONFLICT (location_id, day, tip_id) DO UPDATE SET n = gesprekken_daytiptotal.n + excluded.n, level_sum = gesprekken_daytiptotal.level_sum + excluded.level_sum;
    ELSIF TG_OP = 'UPDATE' THEN
        IF (OLD.tip_id, OLD.level, OLD.conversation_id) IS DISTINCT FROM (NEW.tip_id, NEW.level, NEW.conversation_id) THEN
            INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
                SELECT c.location_id, c.day, OLD.tip_id, -1, -(OLD.level)
                FROM gesprekken_conversation c
                WHERE c.id = OLD.conversation_id AND OLD.level IS NOT NULL AND c.score_complete
                ON CONFLICT (location_id, day, tip_id) DO UPDATE SET n = gesprekken_daytiptotal.n + excluded.n, level_sum = gesprekken_daytiptotal.level_sum + excluded.level_sum;
            INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
                SELECT c.location_id, c.day, NEW.tip_id, 1, NEW.level
                FROM gesprekken_conversation c
                WHERE c.id = NEW.conversation_id AND NEW.level IS NOT NULL AND c.score_complete
                ON CONFLICT (location_id, day, tip_id) DO UPDATE SET n = gesprekken_daytiptotal.n + excluded.n, level_sum = gesprekken_daytiptotal.level_sum + excluded.level_sum;
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql""",
        """CREATE OR REPLACE FUNCTION inzicht_keep_gesprekken_conversation_parents() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM 1 FROM ouders_parent WHERE id IN (NEW.parent_id) ORDER BY id FOR NO KEY UPDATE;
        UPDATE ouders_parent SET last_handover_at = GREATEST(ouders_parent.last_handover_at, m.last_handover_at), last_sit_down_at = GREATEST(ouders_parent.last_sit_down_at, m.last_sit_down_at)
            FROM (SELECT NEW.parent_id AS id, CASE WHEN c.kind IN ('breng', 'haal') THEN c.occurred_at END AS last_handover_at, CASE WHEN c.kind NOT IN ('breng', 'haal') THEN c.occurred_at END AS last_sit_down_at
            FROM gesprekken_conversation c
            WHERE c.id = NEW.conversation_id) m
            WHERE ouders_parent.id = m.id AND (ouders_parent.last_handover_at, ouders_parent.last_sit_down_at) IS DISTINCT FROM (GREATEST(ouders_parent.last_handover_at, m.last_handover_at), GREATEST(ouders_parent.last_sit_down_at, m.last_sit_down_at));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM 1 FROM ouders_parent WHERE id IN (OLD.parent_id) ORDER BY id FOR NO KEY UPDATE;
        UPDATE ouders_parent SET last_handover_at = m.last_handover_at, last_sit_down_at = m.last_sit_down_at
            FROM (SELECT kept.id, found.last_handover_at, found.last_sit_down_at FROM ouders_parent kept
            LEFT JOIN (SELECT l.parent_id AS id, max(CASE WHEN c.kind IN ('breng', 'haal') THEN c.occurred_at END) AS last_handover_at, max(CASE WHEN c.kind NOT IN ('breng', 'haal') THEN c.occurred_at END) AS last_sit_down_at
            FROM gesprekken_conversation_parents l, gesprekken_conversation c
            WHERE c.id = l.conversation_id AND l.parent_id IN (OLD.parent_id)
            GROUP BY l.parent_id) found ON found.id = kept.id
            WHERE kept.id IN (OLD.parent_id)) m
            WHERE ouders_parent.id = m.id AND (ouders_parent.last_handover_at, ouders_parent.last_sit_down_at) IS DISTINCT FROM (m.last_handover_at, m.last_sit_down_at);
    ELSIF TG_OP = 'UPDATE' THEN
        IF (OLD.parent_id, OLD.conversation_id) IS DISTINCT FROM (NEW.parent_id, NEW.conversation_id) THEN
            PERFORM 1 FROM ouders_parent WHERE id IN (OLD.parent_id, NEW.parent_id) ORDER BY id FOR NO KEY UPDATE;
            UPDATE ouders_parent SET last_handover_at = m.last_handover_at, last_sit_down_at = m.last_sit_down_at
                FROM (SELECT kept.id, found.last_handover_at, found.last_sit_down_at FROM ouders_parent kept
                LEFT JOIN (SELECT l.parent_id AS id, max(CASE WHEN c.kind IN ('breng', 'haal') THEN c.occurred_at END) AS last_handover_at, max(CASE WHEN c.kind NOT IN ('breng', 'haal') THEN c.occurred_at END) AS last_sit_down_at
                FROM gesprekken_conversation_parents l, gesprekken_conversation c
                WHERE c.id = l.conversation_id AND l.parent_id IN (OLD.parent_id, NEW.parent_id)
                GROUP BY l.parent_id) found ON found.id = kept.id
                WHERE kept.id IN (OLD.parent_id, NEW.parent_id)) m
                WHERE ouders_parent.id = m.id AND (ouders_parent.last_handover_at, ouders_parent.last_sit_down_at) IS DISTINCT FROM (m.last_handover_at, m.last_sit_down_at);
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql""",
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_conversation ON gesprekken_conversation",
        "CREATE TRIGGER inzicht_guard_gesprekken_conversation BEFORE INSERT OR UPDATE OF occurred_at, day ON gesprekken_conversation FOR EACH ROW EXECUTE FUNCTION inzicht_guard_gesprekken_conversation()",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation ON gesprekken_conversation",
        "CREATE TRIGGER inzicht_keep_gesprekken_conversation AFTER INSERT OR DELETE OR UPDATE OF location_id, day, kind, score_percentage, score_complete, escalated, ended_early, own_stance, id, child_id, occurred_at ON gesprekken_conversation FOR EACH ROW EXECUTE FUNCTION inzicht_keep_gesprekken_conversation()",
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_followup ON gesprekken_followup",
        "CREATE TRIGGER inzicht_guard_gesprekken_followup BEFORE INSERT OR UPDATE OF conversation_id, location_id ON gesprekken_followup FOR EACH ROW EXECUTE FUNCTION inzicht_guard_gesprekken_followup()",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_tipscore ON gesprekken_tipscore",
        "CREATE TRIGGER inzicht_keep_gesprekken_tipscore AFTER INSERT OR DELETE OR UPDATE OF tip_id, level, conversation_id ON gesprekken_tipscore FOR EACH ROW EXECUTE FUNCTION inzicht_keep_gesprekken_tipscore()",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_parents ON gesprekken_conversation_parents",
        "CREATE TRIGGER inzicht_keep_gesprekken_conversation_parents AFTER INSERT OR DELETE OR UPDATE OF parent_id, conversation_id ON gesprekken_conversation_parents FOR EACH ROW EXECUTE FUNCTION inzicht_keep_gesprekken_conversation_parents()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_conversation_insert",
        """CREATE TRIGGER inzicht_guard_gesprekken_conversation_insert BEFORE INSERT ON gesprekken_conversation
BEGIN
    SELECT RAISE(ABORT, 'conversation day must be the local date of occurred_at')
        WHERE NEW.day IS NOT local_day(NEW.occurred_at);
END""",
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_conversation_update",
        """CREATE TRIGGER inzicht_guard_gesprekken_conversation_update BEFORE UPDATE OF occurred_at, day ON gesprekken_conversation
BEGIN
    SELECT RAISE(ABORT, 'conversation day must be the local date of occurred_at')
        WHERE NEW.day IS NOT local_day(NEW.occurred_at);
END""",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_insert",
        """CREATE TRIGGER inzicht_keep_gesprekken_conversation_insert AFTER INSERT ON gesprekken_conversation
BEGIN
    INSERT INTO gesprekken_daytotal (location_id, day, kind, n, scored_n, complete_n, score_tenths, escalated_n, stance_n, beside_n)
        SELECT NEW.location_id, NEW.day, NEW.kind, 1, CASE WHEN NEW.score_percentage IS NULL THEN 0 ELSE 1 END, CASE WHEN NEW.score_complete THEN 1 ELSE 0 END, CASE WHEN NEW.score_complete THEN COALESCE(CAST(round(NEW.score_percentage * 10) AS BIGINT), 0) ELSE 0 END, CASE WHEN NEW.escalated OR NEW.ended_early THEN 1 ELSE 0 END, CASE WHEN NEW.own_stance <> '' THEN 1 ELSE 0 END, CASE WHEN NEW.own_stance = 'naast' THEN 1 ELSE 0 END
        WHERE true
        ON CONFLICT (location_id, day, kind) DO UPDATE SET n = gesprekken_daytotal.n + excluded.n, scored_n = gesprekken_daytotal.scored_n + excluded.scored_n, complete_n = gesprekken_daytotal.complete_n + excluded.complete_n, score_tenths = gesprekken_daytotal.score_tenths + excluded.score_tenths, escalated_n = gesprekken_daytotal.escalated_n + excluded.escalated_n, stance_n = gesprekken_daytotal.stance_n + excluded.stance_n, beside_n = gesprekken_daytotal.beside_n + excluded.beside_n;
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
        SELECT NEW.location_id, NEW.day, s.tip_id, CAST(sum(1) AS BIGINT), CAST(sum(s.level) AS BIGINT)
        FROM gesprekken_tipscore s
        WHERE NEW.id = s.conversation_id AND s.level IS NOT NULL AND NEW.score_complete
        GROUP BY s.tip_id
        ON CONFLICT (location_id, day, tip_id) DO UPDATE SET n = gesprekken_daytiptotal.n + excluded.n, level_sum = gesprekken_daytiptotal.level_sum + excluded.level_sum;
    UPDATE kinderen_child SET last_talk_at = COALESCE(max(kinderen_child.last_talk_at, m.last_talk_at), kinderen_child.last_talk_at, m.last_talk_at)
        FROM (SELECT NEW.child_id AS id, NEW.occurred_at AS last_talk_at
        WHERE true) m
        WHERE kinderen_child.id = m.id AND (kinderen_child.last_talk_at) IS NOT (COALESCE(max(kinderen_child.last_talk_at, m.last_talk_at), kinderen_child.last_talk_at, m.last_talk_at));
    UPDATE ouders_parent SET last_handover_at = m.last_handover_at, last_sit_down_at = m.last_sit_down_at
        FROM (SELECT kept.id, found.last_handover_at, found.last_sit_down_at FROM ouders_parent kept
        LEFT JOIN (SELECT l.parent_id AS id, max(CASE WHEN c.kind IN ('breng', 'haal') THEN c.occurred_at END) AS last_handover_at, max(CASE WHEN c.kind NOT IN ('breng', 'haal') THEN c.occurred_at END) AS last_sit_down_at
        FROM gesprekken_conversation_parents l, gesprekken_conversation c
        WHERE c.id = l.conversation_id AND l.parent_id IN (SELECT l.parent_id FROM gesprekken_conversation_parents l WHERE NEW.id = l.conversation_id)
        GROUP BY l.parent_id) found ON found.id = kept.id
        WHERE kept.id IN (SELECT l.parent_id FROM gesprekken_conversation_parents l WHERE NEW.id = l.conversation_id)) m
        WHERE ouders_parent.id = m.id AND (ouders_parent.last_handover_at, ouders_parent.last_sit_down_at) IS NOT (m.last_handover_at, m.last_sit_down_at);
END""",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_delete",
        """CREATE TRIGGER inzicht_keep_gesprekken_conversation_delete AFTER DELETE ON gesprekken_conversation
BEGIN
    INSERT INTO gesprekken_daytotal (location_id, day, kind, n, scored_n, complete_n, score_tenths, escalated_n, stance_n, beside_n)
        SELECT OLD.location_id, OLD.day, OLD.kind, -1, -(CASE WHEN OLD.score_percentage IS NULL THEN 0 ELSE 1 END), -(CASE WHEN OLD.score_complete THEN 1 ELSE 0 END), -(CASE WHEN OLD.score_complete THEN COALESCE(CAST(round(OLD.score_percentage * 10) AS BIGINT), 0) ELSE 0 END), -(CASE WHEN OLD.escalated OR OLD.ended_early THEN 1 ELSE 0 END), -(CASE WHEN OLD.own_stance <> '' THEN 1 ELSE 0 END), -(CASE WHEN OLD.own_stance = 'naast' THEN 1 ELSE 0 END)
        WHERE true
        ON CONFLICT (location_id, day, kind) DO UPDATE SET n = gesprekken_daytotal.n + excluded.n, scored_n = gesprekken_daytotal.scored_n + excluded.scored_n, complete_n = gesprekken_daytotal.complete_n + excluded.complete_n, score_tenths = gesprekken_daytotal.score_tenths + excluded.score_tenths, escalated_n = gesprekken_daytotal.escalated_n + excluded.escalated_n, stance_n = gesprekken_daytotal.stance_n + excluded.stance_n, beside_n = gesprekken_daytotal.beside_n + excluded.beside_n;
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
        SELECT OLD.location_id, OLD.day, s.tip_id, -(CAST(sum(1) AS BIGINT)), -(CAST(sum(s.level) AS BIGINT))
        FROM gesprekken_tipscore s
        WHERE OLD.id = s.conversation_id AND s.level IS NOT NULL AND OLD.score_complete
        GROUP BY s.tip_id
        ON CONFLICT (location_id, day, tip_id) DO UPDATE SET n = gesprekken_daytiptotal.n + excluded.n, level_sum = gesprekken_daytiptotal.level_sum + excluded.level_sum;
    UPDATE kinderen_child SET last_talk_at = m.last_talk_at
        FROM (SELECT kept.id, found.last_talk_at FROM kinderen_child kept
        LEFT JOIN (SELECT c.child_id AS id, max(c.occurred_at) AS last_talk_at
        FROM gesprekken_conversation c
        WHERE c.child_id IN (OLD.child_id)
        GROUP BY c.child_id) found ON found.id = kept.id
        WHERE kept.id IN (OLD.child_id)) m
        WHERE kinderen_child.id = m.id AND (kinderen_child.last_talk_at) IS NOT (m.last_talk_at);
    UPDATE ouders_parent SET last_handover_at = m.last_handover_at, last_sit_down_at = m.last_sit_down_at
        FROM (SELECT kept.id, found.last_handover_at, found.last_sit_down_at FROM ouders_parent kept
        LEFT JOIN (SELECT l.parent_id AS id, max(CASE WHEN c.kind IN ('breng', 'haal') THEN c.occurred_at END) AS last_handover_at, max(CASE WHEN c.kind NOT IN ('breng', 'haal') THEN c.occurred_at END) AS last_sit_down_at
        FROM gesprekken_conversation_parents l, gesprekken_conversation c
        WHERE c.id = l.conversation_id AND l.parent_id IN (SELECT l.parent_id FROM gesprekken_conversation_parents l WHERE OLD.id = l.conversation_id)
        GROUP BY l.parent_id) found ON found.id = kept.id
        WHERE kept.id IN (SELECT l.parent_id FROM gesprekken_conversation_parents l WHERE OLD.id = l.conversation_id)) m
        WHERE ouders_parent.id = m.id AND (ouders_parent.last_handover_at, ouders_parent.last_sit_down_at) IS NOT (m.last_handover_at, m.last_sit_down_at);
END""",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_update_agreement_location",
        """CREATE TRIGGER inzicht_keep_gesprekken_conversation_update_agreement_location AFTER UPDATE OF location_id ON gesprekken_conversation
WHEN (OLD.location_id) IS NOT (NEW.location_id)
BEGIN
    UPDATE gesprekken_followup SET location_id = NEW.location_id
        WHERE conversation_id = NEW.id;
END""",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_update_day_totals",
        """CREATE TRIGGER inzicht_keep_gesprekken_conversation_update_day_totals AFTER UPDATE OF location_id, day, kind, score_percentage, score_complete, escalated, ended_early, own_stance ON gesprekken_conversation
WHEN (OLD.location_id, OLD.day, OLD.kind, OLD.score_percentage, OLD.score_complete, OLD.escalated, OLD.ended_early, OLD.own_stance) IS NOT (NEW.location_id, NEW.day, NEW.kind, NEW.score_percentage, NEW.score_complete, NEW.escalated, NEW.ended_early, NEW.own_stance)
BEGIN
    INSERT INTO gesprekken_daytotal (location_id, day, kind, n, scored_n, complete_n, score_tenths, escalated_n, stance_n, beside_n)
        SELECT OLD.location_id, OLD.day, OLD.kind, -1, -(CASE WHEN OLD.score_percentage IS NULL THEN 0 ELSE 1 END), -(CASE WHEN OLD.score_complete THEN 1 ELSE 0 END), -(CASE WHEN OLD.score_complete THEN COALESCE(CAST(round(OLD.score_percentage * 10) AS BIGINT), 0) ELSE 0 END), -(CASE WHEN OLD.escalated OR OLD.ended_early THEN 1 ELSE 0 END), -(CASE WHEN OLD.own_stance <> '' THEN 1 ELSE 0 END), -(CASE WHEN OLD.own_stance = 'naast' THEN 1 ELSE 0 END)
        WHERE true
        ON CONFLICT (location_id, day, kind) DO UPDATE SET n = gesprekken_daytotal.n + excluded.n, scored_n = gesprekken_daytotal.scored_n + excluded.scored_n, complete_n = gesprekken_daytotal.complete_n + excluded.complete_n, score_tenths = gesprekken_daytotal.score_tenths + excluded.score_tenths, escalated_n = gesprekken_daytotal.escalated_n + excluded.escalated_n, stance_n = gesprekken_daytotal.stance_n + excluded.stance_n, beside_n = gesprekken_daytotal.beside_n + excluded.beside_n;
    INSERT INTO gesprekken_daytotal (location_id, day, kind, n, scored_n, complete_n, score_tenths, escalated_n, stance_n, beside_n)
        SELECT NEW.location_id, NEW.day, NEW.kind, 1, CASE WHEN NEW.score_percentage IS NULL THEN 0 ELSE 1 END, CASE WHEN NEW.score_complete THEN 1 ELSE 0 END, CASE WHEN NEW.score_complete THEN COALESCE(CAST(round(NEW.score_percentage * 10) AS BIGINT), 0) ELSE 0 END, CASE WHEN NEW.escalated OR NEW.ended_early THEN 1 ELSE 0 END, CASE WHEN NEW.own_stance <> '' THEN 1 ELSE 0 END, CASE WHEN NEW.own_stance = 'naast' THEN 1 ELSE 0 END
        WHERE true
        ON CONFLICT (location_id, day, kind) DO UPDATE SET n = gesprekken_daytotal.n + excluded.n, scored_n = gesprekken_daytotal.scored_n + excluded.scored_n, complete_n = gesprekken_daytotal.complete_n + excluded.complete_n, score_tenths = gesprekken_daytotal.score_tenths + excluded.score_tenths, escalated_n = gesprekken_daytotal.escalated_n + excluded.escalated_n, stance_n = gesprekken_daytotal.stance_n + excluded.stance_n, beside_n = gesprekken_daytotal.beside_n + excluded.beside_n;
END""",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_update_tip_totals",
        """CREATE TRIGGER inzicht_keep_gesprekken_conversation_update_tip_totals AFTER UPDATE OF location_id, day, score_complete, id ON gesprekken_conversation
WHEN (OLD.location_id, OLD.day, OLD.score_complete, OLD.id) IS NOT (NEW.location_id, NEW.day, NEW.score_complete, NEW.id)
BEGIN
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
        SELECT OLD.location_id, OLD.day, s.tip_id, -(CAST(sum(1) AS BIGINT)), -(CAST(sum(s.level) AS BIGINT))
        FROM gesprekken_tipscore s
        WHERE OLD.id = s.conversation_id AND s.level IS NOT NULL AND OLD.score_complete
        GROUP BY s.tip_id
        ON CONFLICT (location_id, day, tip_id) DO UPDATE SET n = gesprekken_daytiptotal.n + excluded.n, level_sum = gesprekken_daytiptotal.level_sum + excluded.level_sum;
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
        SELECT NEW.location_id, NEW.day, s.tip_id, CAST(sum(1) AS BIGINT), CAST(sum(s.level) AS BIGINT)
        FROM gesprekken_tipscore s
        WHERE NEW.id = s.conversation_id AND s.level IS NOT NULL AND NEW.score_complete
        GROUP BY s.tip_id
        ON CONFLICT (location_id, day, tip_id) DO UPDATE SET n = gesprekken_daytiptotal.n + excluded.n, level_sum = gesprekken_daytiptotal.level_sum + excluded.level_sum;
END""",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_update_child_last_talk",
        """CREATE TRIGGER inzicht_keep_gesprekken_conversation_update_child_last_talk AFTER UPDATE OF child_id, occurred_at ON gesprekken_conversation
WHEN (OLD.child_id, OLD.occurred_at) IS NOT (NEW.child_id, NEW.occurred_at)
BEGIN
    UPDATE kinderen_child SET last_talk_at = m.last_talk_at
        FROM (SELECT kept.id, found.last_talk_at FROM kinderen_child kept
        LEFT JOIN (SELECT c.child_id AS id, max(c.occurred_at) AS last_talk_at
        FROM gesprekken_conversation c
        WHERE c.child_id IN (OLD.child_id, NEW.child_id)
        GROUP BY c.child_id) found ON found.id = kept.id
        WHERE kept.id IN (OLD.child_id, NEW.child_id)) m
        WHERE kinderen_child.id = m.id AND (kinderen_child.last_talk_at) IS NOT (m.last_talk_at);
END""",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_update_parent_last_talks",
        """CREATE TRIGGER inzicht_keep_gesprekken_conversation_update_parent_last_talks AFTER UPDATE OF kind, occurred_at, id ON gesprekken_conversation
WHEN (OLD.kind, OLD.occurred_at, OLD.id) IS NOT (NEW.kind, NEW.occurred_at, NEW.id)
BEGIN
    UPDATE ouders_parent SET last_handover_at = m.last_handover_at, last_sit_down_at = m.last_sit_down_at
        FROM (SELECT kept.id, found.last_handover_at, found.last_sit_down_at FROM ouders_parent kept
        LEFT JOIN (SELECT l.parent_id AS id, max(CASE WHEN c.kind IN ('breng', 'haal') THEN c.occurred_at END) AS last_handover_at, max(CASE WHEN c.kind NOT IN ('breng', 'haal') THEN c.occurred_at END) AS last_sit_down_at
        FROM gesprekken_conversation_parents l, gesprekken_conversation c
        WHERE c.id = l.conversation_id AND (l.parent_id IN (SELECT l.parent_id FROM gesprekken_conversation_parents l WHERE OLD.id = l.conversation_id OR NEW.id = l.conversation_id))
        GROUP BY l.parent_id) found ON found.id = kept.id
        WHERE kept.id IN (SELECT l.parent_id FROM gesprekken_conversation_parents l WHERE OLD.id = l.conversation_id OR NEW.id = l.conversation_id)) m
        WHERE ouders_parent.id = m.id AND (ouders_parent.last_handover_at, ouders_parent.last_sit_down_at) IS NOT (m.last_handover_at, m.last_sit_down_at);
END""",
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_followup_insert",
        """CREATE TRIGGER inzicht_guard_gesprekken_followup_insert BEFORE INSERT ON gesprekken_followup
BEGIN
    SELECT RAISE(ABORT, 'agreement location must be the location of its conversation')
        WHERE NEW.location_id IS NOT (SELECT location_id FROM gesprekken_conversation WHERE id = NEW.conversation_id);
END""",
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_followup_update",
        """CREATE TRIGGER inzicht_guard_gesprekken_followup_update BEFORE UPDATE OF conversation_id, location_id ON gesprekken_followup
BEGIN
    SELECT RAISE(ABORT, 'agreement location must be the location of its conversation')
        WHERE NEW.location_id IS NOT (SELECT location_id FROM gesprekken_conversation WHERE id = NEW.conversation_id);
END""",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_tipscore_insert",
        """CREATE TRIGGER inzicht_keep_gesprekken_tipscore_insert AFTER INSERT ON gesprekken_tipscore
BEGIN
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
        SELECT c.location_id, c.day, NEW.tip_id, 1, NEW.level
        FROM gesprekken_conversation c
        WHERE c.id = NEW.conversation_id AND NEW.level IS NOT NULL AND c.score_complete
        ON CONFLICT (location_id, day, tip_id) DO UPDATE SET n = gesprekken_daytiptotal.n + excluded.n, level_sum = gesprekken_daytiptotal.level_sum + excluded.level_sum;
END""",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_tipscore_delete",
        """CREATE TRIGGER inzicht_keep_gesprekken_tipscore_delete AFTER DELETE ON gesprekken_tipscore
BEGIN
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
        SELECT c.location_id, c.day, OLD.tip_id, -1, -(OLD.level)
        FROM gesprekken_conversation c
        WHERE c.id = OLD.conversation_id AND OLD.level IS NOT NULL AND c.score_complete
        ON CONFLICT (location_id, day, tip_id) DO UPDATE SET n = gesprekken_daytiptotal.n + excluded.n, level_sum = gesprekken_daytiptotal.level_sum + excluded.level_sum;
END""",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_tipscore_update_tip_totals",
        """CREATE TRIGGER inzicht_keep_gesprekken_tipscore_update_tip_totals AFTER UPDATE OF tip_id, level, conversation_id ON gesprekken_tipscore
WHEN (OLD.tip_id, OLD.level, OLD.conversation_id) IS NOT (NEW.tip_id, NEW.level, NEW.conversation_id)
BEGIN
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
        SELECT c.location_id, c.day, OLD.tip_id, -1, -(OLD.level)
        FROM gesprekken_conversation c
        WHERE c.id = OLD.conversation_id AND OLD.level IS NOT NULL AND c.score_complete
        ON CONFLICT (location_id, day, tip_id) DO UPDATE SET n = gesprekken_daytiptotal.n + excluded.n, level_sum = gesprekken_daytiptotal.level_sum + excluded.level_sum;
    INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
        SELECT c.location_id, c.day, NEW.tip_id, 1, NEW.level
        FROM gesprekken_conversation c
        WHERE c.id = NEW.conversation_id AND NEW.level IS NOT NULL AND c.score_complete
        ON CONFLICT (location_id, day, tip_id) DO UPDATE SET n = gesprekken_daytiptotal.n + excluded.n, level_sum = gesprekken_daytiptotal.level_sum + excluded.level_sum;
END""",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_parents_insert",
        """CREATE TRIGGER inzicht_keep_gesprekken_conversation_parents_insert AFTER INSERT ON gesprekken_conversation_parents
BEGIN
    UPDATE ouders_parent SET last_handover_at = COALESCE(max(ouders_parent.last_handover_at, m.last_handover_at), ouders_parent.last_handover_at, m.last_handover_at), last_sit_down_at = COALESCE(max(ouders_parent.last_sit_down_at, m.last_sit_down_at), ouders_parent.last_sit_down_at, m.last_sit_down_at)
        FROM (SELECT NEW.parent_id AS id, CASE WHEN c.kind IN ('breng', 'haal') THEN c.occurred_at END AS last_handover_at, CASE WHEN c.kind NOT IN ('breng', 'haal') THEN c.occurred_at END AS last_sit_down_at
        FROM gesprekken_conversation c
        WHERE c.id = NEW.conversation_id) m
        WHERE ouders_parent.id = m.id AND (ouders_parent.last_handover_at, ouders_parent.last_sit_down_at) IS NOT (COALESCE(max(ouders_parent.last_handover_at, m.last_handover_at), ouders_parent.last_handover_at, m.last_handover_at), COALESCE(max(ouders_parent.last_sit_down_at, m.last_sit_down_at), ouders_parent.last_sit_down_at, m.last_sit_down_at));
END""",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_parents_delete",
        """CREATE TRIGGER inzicht_keep_gesprekken_conversation_parents_delete AFTER DELETE ON gesprekken_conversation_parents
BEGIN
    UPDATE ouders_parent SET last_handover_at = m.last_handover_at, last_sit_down_at = m.last_sit_down_at
        FROM (SELECT kept.id, found.last_handover_at, found.last_sit_down_at FROM ouders_parent kept
        LEFT JOIN (SELECT l.parent_id AS id, max(CASE WHEN c.kind IN ('breng', 'haal') THEN c.occurred_at END) AS last_handover_at, max(CASE WHEN c.kind NOT IN ('breng', 'haal') THEN c.occurred_at END) AS last_sit_down_at
        FROM gesprekken_conversation_parents l, gesprekken_conversation c
        WHERE c.id = l.conversation_id AND l.parent_id IN (OLD.parent_id)
        GROUP BY l.parent_id) found ON found.id = kept.id
        WHERE kept.id IN (OLD.parent_id)) m
        WHERE ouders_parent.id = m.id AND (ouders_parent.last_handover_at, ouders_parent.last_sit_down_at) IS NOT (m.last_handover_at, m.last_sit_down_at);
END""",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_parents_update_parent_last_talks",
        """CREATE TRIGGER inzicht_keep_gesprekken_conversation_parents_update_parent_last_talks AFTER UPDATE OF parent_id, conversation_id ON gesprekken_conversation_parents
WHEN (OLD.parent_id, OLD.conversation_id) IS NOT (NEW.parent_id, NEW.conversation_id)
BEGIN
    UPDATE ouders_parent SET last_handover_at = m.last_handover_at, last_sit_down_at = m.last_sit_down_at
        FROM (SELECT kept.id, found.last_handover_at, found.last_sit_down_at FROM ouders_parent kept
        LEFT JOIN (SELECT l.parent_id AS id, max(CASE WHEN c.kind IN ('breng', 'haal') THEN c.occurred_at END) AS last_handover_at, max(CASE WHEN c.kind NOT IN ('breng', 'haal') THEN c.occurred_at END) AS last_sit_down_at
        FROM gesprekken_conversation_parents l, gesprekken_conversation c
        WHERE c.id = l.conversation_id AND l.parent_id IN (OLD.parent_id, NEW.parent_id)
        GROUP BY l.parent_id) found ON found.id = kept.id
        WHERE kept.id IN (OLD.parent_id, NEW.parent_id)) m
        WHERE ouders_parent.id = m.id AND (ouders_parent.last_handover_at, ouders_parent.last_sit_down_at) IS NOT (m.last_handover_at, m.last_sit_down_at);
END""",
    ],
}

REBUILD = {
    "postgresql": [
        "LOCK TABLE gesprekken_conversation, gesprekken_followup, gesprekken_daytotal, gesprekken_tipscore, gesprekken_daytiptotal, gesprekken_conversation_parents IN SHARE ROW EXCLUSIVE MODE",
        """UPDATE gesprekken_conversation SET day = (gesprekken_conversation.occurred_at AT TIME ZONE 'Europe/Amsterdam')::date
WHERE day IS DISTINCT FROM (gesprekken_conversation.occurred_at AT TIME ZONE 'Europe/Amsterdam')::date""",
        """UPDATE gesprekken_followup SET location_id = (SELECT location_id FROM gesprekken_conversation WHERE id = gesprekken_followup.conversation_id)
WHERE location_id IS DISTINCT FROM (SELECT location_id FROM gesprekken_conversation WHERE id = gesprekken_followup.conversation_id)""",
        "DELETE FROM gesprekken_daytotal",
        """INSERT INTO gesprekken_daytotal (location_id, day, kind, n, scored_n, complete_n, score_tenths, escalated_n, stance_n, beside_n)
SELECT c.location_id AS location_id, c.day AS day, c.kind AS kind, CAST(sum(1) AS BIGINT) AS n, CAST(sum(CASE WHEN c.score_percentage IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS scored_n, CAST(sum(CASE WHEN c.score_complete THEN 1 ELSE 0 END) AS BIGINT) AS complete_n, CAST(sum(CASE WHEN c.score_complete THEN COALESCE(CAST(round(c.score_percentage * 10) AS BIGINT), 0) ELSE 0 END) AS BIGINT) AS score_tenths, CAST(sum(CASE WHEN c.escalated OR c.ended_early THEN 1 ELSE 0 END) AS BIGINT) AS escalated_n, CAST(sum(CASE WHEN c.own_stance <> '' THEN 1 ELSE 0 END) AS BIGINT) AS stance_n, CAST(sum(CASE WHEN c.own_stance = 'naast' THEN 1 ELSE 0 END) AS BIGINT) AS beside_n
FROM gesprekken_conversation c
WHERE true
GROUP BY c.location_id, c.day, c.kind
ORDER BY day, location_id, kind""",
        "DELETE FROM gesprekken_daytiptotal",
        """INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
SELECT c.location_id AS location_id, c.day AS day, s.tip_id AS tip_id, CAST(sum(1) AS BIGINT) AS n, CAST(sum(s.level) AS BIGINT) AS level_sum
FROM gesprekken_tipscore s, gesprekken_conversation c
WHERE c.id = s.conversation_id AND s.level IS NOT NULL AND c.score_complete
GROUP BY c.location_id, c.day, s.tip_id
ORDER BY day, location_id, tip_id""",
        """UPDATE kinderen_child SET last_talk_at = m.last_talk_at
FROM (SELECT kept.id, found.last_talk_at FROM kinderen_child kept
LEFT JOIN (SELECT c.child_id AS id, max(c.occurred_at) AS last_talk_at
FROM gesprekken_conversation c
WHERE true
GROUP BY c.child_id) found ON found.id = kept.id) m
WHERE kinderen_child.id = m.id AND (kinderen_child.last_talk_at) IS DISTINCT FROM (m.last_talk_at)""",
        """UPDATE ouders_parent SET last_handover_at = m.last_handover_at, last_sit_down_at = m.last_sit_down_at
FROM (SELECT kept.id, found.last_handover_at, found.last_sit_down_at FROM ouders_parent kept
LEFT JOIN (SELECT l.parent_id AS id, max(CASE WHEN c.kind IN ('breng', 'haal') THEN c.occurred_at END) AS last_handover_at, max(CASE WHEN c.kind NOT IN ('breng', 'haal') THEN c.occurred_at END) AS last_sit_down_at
FROM gesprekken_conversation_parents l, gesprekken_conversation c
WHERE c.id = l.conversation_id
GROUP BY l.parent_id) found ON found.id = kept.id) m
WHERE ouders_parent.id = m.id AND (ouders_parent.last_handover_at, ouders_parent.last_sit_down_at) IS DISTINCT FROM (m.last_handover_at, m.last_sit_down_at)""",
    ],
    "sqlite": [
        """UPDATE gesprekken_conversation SET day = local_day(gesprekken_conversation.occurred_at)
WHERE day IS NOT local_day(gesprekken_conversation.occurred_at)""",
        """UPDATE gesprekken_followup SET location_id = (SELECT location_id FROM gesprekken_conversation WHERE id = gesprekken_followup.conversation_id)
WHERE location_id IS NOT (SELECT location_id FROM gesprekken_conversation WHERE id = gesprekken_followup.conversation_id)""",
        "DELETE FROM gesprekken_daytotal",
        """INSERT INTO gesprekken_daytotal (location_id, day, kind, n, scored_n, complete_n, score_tenths, escalated_n, stance_n, beside_n)
SELECT c.location_id AS location_id, c.day AS day, c.kind AS kind, CAST(sum(1) AS BIGINT) AS n, CAST(sum(CASE WHEN c.score_percentage IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS scored_n, CAST(sum(CASE WHEN c.score_complete THEN 1 ELSE 0 END) AS BIGINT) AS complete_n, CAST(sum(CASE WHEN c.score_complete THEN COALESCE(CAST(round(c.score_percentage * 10) AS BIGINT), 0) ELSE 0 END) AS BIGINT) AS score_tenths, CAST(sum(CASE WHEN c.escalated OR c.ended_early THEN 1 ELSE 0 END) AS BIGINT) AS escalated_n, CAST(sum(CASE WHEN c.own_stance <> '' THEN 1 ELSE 0 END) AS BIGINT) AS stance_n, CAST(sum(CASE WHEN c.own_stance = 'naast' THEN 1 ELSE 0 END) AS BIGINT) AS beside_n
FROM gesprekken_conversation c
WHERE true
GROUP BY c.location_id, c.day, c.kind
ORDER BY day, location_id, kind""",
        "DELETE FROM gesprekken_daytiptotal",
        """INSERT INTO gesprekken_daytiptotal (location_id, day, tip_id, n, level_sum)
SELECT c.location_id AS location_id, c.day AS day, s.tip_id AS tip_id, CAST(sum(1) AS BIGINT) AS n, CAST(sum(s.level) AS BIGINT) AS level_sum
FROM gesprekken_tipscore s, gesprekken_conversation c
WHERE c.id = s.conversation_id AND s.level IS NOT NULL AND c.score_complete
GROUP BY c.location_id, c.day, s.tip_id
ORDER BY day, location_id, tip_id""",
        """UPDATE kinderen_child SET last_talk_at = m.last_talk_at
FROM (SELECT kept.id, found.last_talk_at FROM kinderen_child kept
LEFT JOIN (SELECT c.child_id AS id, max(c.occurred_at) AS last_talk_at
FROM gesprekken_conversation c
WHERE true
GROUP BY c.child_id) found ON found.id = kept.id) m
WHERE kinderen_child.id = m.id AND (kinderen_child.last_talk_at) IS NOT (m.last_talk_at)""",
        """UPDATE ouders_parent SET last_handover_at = m.last_handover_at, last_sit_down_at = m.last_sit_down_at
FROM (SELECT kept.id, found.last_handover_at, found.last_sit_down_at FROM ouders_parent kept
LEFT JOIN (SELECT l.parent_id AS id, max(CASE WHEN c.kind IN ('breng', 'haal') THEN c.occurred_at END) AS last_handover_at, max(CASE WHEN c.kind NOT IN ('breng', 'haal') THEN c.occurred_at END) AS last_sit_down_at
FROM gesprekken_conversation_parents l, gesprekken_conversation c
WHERE c.id = l.conversation_id
GROUP BY l.parent_id) found ON found.id = kept.id) m
WHERE ouders_parent.id = m.id AND (ouders_parent.last_handover_at, ouders_parent.last_sit_down_at) IS NOT (m.last_handover_at, m.last_sit_down_at)""",
    ],
}

DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_conversation ON gesprekken_conversation",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation ON gesprekken_conversation",
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_followup ON gesprekken_followup",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_tipscore ON gesprekken_tipscore",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_parents ON gesprekken_conversation_parents",
        "DROP FUNCTION IF EXISTS inzicht_guard_gesprekken_conversation()",
        "DROP FUNCTION IF EXISTS inzicht_keep_gesprekken_conversation()",
        "DROP FUNCTION IF EXISTS inzicht_guard_gesprekken_followup()",
        "DROP FUNCTION IF EXISTS inzicht_keep_gesprekken_tipscore()",
        "DROP FUNCTION IF EXISTS inzicht_keep_gesprekken_conversation_parents()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_conversation_insert",
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_conversation_update",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_insert",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_delete",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_update_agreement_location",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_update_day_totals",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_update_tip_totals",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_update_child_last_talk",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_update_parent_last_talks",
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_followup_insert",
        "DROP TRIGGER IF EXISTS inzicht_guard_gesprekken_followup_update",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_tipscore_insert",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_tipscore_delete",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_tipscore_update_tip_totals",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_parents_insert",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_parents_delete",
        "DROP TRIGGER IF EXISTS inzicht_keep_gesprekken_conversation_parents_update_parent_last_talks",
    ],
}


def _vendor(schema_editor):
    return "postgresql" if schema_editor.connection.vendor == "postgresql" else "sqlite"


def forward(apps, schema_editor):
    vendor = _vendor(schema_editor)
    for statement in DROP_PREVIOUS[vendor] + INSTALL[vendor] + REBUILD[vendor]:
        schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    vendor = _vendor(schema_editor)
    for statement in DROP[vendor] + importlib.import_module(PREVIOUS).INSTALL[vendor]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("gesprekken", "0016_rescore_conversations"),
        ("inzicht", "0004_daytotal_complete_and_stance"),
        ("kinderen", "0003_child_last_talk_at"),
        ("ouders", "0003_text_length_limits"),
    ]

    operations = [migrations.RunPython(forward, backward)]
