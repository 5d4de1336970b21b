"""Fill the new Conversation.day (the local date) and FollowUp.location (the conversation's).

Plain SQL per database: a million rows in one statement, no model instances.
"""

from django.db import migrations

from inzicht.rollups import local_day_sql


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(
        "UPDATE gesprekken_conversation SET day = "
        f"{local_day_sql('occurred_at', vendor)} WHERE day IS NULL"
    )
    schema_editor.execute(
        "UPDATE gesprekken_followup SET location_id = c.location_id "
        "FROM gesprekken_conversation c WHERE c.id = gesprekken_followup.conversation_id "
        "AND gesprekken_followup.location_id IS NULL"
    )


class Migration(migrations.Migration):
    dependencies = [("gesprekken", "0008_conversation_day_followup_location_rollups")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
