from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisatie.access import scoped_by_location
from ouderportaal.db import LONG_TEXT, NOTE_TEXT, text_length_limits
from ouders.models import Language

from .. import vocabulary
from ..derived import fill_derived, local_day
from ..scoring import completeness_label


class LocalDayField(models.DateField):
    """The local date (settings.TIME_ZONE) of another datetime field, filled on every save.

    ``pre_save`` also runs in ``bulk_create``, so no insert path can forget it; the
    database refuses a row whose day does not match (see inzicht/rollups/).
    """

    def __init__(self, *args, source: str = "occurred_at", **kwargs) -> None:
        self.source = source
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        if self.source != "occurred_at":
            kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add: bool) -> datetime.date | None:
        value = getattr(model_instance, self.source)
        if isinstance(value, str):
            value = models.DateTimeField().to_python(value)
        day = local_day(value) if isinstance(value, datetime.datetime) else None
        setattr(model_instance, self.attname, day)
        return day


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ConversationQuerySet:
        return scoped_by_location(self, user, location="location")

    def for_list(self) -> ConversationQuerySet:
        """What a list row shows: child, author, and no text blobs."""
        return self.select_related("child", "author__user").defer(
            "summary",
            "parent_view",
            "reflection_went_well",
            "reflection_next_time",
            "preparation_notes",
        )


TEXT_LIMITS = {
    "summary": LONG_TEXT,
    "parent_view": LONG_TEXT,
    "reflection_went_well": NOTE_TEXT,
    "reflection_next_time": NOTE_TEXT,
    "preparation_notes": NOTE_TEXT,
}


class Conversation(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=vocabulary.ConversationKind.choices)
    occurred_at = models.DateTimeField(_("date and time"), default=timezone.now)
    # The local calendar day of occurred_at, stored: SQLite cannot convert time zones, and
    # the daily rollups (inzicht/rollups/) are keyed on it.
    day = LocalDayField(source="occurred_at")
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    child = models.ForeignKey(
        "kinderen.Child",
        on_delete=models.CASCADE,
        related_name="conversations",
        verbose_name=_("child"),
    )
    # Denormalised from the child: scoping and the manager's filters use one indexed column.
    location = models.ForeignKey(
        "organisatie.Location",
        on_delete=models.PROTECT,
        related_name="conversations",
        editable=False,
    )
    parents = models.ManyToManyField(
        "ouders.Parent",
        related_name="conversations",
        blank=True,
        verbose_name=_("parents present"),
    )
    author = models.ForeignKey(
        "organisatie.StaffMember",
        on_delete=models.PROTECT,
        related_name="conversations",
        verbose_name=_("logged by"),
    )
    co_staff = models.ManyToManyField(
        "organisatie.StaffMember",
        related_name="co_conversations",
        blank=True,
        verbose_name=_("colleagues present"),
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    topics_other = models.CharField(_("other topic"), max_length=200, blank=True)
    participation_discussed = models.BooleanField(default=False, editable=False)
    tone = models.CharField(_("tone"), max_length=10, choices=vocabulary.Tone.choices, blank=True)
    summary = models.TextField(_("summary"), blank=True, max_length=TEXT_LIMITS["summary"])
    parent_view = models.TextField(
        _("what the parents said"), blank=True, max_length=TEXT_LIMITS["parent_view"]
    )
    parent_stance = models.CharField(
        _("parent stance"), max_length=15, choices=vocabulary.ParentStance.choices, blank=True
    )
    own_stance = models.CharField(
        _("my stance"), max_length=10, choices=vocabulary.OwnStance.choices, blank=True
    )
    language = models.CharField(
        _("language used"), max_length=10, choices=Language.choices, default=Language.DUTCH
    )
    interpreter = models.CharField(
        _("interpreter"),
        max_length=15,
        choices=vocabulary.Interpreter.choices,
        default=vocabulary.Interpreter.NONE,
    )
    escalated = models.BooleanField(_("escalated"), default=False)
    ended_early = models.BooleanField(_("ended early"), default=False)
    reflection_went_well = models.TextField(
        _("what went well"), blank=True, max_length=TEXT_LIMITS["reflection_went_well"]
    )
    reflection_next_time = models.TextField(
        _("what I will do differently next time"),
        blank=True,
        max_length=TEXT_LIMITS["reflection_next_time"],
    )
    preparation_notes = models.TextField(
        _("preparation notes"), blank=True, max_length=TEXT_LIMITS["preparation_notes"]
    )
    staff_seconds = models.PositiveIntegerField(_("I spoke (seconds)"), null=True, blank=True)
    parent_seconds = models.PositiveIntegerField(
        _("parents spoke (seconds)"), null=True, blank=True
    )
    # The score, kept with the row so lists and filters never recompute it.
    score_percentage = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, editable=False
    )
    score_scored = models.PositiveSmallIntegerField(default=0, editable=False)
    score_applicable = models.PositiveSmallIntegerField(default=0, editable=False)
    # Complete enough to count in trends and team figures (scoring.is_complete); stored so
    # that the rollups and the sort read one column.
    score_complete = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    history = HistoricalRecords(excluded_fields=["idempotency_key", "day"])
    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["location", "-occurred_at"], name="conv_location_when_idx"),
            models.Index(fields=["author", "-occurred_at"], name="conv_author_when_idx"),
            models.Index(fields=["child", "-occurred_at"], name="conv_child_when_idx"),
            # Organisation-wide history (admins) and period blocks of the overview.
            models.Index(fields=["-occurred_at", "-id"], name="conv_when_idx"),
            models.Index(
                fields=["-occurred_at"],
                condition=models.Q(escalated=True) | models.Q(ended_early=True),
                name="conv_escalation_when_idx",
            ),
            # The overview's escalations list for one location.
            models.Index(
                fields=["location", "-occurred_at"],
                condition=models.Q(escalated=True) | models.Q(ended_early=True),
                name="conv_loc_escalation_when_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=vocabulary.ConversationKind.values),
                name="conversation_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__isnull=True)
                | models.Q(duration_minutes__lte=600),
                name="conversation_duration_range",
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="conversation_version_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(score_percentage__isnull=True)
                | models.Q(score_percentage__gte=0, score_percentage__lte=100),
                name="conversation_score_range",
            ),
            *text_length_limits("conversation", TEXT_LIMITS),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"

    @property
    def is_handover(self) -> bool:
        return self.kind in vocabulary.HANDOVER_KINDS

    @property
    def completeness_display(self) -> str:
        return completeness_label(self.score_scored, self.score_applicable)

    @property
    def score_shown(self) -> int | None:
        """The whole percentage shown for a complete score; None when unscored or
        incomplete (the page then says so instead of a figure that looks final)."""
        if self.score_percentage is None or not self.score_complete:
            return None
        return int(self.score_percentage)

    def topic_labels(self) -> list[str]:
        labels = dict(vocabulary.Topic.choices)
        names = [str(labels.get(code, code)) for code in self.topics]
        if self.topics_other:
            names.append(self.topics_other)
        return names

    def save(self, *args, **kwargs) -> None:
        # The score needs the levels: the services fill it (gesprekken/derived.py).
        fill_derived(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"occurred_at"} & set(update_fields):
            # The day moves with the time (the database refuses a stale one).
            kwargs["update_fields"] = {*update_fields, "day"}
        super().save(*args, **kwargs)
