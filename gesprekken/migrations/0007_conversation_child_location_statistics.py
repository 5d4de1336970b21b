"""PostgreSQL: tell the planner that a child's conversations all sit at one location.

Without it, `child_id = X AND location_id IN (...)` is estimated at one row and the
child's timeline sorts all its talks instead of reading conv_child_when_idx in order
(measured at a million conversations: 2.4 ms -> 0.2 ms). SQLite has no equivalent.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE STATISTICS IF NOT EXISTS conv_child_location_dep (dependencies) "
            "ON child_id, location_id FROM gesprekken_conversation"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP STATISTICS IF EXISTS conv_child_location_dep")


class Migration(migrations.Migration):
    dependencies = [("gesprekken", "0006_conversation_when_indexes")]

    operations = [migrations.RunPython(forward, backward)]
