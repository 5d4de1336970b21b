from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..scoring import MAX_LEVEL, TipRule
from ..vocabulary import Applies, Level


class Checklist(models.Model):
    """A set of tips.

    The standard one is seeded by a data migration; organisations may add their own.
    """

    name = models.CharField(_("name"), max_length=200)
    source = models.TextField(_("source"), blank=True)
    organization = models.ForeignKey(
        "organisatie.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checklists",
        verbose_name=_("organisation"),
        help_text=_("Empty for the standard checklist available to every organisation."),
    )
    is_standard = models.BooleanField(_("standard checklist"), default=False)

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        constraints = [
            models.UniqueConstraint(
                fields=["is_standard"],
                condition=models.Q(is_standard=True),
                name="checklist_one_standard",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def standard(cls) -> Checklist:
        return cls.objects.get(is_standard=True)


class TipQuerySet(models.QuerySet):
    def standard(self) -> TipQuerySet:
        return self.filter(checklist__is_standard=True).order_by("number")


class Tip(models.Model):
    checklist = models.ForeignKey(
        Checklist, on_delete=models.CASCADE, related_name="tips", verbose_name=_("checklist")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    guidance_nl = models.TextField(_("guidance (Dutch)"))
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    applies = models.CharField(
        _("applies to"),
        max_length=20,
        choices=Applies.choices,
    )
    speaking_time = models.BooleanField(_("measured by the speaking-time meter"), default=False)

    objects = TipQuerySet.as_manager()

    class Meta:
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        ordering = ["checklist", "number"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "number"], name="tip_unique_number"),
            models.CheckConstraint(
                condition=models.Q(applies__in=Applies.values),
                name="tip_applies_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        if get_language() == "en" and self.title_en:
            return self.title_en
        return self.title_nl

    @property
    def guidance(self) -> str:
        if get_language() == "en" and self.guidance_en:
            return self.guidance_en
        return self.guidance_nl

    @property
    def rule(self) -> TipRule:
        return TipRule(number=self.number, applies=self.applies, speaking_time=self.speaking_time)


class TipScore(models.Model):
    """One tip's level in one conversation. No row: unscored. A row without level: n.v.t."""

    conversation = models.ForeignKey(
        "gesprekken.Conversation",
        on_delete=models.CASCADE,
        related_name="tip_scores",
        verbose_name=_("conversation"),
    )
    tip = models.ForeignKey(Tip, on_delete=models.PROTECT, related_name="scores")
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, null=True, blank=True
    )
    # The speaking-time meter's proposal for a tip the user left open (never a level the
    # user chose): stored so that every per-tip figure counts what the talk's score counts.
    proposed = models.BooleanField(_("proposed by the speaking-time meter"), default=False)

    # Each edit replaces the rows; the history keeps every earlier level.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tip score")
        verbose_name_plural = _("tip scores")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "tip"], name="tipscore_unique"),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__lte=MAX_LEVEL),
                name="tipscore_level_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tip_id}: {self.level}"
