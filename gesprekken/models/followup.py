from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisatie.access import scoped_by_location


class ConversationLocationField(models.ForeignKey):
    """The conversation's location, copied on every save (``bulk_create`` included).

    Scoping and the overview's overdue list filter on one indexed column instead of
    joining the conversation; a trigger refuses a row whose location differs from its
    conversation's and follows a conversation that moves (inzicht/rollups/).
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add: bool):
        if model_instance.conversation_id is not None:
            # The cached conversation when there is one (as in the services), else a query.
            location_id = model_instance.conversation.location_id
            setattr(model_instance, self.attname, location_id)
        return getattr(model_instance, self.attname)


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user) -> FollowUpQuerySet:
        return scoped_by_location(self, user, location="location")

    def open(self) -> FollowUpQuerySet:
        return self.filter(done_at__isnull=True)

    def overdue(self, today=None) -> FollowUpQuerySet:
        return self.open().filter(due_date__lt=today or timezone.localdate())


class FollowUp(models.Model):
    """An agreement made in a conversation, with who will do it and by when."""

    conversation = models.ForeignKey(
        "gesprekken.Conversation",
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("conversation"),
    )
    description = models.CharField(_("agreement"), max_length=500)
    owner_staff = models.ForeignKey(
        "organisatie.StaffMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("staff member responsible"),
    )
    owner_parent = models.ForeignKey(
        "ouders.Parent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("parent responsible"),
    )
    location = ConversationLocationField(
        "organisatie.Location",
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("location"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["location"])
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["done_at", "due_date", "pk"]
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=models.Q(done_at__isnull=True),
                name="followup_open_due_idx",
            ),
            models.Index(
                fields=["location", "due_date"],
                condition=models.Q(done_at__isnull=True),
                name="followup_location_open_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_staff__isnull=True) | models.Q(owner_parent__isnull=True),
                name="followup_one_owner",
                violation_error_message=_("Choose a staff member or a parent, not both."),
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def owner_display(self) -> str:
        if self.owner_staff_id:
            return self.owner_staff.display_name
        if self.owner_parent_id:
            return self.owner_parent.full_name
        return ""

    def is_overdue(self, today=None) -> bool:
        return (
            self.done_at is None
            and self.due_date is not None
            and self.due_date < (today or timezone.localdate())
        )
