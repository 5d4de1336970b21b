"""The daily totals move from gesprekken to inzicht: only Django's state moves.

The tables keep their names (gesprekken_daytotal, gesprekken_daytiptotal) and their rows;
gesprekken 0013 removes the models from gesprekken's state. The content types move
along, so permissions granted on them stay.
"""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ["daytotal", "daytiptotal"]


def move_content_types(apps, schema_editor, *, source="gesprekken", target="inzicht"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="inzicht", target="gesprekken")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("gesprekken", "0012_feedback_recipient"),
        ("organisatie", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DayTipTotal",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("day", models.DateField()),
                        ("n", models.IntegerField(default=0)),
                        ("level_sum", models.IntegerField(default=0)),
                        ("location", models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisatie.location")),
                        ("tip", models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="gesprekken.tip")),
                    ],
                    options={
                        "db_table": "gesprekken_daytiptotal",
                        "indexes": [models.Index(fields=["day", "location", "tip", "n", "level_sum"], name="daytiptotal_day_idx")],
                        "constraints": [models.UniqueConstraint(fields=("location", "day", "tip"), name="daytiptotal_unique")],
                    },
                ),
                migrations.CreateModel(
                    name="DayTotal",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("day", models.DateField()),
                        ("kind", models.CharField(max_length=20)),
                        ("n", models.IntegerField(default=0)),
                        ("scored_n", models.IntegerField(default=0)),
                        ("score_tenths", models.BigIntegerField(default=0)),
                        ("escalated_n", models.IntegerField(default=0)),
                        ("location", models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisatie.location")),
                    ],
                    options={
                        "db_table": "gesprekken_daytotal",
                        "indexes": [models.Index(fields=["day", "location", "kind", "n", "scored_n", "score_tenths", "escalated_n"], name="daytotal_day_idx")],
                        "constraints": [models.UniqueConstraint(fields=("location", "day", "kind"), name="daytotal_unique")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
