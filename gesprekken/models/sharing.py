"""What a pm'er shares with parents, and what parents answer (the parent portal, #15).

- ``ConversationShare``: a talk shared with the parents who took part: a summary written
  for them (its own field, so the internal summary stays internal) and, if chosen, the
  agreements. Never the checklist, score, reflection, preparation notes or feedback.
- ``ParentResponse``: a parent's own view of a shared talk and "did you feel heard?"
  (1–5) with an optional comment.
- ``PlannedTalk`` and ``PreTalkAnswer``: a ten-minute or sit-down talk that is planned,
  and the parents' answers to the questions before it.

Two rules of who sees what, each here beside its model: ``visible_to(user)`` for staff
(the location scope, as everywhere) and ``for_parent(parent)`` for the portal (the
parent's own links, see ``ChildParent.objects.for_portal``).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisatie.access import scoped_by_location
from ouderportaal.db import LONG_TEXT, NOTE_TEXT, SHORT_TEXT, text_length_limits
from ouders.models import ChildParent

from .. import vocabulary


def _portal_children(parent):
    """Ids of the children ``parent`` sees in the portal (a subquery)."""
    return ChildParent.objects.for_portal(parent).values("child_id")


class ConversationShareQuerySet(models.QuerySet):
    def visible_to(self, user) -> ConversationShareQuerySet:
        return scoped_by_location(self, user, location="conversation__location")

    def for_parent(self, parent) -> ConversationShareQuerySet:
        """Talks shared with ``parent``, about a child they see in the portal."""
        if parent is None:
            return self.none()
        return self.filter(parents=parent, conversation__child_id__in=_portal_children(parent))


class ConversationShare(models.Model):
    conversation = models.OneToOneField(
        "gesprekken.Conversation",
        on_delete=models.CASCADE,
        related_name="share",
        verbose_name=_("conversation"),
    )
    summary_for_parents = models.TextField(_("summary for the parents"), max_length=LONG_TEXT)
    share_agreements = models.BooleanField(_("share the agreements"), default=True)
    parents = models.ManyToManyField(
        "ouders.Parent",
        related_name="shared_conversations",
        verbose_name=_("shared with"),
    )
    shared_by = models.ForeignKey(
        "organisatie.StaffMember",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("shared by"),
    )
    shared_at = models.DateTimeField(_("shared at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConversationShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("shared conversation")
        verbose_name_plural = _("shared conversations")
        ordering = ["-shared_at", "-pk"]
        constraints = text_length_limits("conversationshare", {"summary_for_parents": LONG_TEXT})
        indexes = [
            # The manager's page of both sides (inzicht/parent_voice.py) starts from the
            # talks shared in a period.
            models.Index(fields=["shared_at", "conversation"], name="share_when_conv_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id} {self.shared_at:%Y-%m-%d}"


class FeltHeard(models.IntegerChoices):
    NOT_AT_ALL = 1, _("Not at all")
    A_LITTLE = 2, _("A little")
    PARTLY = 3, _("Partly")
    MOSTLY = 4, _("Mostly")
    COMPLETELY = 5, _("Completely")


class ParentResponseQuerySet(models.QuerySet):
    def visible_to(self, user) -> ParentResponseQuerySet:
        return scoped_by_location(self, user, location="conversation__location")

    def for_parent(self, parent) -> ParentResponseQuerySet:
        if parent is None:
            return self.none()
        return self.filter(parent=parent)


class ParentResponse(models.Model):
    """A parent's answer to a shared talk: their own view and whether they felt heard."""

    conversation = models.ForeignKey(
        "gesprekken.Conversation",
        on_delete=models.CASCADE,
        related_name="parent_responses",
        verbose_name=_("conversation"),
    )
    parent = models.ForeignKey(
        "ouders.Parent",
        on_delete=models.CASCADE,
        related_name="conversation_responses",
        verbose_name=_("parent"),
    )
    own_view = models.TextField(_("my view of the talk"), blank=True, max_length=LONG_TEXT)
    felt_heard = models.PositiveSmallIntegerField(
        _("did you feel heard?"),
        choices=FeltHeard.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    felt_heard_comment = models.TextField(_("comment"), blank=True, max_length=NOTE_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParentResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("parent's response")
        verbose_name_plural = _("parents' responses")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "parent"], name="parentresponse_one_per_parent"
            ),
            models.CheckConstraint(
                condition=models.Q(felt_heard__isnull=True)
                | models.Q(felt_heard__gte=1, felt_heard__lte=5),
                name="parentresponse_felt_heard_range",
            ),
            *text_length_limits(
                "parentresponse", {"own_view": LONG_TEXT, "felt_heard_comment": NOTE_TEXT}
            ),
        ]
        indexes = [
            models.Index(fields=["conversation", "parent"], name="response_conv_parent_idx"),
            # The answers of a period (inzicht/parent_voice.py).
            models.Index(fields=["created_at", "conversation"], name="response_when_conv_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id} {self.parent_id}"


# The talks parents get questions before: every kind except the talks at the door.
PLANNABLE_KINDS = [
    (value, label)
    for value, label in vocabulary.ConversationKind.choices
    if value not in vocabulary.HANDOVER_KINDS
]


class PlannedTalkQuerySet(models.QuerySet):
    def visible_to(self, user) -> PlannedTalkQuerySet:
        return scoped_by_location(self, user, location="child__location")

    def upcoming(self, today=None) -> PlannedTalkQuerySet:
        return self.filter(planned_for__gte=today or timezone.localdate(), held__isnull=True)

    def for_parent(self, parent) -> PlannedTalkQuerySet:
        """Planned talks whose questions ``parent`` was asked, about a child they see."""
        if parent is None:
            return self.none()
        return self.filter(parents=parent, child_id__in=_portal_children(parent))


class PlannedTalk(models.Model):
    """A ten-minute or sit-down talk that is planned; its parents get a few questions."""

    child = models.ForeignKey(
        "kinderen.Child",
        on_delete=models.CASCADE,
        related_name="planned_talks",
        verbose_name=_("child"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PLANNABLE_KINDS)
    planned_for = models.DateField(_("date"))
    parents = models.ManyToManyField(
        "ouders.Parent", related_name="planned_talks", verbose_name=_("parents asked")
    )
    planned_by = models.ForeignKey(
        "organisatie.StaffMember",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("planned by"),
    )
    # The talk once it was logged: its questions are then closed.
    held = models.OneToOneField(
        "gesprekken.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_talk",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlannedTalkQuerySet.as_manager()

    class Meta:
        verbose_name = _("planned talk")
        verbose_name_plural = _("planned talks")
        ordering = ["planned_for", "pk"]
        indexes = [models.Index(fields=["child", "planned_for"], name="plannedtalk_child_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind__in=vocabulary.HANDOVER_KINDS),
                name="plannedtalk_not_handover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.planned_for:%Y-%m-%d}"


class PreTalkAnswerQuerySet(models.QuerySet):
    def visible_to(self, user) -> PreTalkAnswerQuerySet:
        return scoped_by_location(self, user, location="planned_talk__child__location")


class PreTalkAnswer(models.Model):
    """A parent's answers before a planned talk; shown on the pm'er's preparation page."""

    planned_talk = models.ForeignKey(PlannedTalk, on_delete=models.CASCADE, related_name="answers")
    parent = models.ForeignKey(
        "ouders.Parent", on_delete=models.CASCADE, related_name="pre_talk_answers"
    )
    wish_to_discuss = models.TextField(
        _("what would you like to talk about?"), blank=True, max_length=SHORT_TEXT
    )
    seen_at_home = models.TextField(
        _("what do you see at home?"), blank=True, max_length=SHORT_TEXT
    )
    going_well = models.TextField(_("what is going well?"), blank=True, max_length=SHORT_TEXT)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    objects = PreTalkAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answers before a talk")
        verbose_name_plural = _("answers before talks")
        constraints = [
            models.UniqueConstraint(
                fields=["planned_talk", "parent"], name="pretalkanswer_one_per_parent"
            ),
            *text_length_limits(
                "pretalkanswer",
                {
                    "wish_to_discuss": SHORT_TEXT,
                    "seen_at_home": SHORT_TEXT,
                    "going_well": SHORT_TEXT,
                },
            ),
        ]

    def __str__(self) -> str:
        return f"{self.planned_talk_id} {self.parent_id}"
