from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisatie.access import scoped_by_location
from organisatie.models import Group, Location, Organization, StaffMember
from ouderportaal.db import TriggerKeptFieldsMixin


def name_search_q(term: str, fields: tuple[str, ...] = ("first_name", "last_name")) -> models.Q:
    """Every word of the term must appear in one of the name fields (case-insensitive)."""
    query = models.Q()
    for word in term.split()[:5]:
        word_q = models.Q()
        for name in fields:
            word_q |= models.Q(**{f"{name}__icontains": word})
        query &= word_q
    return query


class ChildQuerySet(models.QuerySet):
    def search_name(self, term: str) -> ChildQuerySet:
        return self.filter(name_search_q(term))

    def visible_to(self, user) -> ChildQuerySet:
        return scoped_by_location(self, user, location="location")

    def in_care(self, on: datetime.date | None = None) -> ChildQuerySet:
        day = on or timezone.localdate()
        return self.filter(start_date__lte=day).filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=day)
        )


class Child(TriggerKeptFieldsMixin, models.Model):
    TRIGGER_KEPT = ("last_talk_at",)  # kept by database triggers

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="children", verbose_name=_("group")
    )
    # Denormalised from the group so every scoped query filters on one indexed column.
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        related_name="children",
        editable=False,
        verbose_name=_("location"),
    )
    start_date = models.DateField(_("start of care"))
    end_date = models.DateField(_("end of care"), null=True, blank=True)
    mentor = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_children",
        verbose_name=_("mentor"),
        help_text=_("The pedagogical staff member responsible for this child."),
    )
    # The time of the latest conversation about this child, kept by database triggers on
    # the conversations (inzicht/rollups/): the overview's "no conversation in n
    # weeks" reads it instead of scanning every child's talks.
    last_talk_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["first_name", "last_name"]
        indexes = [
            models.Index(fields=["location", "last_name"], name="child_location_name_idx"),
            models.Index(fields=["group", "first_name"], name="child_group_name_idx"),
            models.Index(fields=["location", "last_talk_at"], name="child_location_last_talk_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="child_end_not_before_start",
                violation_error_message=_("The end of care cannot be before the start."),
            ),
            # "Not in the future" depends on today, which a CHECK cannot use; a child is
            # always born before care starts, which the database can hold absolutely.
            models.CheckConstraint(
                condition=models.Q(date_of_birth__lte=models.F("start_date")),
                name="child_born_before_care_starts",
                violation_error_message=_("Care cannot start before the date of birth."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: datetime.date) -> tuple[int, int]:
        """Age in whole years and remaining months."""
        months = (day.year - self.date_of_birth.year) * 12 + day.month - self.date_of_birth.month
        if day.day < self.date_of_birth.day:
            months -= 1
        months = max(months, 0)
        return months // 12, months % 12

    @property
    def age_display(self) -> str:
        return self.age_on_display(timezone.localdate())

    def age_on_display(self, day: datetime.date) -> str:
        years, months = self.age_on(day)
        if years < 2:
            total = years * 12 + months
            return _("%(months)d mo") % {"months": total}
        return _("%(years)d yr") % {"years": years}

    def save(self, *args, **kwargs) -> None:
        if self.group_id is not None:
            self.location_id = (
                Group.objects.filter(pk=self.group_id).values_list("location_id", flat=True).get()
            )
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and {"group", "group_id"} & set(update_fields):
                # Saving only the group must save the location with it (the trigger checks both).
                kwargs["update_fields"] = {*update_fields, "location"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        today = timezone.localdate()
        if self.date_of_birth and self.date_of_birth > today:
            errors.setdefault("date_of_birth", []).append(
                _("The date of birth cannot be in the future.")
            )
        if self.date_of_birth and self.start_date and self.start_date < self.date_of_birth:
            errors.setdefault("start_date", []).append(
                _("Care cannot start before the date of birth.")
            )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors.setdefault("end_date", []).append(
                _("The end of care cannot be before the start.")
            )
        if self.mentor_id and self.group_id:
            location_id = Group.objects.filter(pk=self.group_id).values_list(
                "location_id", flat=True
            )
            works_there = StaffMember.objects.filter(
                pk=self.mentor_id, locations__in=location_id, role="pm"
            ).exists()
            if not works_there:
                errors.setdefault("mentor", []).append(
                    _("The mentor must be a pedagogical staff member of the child's location.")
                )
        if errors:
            raise ValidationError(errors)


class ChildExternalId(models.Model):
    """The childcare administration's id of a child, per organisation (set by the import)."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="external_id")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    external_id = models.CharField(_("number in the childcare administration"), max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "external_id"], name="childexternalid_unique"
            )
        ]

    def __str__(self) -> str:
        return self.external_id
