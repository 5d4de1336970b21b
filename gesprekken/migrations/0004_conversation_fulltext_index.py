"""Full-text search on PostgreSQL: GIN indexes with the Dutch configuration.

The expressions must match gesprekken/search.py exactly, or PostgreSQL won't use them.
SQLite has no equivalent; the search falls back to a contains-search there.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE INDEX IF NOT EXISTS conv_fulltext_dutch_idx ON gesprekken_conversation "
    "USING gin (to_tsvector('dutch'::regconfig, "
    "coalesce(summary, '') || ' ' || coalesce(parent_view, '')))",
    "CREATE INDEX IF NOT EXISTS followup_fulltext_dutch_idx ON gesprekken_followup "
    "USING gin (to_tsvector('dutch'::regconfig, description))",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS conv_fulltext_dutch_idx",
    "DROP INDEX IF EXISTS followup_fulltext_dutch_idx",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("gesprekken", "0003_feedback")]

    operations = [migrations.RunPython(forward, backward)]
