from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from organisatie.access import scope_for
from ouderportaal.db import NOTE_TEXT, text_length_limits


class PreparationQuerySet(models.QuerySet):
    def visible_to(self, user) -> PreparationQuerySet:
        """Preparation notes are personal working notes: only their author sees them."""
        scope = scope_for(user)
        if scope.is_empty or scope.staff_member_id is None:
            return self.none()
        return self.filter(
            author_id=scope.staff_member_id, child__location_id__in=scope.location_ids
        )


class Preparation(models.Model):
    child = models.ForeignKey(
        "kinderen.Child", on_delete=models.CASCADE, related_name="preparations"
    )
    author = models.ForeignKey(
        "organisatie.StaffMember", on_delete=models.CASCADE, related_name="preparations"
    )
    notes = models.TextField(_("preparation notes"), max_length=NOTE_TEXT)
    conversation = models.OneToOneField(
        "gesprekken.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="preparation",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PreparationQuerySet.as_manager()

    class Meta:
        verbose_name = _("preparation")
        verbose_name_plural = _("preparations")
        ordering = ["-created_at"]
        constraints = text_length_limits("preparation", {"notes": NOTE_TEXT})

    def __str__(self) -> str:
        return f"{self.child_id} {self.created_at:%Y-%m-%d}"
