from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisatie.access import scope_for


class AppendOnlyError(Exception):
    """Audit rows are never changed or deleted by the app."""


class Action(models.TextChoices):
    VIEW = "view", _("viewed")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    EXPORT = "export", _("exported")
    PRINT = "print", _("printed")
    ERASE = "erase", _("erased")
    LOGIN = "login", _("logged in")
    LOGOUT = "logout", _("logged out")
    LOGIN_FAILED = "login_failed", _("failed login")


# What a row's object_type means, in words for the trail's readers. A type not listed here
# (a new page that records itself) is shown as its code, so nothing is ever hidden.
OBJECT_TYPES = {
    "session": _("session"),
    "child": _("child"),
    "parent": _("parent"),
    "search": _("search"),
    "conversation": _("conversation"),
    "agreement": _("agreement"),
    "feedback": _("coaching feedback"),
    "consent": _("consent"),
    "dossier": _("dossier"),
    "dossier_external": _("dossier for an external party"),
    "history": _("conversation history"),
    "overview": _("overview"),
    "conversations_csv": _("conversations (CSV)"),
    "conversations_xlsx": _("conversations (Excel)"),
    "access_request": _("access request"),
    "erase_preview": _("erasure preview"),
    "family": _("family (erasure)"),
    "retention": _("retention period (erasure)"),
    "audit_trail": _("audit log"),
    "audit_trail_csv": _("audit log (CSV)"),
    "staff": _("staff member"),
    "location": _("location"),
    "group": _("group"),
    "import": _("import"),
    "invitation": _("invitation"),
    "parent_portal": _("parent portal access"),
    # the parent portal, staff side (#15)
    "conversation_share": _("conversation shared with parents"),
    "planned_talk": _("planned talk"),
    "parent_voice": _("parents' voice (overview)"),
}


def object_type_label(object_type: str) -> str:
    label = OBJECT_TYPES.get(object_type)
    return str(label) if label is not None else object_type.replace("_", " ")


class AuditQuerySet(models.QuerySet):
    def visible_to(self, user) -> AuditQuerySet:
        """Managers see the trail of their locations' children; admins their organisation's."""
        scope = scope_for(user)
        if scope.is_empty or not scope.is_manager:
            return self.none()
        if scope.whole_organization:
            return self.filter(organization_id=scope.organization_id)
        return self.filter(
            organization_id=scope.organization_id, location_id__in=scope.location_ids
        )

    def update(self, **kwargs):
        raise AppendOnlyError("audit rows cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit rows cannot be deleted")


class AuditEvent(models.Model):
    """Who did what to which record, when, from where. Never the content."""

    at = models.DateTimeField(_("time"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=30)
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    # Plain ids, not foreign keys: the trail outlives the records (until pseudonymised).
    child_id = models.BigIntegerField(_("child id"), null=True, blank=True)
    organization_id = models.BigIntegerField(null=True, blank=True)
    location_id = models.BigIntegerField(null=True, blank=True)
    ip = models.CharField(_("network (truncated IP)"), max_length=45, blank=True)
    pseudonymised = models.BooleanField(default=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["child_id", "-at"], name="audit_child_at_idx"),
            models.Index(fields=["organization_id", "-at"], name="audit_org_at_idx"),
            models.Index(fields=["user", "-at"], name="audit_user_at_idx"),
            # A manager's trail: the rows of their locations, newest first.
            models.Index(fields=["location_id", "-at"], name="audit_location_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=Action.values), name="audit_action_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def get_object_type_display(self) -> str:
        return object_type_label(self.object_type)

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit rows cannot be deleted")
