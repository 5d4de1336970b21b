"""The daily totals now live in inzicht (inzicht 0001): only Django's state changes here.

The tables and their rows stay as they are.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("gesprekken", "0012_feedback_recipient"),
        ("inzicht", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DayTipTotal"),
                migrations.DeleteModel(name="DayTotal"),
            ],
            database_operations=[],
        ),
    ]
