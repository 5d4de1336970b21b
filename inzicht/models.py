"""Daily totals of the conversations, kept by database triggers (see inzicht/rollups/).

Never written by the application: the triggers add and subtract each change, and
``manage.py rebuild_rollups`` recomputes them from the conversations. A row whose counts
fell to zero may stay; every read sums, so it adds nothing. The tables keep the names
they had when these models lived in gesprekken.
"""

from __future__ import annotations

from django.db import models

from organisatie.access import scoped_by_location


class RollupQuerySet(models.QuerySet):
    def visible_to(self, user) -> RollupQuerySet:
        return scoped_by_location(self, user, location="location")


class LocationDay(models.Model):
    """A row of totals for one location on one local day."""

    # No database constraint: the rows are derived (a conversation guards its location),
    # and a million foreign-key checks would slow every write and a rebuild.
    location = models.ForeignKey(
        "organisatie.Location",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    day = models.DateField()

    objects = RollupQuerySet.as_manager()

    class Meta:
        abstract = True


class DayTotal(LocationDay):
    """Conversations of one kind at one location on one local day."""

    kind = models.CharField(max_length=20)
    n = models.IntegerField(default=0)
    scored_n = models.IntegerField(default=0)
    complete_n = models.IntegerField(default=0)  # scores complete enough to count
    # The sum of the complete scores' score_percentage in tenths: whole numbers add up
    # exactly on every database.
    score_tenths = models.BigIntegerField(default=0)
    escalated_n = models.IntegerField(default=0)  # escalated or ended early
    stance_n = models.IntegerField(default=0)  # own stance noted
    beside_n = models.IntegerField(default=0)  # own stance "naast"

    class Meta:
        db_table = "gesprekken_daytotal"
        constraints = [
            models.UniqueConstraint(fields=["location", "day", "kind"], name="daytotal_unique")
        ]
        # A period of the whole organisation: an index-only scan on PostgreSQL (all the
        # columns as keys; SQLite has no INCLUDE).
        indexes = [
            models.Index(
                fields=[
                    "day",
                    "location",
                    "kind",
                    "n",
                    "scored_n",
                    "complete_n",
                    "score_tenths",
                    "escalated_n",
                    "stance_n",
                    "beside_n",
                ],
                name="daytotal_day_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.location_id} {self.day} {self.kind}: {self.n}"


class DayTipTotal(LocationDay):
    """Levels given for one tip (n.v.t. left out) in talks whose score is complete enough
    to count, at one location on one local day."""

    tip = models.ForeignKey(
        "gesprekken.Tip",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    n = models.IntegerField(default=0)
    level_sum = models.IntegerField(default=0)

    class Meta:
        db_table = "gesprekken_daytiptotal"
        constraints = [
            models.UniqueConstraint(fields=["location", "day", "tip"], name="daytiptotal_unique")
        ]
        indexes = [
            models.Index(
                fields=["day", "location", "tip", "n", "level_sum"], name="daytiptotal_day_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.location_id} {self.day} tip {self.tip_id}: {self.n}"
