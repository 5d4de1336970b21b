"""PostgreSQL: audit rows cannot be deleted, and an update may only drop the link to a
person (pseudonymisation, or a deleted user account), nothing else.

SQLite keeps the app-level guard only: its test flush deletes rows, which a trigger
would block, and production runs on PostgreSQL.
"""

from django.db import migrations

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'audit rows cannot be deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.id <> OLD.id
           OR NEW.at <> OLD.at
           OR NEW.action <> OLD.action
           OR NEW.object_type <> OLD.object_type
           OR NEW.organization_id IS DISTINCT FROM OLD.organization_id
           OR NEW.location_id IS DISTINCT FROM OLD.location_id
           OR (NEW.user_id IS NOT NULL AND NEW.user_id IS DISTINCT FROM OLD.user_id)
           OR (NEW.child_id IS NOT NULL AND NEW.child_id IS DISTINCT FROM OLD.child_id)
           OR (NEW.object_id IS NOT NULL AND NEW.object_id IS DISTINCT FROM OLD.object_id)
           OR (NEW.ip <> '' AND NEW.ip <> OLD.ip)
           OR (OLD.pseudonymised AND NOT NEW.pseudonymised)
        THEN
            RAISE EXCEPTION 'audit rows cannot be changed' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
    """,
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;",
    "DROP FUNCTION IF EXISTS audit_append_only();",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
