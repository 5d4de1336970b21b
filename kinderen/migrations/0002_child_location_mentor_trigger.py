"""Database guard: a child's location is its group's, and its mentor is a pm'er there.

A CHECK constraint cannot look at other tables, so this is a trigger on both
SQLite and PostgreSQL; the model's clean() gives the friendly message first.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE TRIGGER kinderen_child_guard_{event} BEFORE {event_sql} ON kinderen_child
    BEGIN
        SELECT RAISE(ABORT, 'child location must be the location of its group')
        WHERE NEW.location_id IS NOT (
            SELECT location_id FROM organisatie_group WHERE id = NEW.group_id
        );
        SELECT RAISE(ABORT, 'mentor must be a pm''er working at the child''s location')
        WHERE NEW.mentor_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM organisatie_staffmember_locations sl
            JOIN organisatie_staffmember s ON s.id = sl.staffmember_id
            WHERE sl.staffmember_id = NEW.mentor_id
              AND sl.location_id = NEW.location_id
              AND s.role = 'pm'
        );
    END;
    """.format(event=event, event_sql=event_sql)
    for event, event_sql in (
        ("insert", "INSERT"),
        ("update", "UPDATE OF group_id, location_id, mentor_id"),
    )
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS kinderen_child_guard_insert;",
    "DROP TRIGGER IF EXISTS kinderen_child_guard_update;",
]

POSTGRES_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION kinderen_child_guard() RETURNS trigger AS $$
    BEGIN
        IF NEW.location_id IS DISTINCT FROM (
            SELECT location_id FROM organisatie_group WHERE id = NEW.group_id
        ) THEN
            RAISE EXCEPTION 'child location must be the location of its group'
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.mentor_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM organisatie_staffmember_locations sl
            JOIN organisatie_staffmember s ON s.id = sl.staffmember_id
            WHERE sl.staffmember_id = NEW.mentor_id
              AND sl.location_id = NEW.location_id
              AND s.role = 'pm'
        ) THEN
            RAISE EXCEPTION 'mentor must be a pm''er working at the child''s location'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER kinderen_child_guard
    BEFORE INSERT OR UPDATE OF group_id, location_id, mentor_id ON kinderen_child
    FOR EACH ROW EXECUTE FUNCTION kinderen_child_guard();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS kinderen_child_guard ON kinderen_child;",
    "DROP FUNCTION IF EXISTS kinderen_child_guard();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("kinderen", "0001_initial"),
        ("organisatie", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
