from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from organisatie.access import scope_for, scoped_by_location
from ouderportaal.db import NOTE_TEXT, text_length_limits


class FeedbackQuerySet(models.QuerySet):
    def visible_to(self, user) -> FeedbackQuerySet:
        """Coaching is between a manager and one pm'er: its recipient and the managers
        of the talk's location see it, colleagues who can open the talk do not."""
        scoped = scoped_by_location(self, user, location="conversation__location")
        scope = scope_for(user)
        if scope.is_manager:
            return scoped
        return scoped.filter(recipient_id=scope.staff_member_id)

    def unread_for(self, staff_member_id: int | None) -> FeedbackQuerySet:
        return self.filter(recipient_id=staff_member_id, read_at__isnull=True)


class Feedback(models.Model):
    """Coaching feedback from a manager on one conversation."""

    conversation = models.ForeignKey(
        "gesprekken.Conversation",
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("conversation"),
    )
    author = models.ForeignKey(
        "organisatie.StaffMember",
        on_delete=models.PROTECT,
        related_name="feedback_given",
        verbose_name=_("from"),
    )
    # The conversation's author, kept on the row: "n new feedback" on every home page
    # reads a handful of unread rows by recipient instead of all of the author's talks.
    recipient = models.ForeignKey(
        "organisatie.StaffMember",
        on_delete=models.PROTECT,
        related_name="feedback_received",
        verbose_name=_("for"),
        editable=False,
    )
    went_well = models.TextField(_("What went well"), blank=True, max_length=NOTE_TEXT)
    next_time = models.TextField(_("Tip for next time"), blank=True, max_length=NOTE_TEXT)
    tip = models.ForeignKey(
        "gesprekken.Tip",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("about tip"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]
        indexes = [
            # "n new feedback" on every home page: the few unread rows, not all of the
            # author's conversations.
            models.Index(
                fields=["recipient"],
                name="feedback_unread_idx",
                condition=models.Q(read_at__isnull=True),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(went_well="", next_time=""),
                name="feedback_not_empty",
            ),
            *text_length_limits("feedback", {"went_well": NOTE_TEXT, "next_time": NOTE_TEXT}),
        ]

    def save(self, *args, **kwargs) -> None:
        if self.recipient_id is None and self.conversation_id is not None:
            self.recipient_id = (
                type(self.conversation)
                .objects.filter(pk=self.conversation_id)
                .values_list("author_id", flat=True)
                .get()
            )
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.conversation_id} {self.created_at:%Y-%m-%d}"
