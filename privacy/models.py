"""Consent for sharing a child's information (warme overdracht) and the log of erasures."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisatie.access import scoped_by_location
from ouderportaal.db import SHORT_TEXT, text_length_limits
from ouders.models import ChildParent


class ConsentQuerySet(models.QuerySet):
    def visible_to(self, user) -> ConsentQuerySet:
        """The consents of the children the user may see (scoped by the child's location)."""
        return scoped_by_location(self, user, location="child__location")

    def active(self, on: datetime.date | None = None) -> ConsentQuerySet:
        """Given (on or before the day) and not withdrawn."""
        day = on or timezone.localdate()
        return self.filter(withdrawn_on__isnull=True, given_on__lte=day)


class Consent(models.Model):
    """A parent with parental authority agreed that information about the child may be shared
    with one recipient (e.g. the primary school), within a described scope."""

    child = models.ForeignKey(
        "kinderen.Child",
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("child"),
    )
    recipient = models.CharField(
        _("recipient"),
        max_length=200,
        help_text=_("Who may receive the information, e.g. “Primary school De Regenboog, year 1”."),
    )
    scope = models.TextField(
        _("what may be shared"),
        max_length=SHORT_TEXT,
        help_text=_("Which information may be shared, as agreed with the parent."),
    )
    given_by = models.ForeignKey(
        "ouders.Parent",
        on_delete=models.CASCADE,
        related_name="consents_given",
        verbose_name=_("given by"),
        help_text=_("A parent of this child with parental authority."),
    )
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    created_by = models.ForeignKey(
        "organisatie.StaffMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents_recorded",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-pk"]
        indexes = [
            models.Index(fields=["child", "-given_on"], name="consent_child_given_idx"),
        ]
        constraints = [
            *text_length_limits("consent", {"scope": SHORT_TEXT}),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_not_before_given",
                violation_error_message=_("A consent cannot be withdrawn before it was given."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} ({self.given_on:%Y-%m-%d})"

    def is_active(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.withdrawn_on is None and self.given_on <= day

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.child_id and self.given_by_id:
            has_authority = ChildParent.objects.filter(
                child_id=self.child_id, parent_id=self.given_by_id, has_parental_authority=True
            ).exists()
            if not has_authority:
                errors.setdefault("given_by", []).append(
                    _("Consent must be given by a parent of this child with parental authority.")
                )
        if self.given_on and self.given_on > timezone.localdate():
            errors.setdefault("given_on", []).append(
                _("The date the consent was given cannot be in the future.")
            )
        if self.given_on and self.withdrawn_on and self.withdrawn_on < self.given_on:
            errors.setdefault("withdrawn_on", []).append(
                _("A consent cannot be withdrawn before it was given.")
            )
        if errors:
            raise ValidationError(errors)


class ErasureKind(models.TextChoices):
    REQUEST = "request", _("on request of the family")
    RETENTION = "retention", _("retention period expired")


class ErasureRecord(models.Model):
    """That records were erased, when, by whom and why, with counts per kind.

    Holds no child or parent data: the reason is free text, so its help text asks not to
    type names, and the counts are numbers only.
    """

    at = models.DateTimeField(_("time"), default=timezone.now)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
    )
    organization = models.ForeignKey(
        "organisatie.Organization",
        on_delete=models.CASCADE,
        related_name="erasure_records",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ErasureKind.choices, default=ErasureKind.REQUEST
    )
    reason = models.TextField(
        _("reason"),
        max_length=SHORT_TEXT,
        help_text=_(
            "Why the records are erased, e.g. the date and channel of the request. "
            "Do not type names or other personal data here."
        ),
    )
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ErasureKind.values), name="erasure_kind_valid"
            ),
            *text_length_limits("erasure", {"reason": SHORT_TEXT}),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"
