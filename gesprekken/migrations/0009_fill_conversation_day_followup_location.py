"""Fill the new Conversation.day (the local date) and FollowUp.location (the conversation's).

Plain SQL per database: a million rows in one statement, no model instances. Frozen:
the local-day expressions are the ones the rollup code had when this migration was
written (on SQLite the EU summer-time rule; later migrations correct the days it gets
wrong before 1996).
"""

from django.db import migrations

LOCAL_DAY = {
    "postgresql": "(occurred_at AT TIME ZONE 'Europe/Amsterdam')::date",
    "sqlite": (
        "date(substr(occurred_at, 1, 19), CASE WHEN occurred_at >= date(occurred_at, 'start of year', '+2 months', '+24 days', 'weekday 0') || ' 01:00:00' AND occurred_at < date(occurred_at, 'start of year', '+9 months', '+24 days', 'weekday 0') || ' 01:00:00' THEN '+2 hours' ELSE '+1 hours' END)"
    ),
}


def forward(apps, schema_editor):
    vendor = "postgresql" if schema_editor.connection.vendor == "postgresql" else "sqlite"
    schema_editor.execute(
        f"UPDATE gesprekken_conversation SET day = {LOCAL_DAY[vendor]} WHERE day IS NULL",
        params=None,
    )
    schema_editor.execute(
        "UPDATE gesprekken_followup SET location_id = c.location_id "
        "FROM gesprekken_conversation c WHERE c.id = gesprekken_followup.conversation_id "
        "AND gesprekken_followup.location_id IS NULL",
        params=None,
    )


class Migration(migrations.Migration):
    dependencies = [("gesprekken", "0008_conversation_day_followup_location_rollups")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
