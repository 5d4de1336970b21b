from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access import Scope, scope_for, scoped_by_location
from .roles import Role


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrganizationQuerySet:
        scope = scope_for(user)
        if scope.is_empty:
            return self.none()
        return self.filter(pk=scope.organization_id)


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    reach_alert_weeks = models.PositiveSmallIntegerField(
        _("reach alert after (weeks)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("Warn when nobody has talked with a child's parents for this many weeks."),
    )
    # Most parents are seen at the door every day; a yearly sit-down talk is the usual
    # rhythm, so a parent counts as "only talked to at the door" after a year without one.
    # A shorter window listed most parents and the alert lost its meaning.
    sit_down_alert_months = models.PositiveSmallIntegerField(
        _("sit-down alert after (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_(
            "Warn about parents seen at drop-off or pick-up who have had no sit-down talk "
            "for this many months."
        ),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("retention period (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("How long a child's records are kept after the end of care."),
    )
    portal_parents_without_authority = models.BooleanField(
        _("parents without parental authority use the parent portal"),
        default=False,
        db_default=False,
        help_text=_(
            "When on, a parent without parental authority sees the talks shared with them "
            "in the parent portal; when off, only parents with authority do."
        ),
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reach_alert_weeks__gte=1, reach_alert_weeks__lte=52),
                name="organization_reach_alert_weeks_range",
            ),
            models.CheckConstraint(
                condition=models.Q(sit_down_alert_months__gte=1, sit_down_alert_months__lte=36),
                name="organization_sit_down_alert_months_range",
            ),
            models.CheckConstraint(
                condition=models.Q(retention_months__gte=1, retention_months__lte=120),
                name="organization_retention_months_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LocationQuerySet(models.QuerySet):
    def visible_to(self, user) -> LocationQuerySet:
        scope = scope_for(user)
        if scope.is_empty:
            return self.none()
        if scope.whole_organization:
            return self.filter(organization_id=scope.organization_id)
        return self.filter(pk__in=scope.location_ids)

    def active(self) -> LocationQuerySet:
        """Open locations: the ones offered for new children and staff."""
        return self.filter(is_active=True)


def _children_still_in_care(record) -> bool:
    """Whether a location or group still has children whose care has not ended."""
    if record.pk is None:
        return False
    today = timezone.localdate()
    return (
        record.children.filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=today))
        .order_by()
        .exists()
    )


class Location(models.Model):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="locations",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100, blank=True)
    # A closed location is kept for its history (its children's records, the audit trail)
    # but is no longer offered for new children or staff.
    is_active = models.BooleanField(
        _("open"),
        default=True,
        help_text=_("Closed locations keep their history but are not offered for new children."),
    )

    objects = LocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="location_unique_name_per_organization"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.is_active and _children_still_in_care(self):
            raise ValidationError(
                {
                    "is_active": _(
                        "Children are still in care at this location: move them or end "
                        "their care first."
                    )
                }
            )


class CareType(models.TextChoices):
    DAYCARE = "dagopvang", _("Day care (0–4)")
    PRESCHOOL = "peuteropvang", _("Preschool (2–4)")
    OUT_OF_SCHOOL = "bso", _("Out-of-school care (4–13)")


class GroupQuerySet(models.QuerySet):
    def visible_to(self, user) -> GroupQuerySet:
        return scoped_by_location(self, user, location="location")

    def active(self) -> GroupQuerySet:
        """Open groups of open locations: the ones offered for new children."""
        return self.filter(is_active=True, location__is_active=True)


# Children up to 13 (bso): 156 months.
MAX_AGE_MONTHS = 156


class Group(models.Model):
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="groups", verbose_name=_("location")
    )
    name = models.CharField(_("name"), max_length=100)
    care_type = models.CharField(_("care type"), max_length=20, choices=CareType.choices)
    # The age range in months (a daycare group 0–48, a toddler group 24–48); empty: any age.
    min_age_months = models.PositiveSmallIntegerField(
        _("from age (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE_MONTHS)],
    )
    max_age_months = models.PositiveSmallIntegerField(
        _("up to age (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE_MONTHS)],
    )
    is_active = models.BooleanField(
        _("open"),
        default=True,
        help_text=_("Closed groups keep their history but are not offered for new children."),
    )

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["location__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "name"], name="group_unique_name_per_location"
            ),
            models.CheckConstraint(
                condition=models.Q(care_type__in=CareType.values), name="group_care_type_valid"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(min_age_months__isnull=True)
                    | models.Q(min_age_months__gte=0, min_age_months__lte=MAX_AGE_MONTHS)
                )
                & (
                    models.Q(max_age_months__isnull=True)
                    | models.Q(max_age_months__gte=0, max_age_months__lte=MAX_AGE_MONTHS)
                ),
                name="group_age_months_range",
            ),
            models.CheckConstraint(
                condition=models.Q(min_age_months__isnull=True)
                | models.Q(max_age_months__isnull=True)
                | models.Q(min_age_months__lte=models.F("max_age_months")),
                name="group_age_min_not_above_max",
                violation_error_message=_("The lowest age cannot be above the highest age."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.location.name})"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        low, high = self.min_age_months, self.max_age_months
        if low is not None and high is not None and low > high:
            errors.setdefault("max_age_months", []).append(
                _("The highest age cannot be below the lowest age.")
            )
        if not self.is_active and _children_still_in_care(self):
            errors.setdefault("is_active", []).append(
                _("Children are still in care in this group: move them or end their care first.")
            )
        if errors:
            raise ValidationError(errors)


class StaffMemberQuerySet(models.QuerySet):
    def visible_to(self, user) -> StaffMemberQuerySet:
        scope = scope_for(user)
        if scope.is_empty:
            return self.none()
        if scope.whole_organization:
            return self.filter(organization_id=scope.organization_id)
        return self.filter(
            organization_id=scope.organization_id, locations__in=scope.location_ids
        ).distinct()


class StaffMember(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_member",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="staff_members",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PM)
    locations = models.ManyToManyField(
        Location,
        related_name="staff_members",
        blank=True,
        verbose_name=_("locations"),
        help_text=_("The locations this person works at (pm'er) or manages (manager)."),
    )
    groups = models.ManyToManyField(
        Group,
        related_name="staff_members",
        blank=True,
        verbose_name=_("groups"),
        help_text=_("The groups this person usually works in; shown first on their home page."),
    )

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["user__first_name", "user__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="staff_role_valid"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def scope(self) -> Scope:
        return scope_for(self.user)
