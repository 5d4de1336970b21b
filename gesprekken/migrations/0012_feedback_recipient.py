"""Feedback remembers whom it is for (the conversation's author), with a partial index on
the unread rows: the home page's "n new feedback" reads those few rows directly."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_recipient(apps, schema_editor):
    Feedback = apps.get_model("gesprekken", "Feedback")
    Conversation = apps.get_model("gesprekken", "Conversation")
    author = Conversation.objects.filter(pk=OuterRef("conversation_id")).values("author_id")
    Feedback.objects.filter(recipient__isnull=True).update(recipient_id=Subquery(author))


class Migration(migrations.Migration):
    dependencies = [
        ("gesprekken", "0011_rollup_triggers"),
        ("organisatie", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedback",
            name="recipient",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="feedback_received",
                to="organisatie.staffmember",
                verbose_name="for",
            ),
        ),
        migrations.RunPython(fill_recipient, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="feedback",
            name="recipient",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="feedback_received",
                to="organisatie.staffmember",
                verbose_name="for",
            ),
        ),
        migrations.AddIndex(
            model_name="feedback",
            index=models.Index(
                condition=models.Q(("read_at__isnull", True)),
                fields=["recipient"],
                name="feedback_unread_idx",
            ),
        ),
    ]
