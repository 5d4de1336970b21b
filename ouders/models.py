from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinderen.models import Child, name_search_q
from organisatie.access import scope_for
from organisatie.models import Organization
from ouderportaal.db import SHORT_TEXT, TriggerKeptFieldsMixin, text_length_limits


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    TURKISH = "tr", _("Turkish")
    POLISH = "pl", _("Polish")
    TAMAZIGHT = "ber", _("Tamazight")
    TIGRINYA = "ti", _("Tigrinya")
    UKRAINIAN = "uk", _("Ukrainian")
    SPANISH = "es", _("Spanish")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    PORTUGUESE = "pt", _("Portuguese")
    SOMALI = "so", _("Somali")
    PAPIAMENTU = "pap", _("Papiamentu")
    OTHER = "other", _("Other")


phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{6,20}$",
    message=_("Enter a phone number with digits only, e.g. 06 12345678 or +31 6 12345678."),
)


class ParentQuerySet(models.QuerySet):
    def search_name(self, term: str) -> ParentQuerySet:
        return self.filter(name_search_q(term))

    def visible_to(self, user) -> ParentQuerySet:
        """Parents of children the user may see; admins see every parent of the organisation."""
        scope = scope_for(user)
        if scope.is_empty:
            return self.none()
        if scope.whole_organization:
            return self.filter(organization_id=scope.organization_id)
        linked = ChildParent.objects.filter(
            parent_id=models.OuterRef("pk"), child__location_id__in=scope.location_ids
        )
        return self.filter(organization_id=scope.organization_id).filter(models.Exists(linked))


class Parent(TriggerKeptFieldsMixin, models.Model):
    TRIGGER_KEPT = ("last_handover_at", "last_sit_down_at")  # kept by database triggers

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="parents",
        verbose_name=_("organisation"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=Language.choices, default=Language.DUTCH
    )
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    likes_to_help_with = models.TextField(
        _("likes to help with"),
        blank=True,
        max_length=SHORT_TEXT,
        help_text=_("What this parent is good at and likes to do (never an obligation)."),
    )
    children = models.ManyToManyField(
        Child, through="ChildParent", related_name="parents", verbose_name=_("children")
    )
    # The latest drop-off/pick-up talk and the latest other talk this parent was at, kept
    # by database triggers (inzicht/rollups/) for the overview's "only talked to at
    # the door".
    last_handover_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_sit_down_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParentQuerySet.as_manager()

    class Meta:
        verbose_name = _("parent")
        verbose_name_plural = _("parents")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["organization", "last_name"], name="parent_org_name_idx"),
        ]
        constraints = text_length_limits("parent", {"likes_to_help_with": SHORT_TEXT})

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Relationship(models.TextChoices):
    MOTHER = "moeder", _("Mother")
    FATHER = "vader", _("Father")
    PARENT = "ouder", _("Parent")
    FOSTER = "pleegouder", _("Foster parent")
    GUARDIAN = "voogd", _("Guardian")
    OTHER = "anders", _("Other carer")


class ChildParentQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChildParentQuerySet:
        """Links to the children the user may see. On the child's location ids (an admin's
        scope holds all of the organisation's): SQLite ran the organisation join as a
        subquery on the children for every page, half a second at 20,000 children."""
        scope = scope_for(user)
        if scope.is_empty:
            return self.none()
        return self.filter(child__location_id__in=scope.location_ids)

    def for_portal(self, parent) -> ChildParentQuerySet:
        """The links through which ``parent`` sees a child in the parent portal.

        The one rule of the portal: a parent sees a child through their own link to it,
        when they have parental authority, or without it when their organisation allows
        that (``Organization.portal_parents_without_authority``). Children whose care
        ended stay visible until the retention purge removes them.
        """
        if parent is None:
            return self.none()
        return self.in_portal(parent.organization).filter(parent_id=parent.pk)

    def in_portal(self, organization) -> ChildParentQuerySet:
        """The links that count in the portal of ``organization``'s parents: with parental
        authority, or every link when the organisation allows parents without it."""
        if organization.portal_parents_without_authority:
            return self
        return self.filter(has_parental_authority=True)


class ChildParent(models.Model):
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="parent_links", verbose_name=_("child")
    )
    parent = models.ForeignKey(
        Parent, on_delete=models.CASCADE, related_name="child_links", verbose_name=_("parent")
    )
    relationship = models.CharField(
        _("relationship"), max_length=20, choices=Relationship.choices, default=Relationship.PARENT
    )
    has_parental_authority = models.BooleanField(_("parental authority"), default=True)
    is_primary_contact = models.BooleanField(_("primary contact"), default=False)

    objects = ChildParentQuerySet.as_manager()

    class Meta:
        verbose_name = _("child–parent link")
        verbose_name_plural = _("child–parent links")
        ordering = ["-is_primary_contact", "parent__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["child", "parent"], name="childparent_unique_pair"),
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(is_primary_contact=True),
                name="childparent_one_primary_contact",
                violation_error_message=_("A child can have only one primary contact."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent} – {self.child}"

    def clean(self) -> None:
        if self.child_id and self.parent_id:
            child_org = Child.objects.filter(pk=self.child_id).values_list(
                "location__organization_id", flat=True
            )
            if not Parent.objects.filter(pk=self.parent_id, organization_id__in=child_org).exists():
                raise ValidationError(
                    {"parent": _("The parent and the child must belong to the same organisation.")}
                )


class ParentExternalId(models.Model):
    """The childcare administration's id of a parent, per organisation (set by the import)."""

    parent = models.OneToOneField(Parent, on_delete=models.CASCADE, related_name="external_id")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    external_id = models.CharField(_("number in the childcare administration"), max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "external_id"], name="parentexternalid_unique"
            )
        ]

    def __str__(self) -> str:
        return self.external_id


class ParentAccountQuerySet(models.QuerySet):
    def visible_to(self, user) -> ParentAccountQuerySet:
        """Staff see the portal accounts of the parents they may see."""
        return self.filter(parent__in=Parent.objects.visible_to(user))


class ParentAccount(models.Model):
    """A parent's login to the parent portal: the user is the parent's, by invitation.

    A user with a parent account has no staff record, so every staff page's scope is
    empty for them; the portal's boundary (portaal/access.py) sends them to their own
    pages only.
    """

    parent = models.OneToOneField(
        Parent, on_delete=models.CASCADE, related_name="account", verbose_name=_("parent")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="parent_account",
        verbose_name=_("user"),
    )
    # The portal's language, chosen by the parent (first: their preferred language).
    language = models.CharField(_("language"), max_length=10, default="nl")
    notify_by_email = models.BooleanField(_("e-mail me when something is waiting"), default=True)
    availability = models.TextField(_("when I can help"), blank=True, max_length=SHORT_TEXT)
    invited_by = models.ForeignKey(
        "organisatie.StaffMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParentAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("parent account")
        verbose_name_plural = _("parent accounts")
        constraints = text_length_limits("parentaccount", {"availability": SHORT_TEXT})

    def __str__(self) -> str:
        return str(self.parent)
