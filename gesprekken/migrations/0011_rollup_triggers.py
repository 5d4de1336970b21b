"""The triggers that keep the overview's totals (gesprekken/rollups.py), and a first fill.

A later migration that makes Django rebuild one of the trigger tables on SQLite
(gesprekken_conversation, _tipscore, _conversation_parents, _followup) drops the
triggers with it: run ``rollups.install_triggers`` again after such an operation.
"""

from django.db import migrations

from inzicht import rollups


def forward(apps, schema_editor):
    rollups.install_triggers(schema_editor.connection)
    rollups.rebuild(schema_editor.connection)


def backward(apps, schema_editor):
    rollups.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("gesprekken", "0010_conversation_day_followup_location_required"),
        ("kinderen", "0003_child_last_talk_at"),
        ("ouders", "0002_parent_last_talks"),
    ]

    operations = [migrations.RunPython(forward, backward)]
