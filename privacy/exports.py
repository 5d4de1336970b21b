"""The access request (AVG art. 15 and 20): everything the organisation holds about one
parent and their children, as one JSON-ready structure for the page and the download.

Every model that holds data about a child or a parent has one exporter in ``EXPORTERS``;
a test walks all models and fails when a new one is missing here. Exporters write every
concrete field of the record (so a new field is exported without anyone remembering), with
choices as their label, related records by name, and times in local time.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from gesprekken.models import (
    Conversation,
    ConversationShare,
    Feedback,
    FollowUp,
    ParentResponse,
    PlannedTalk,
    Preparation,
    PreTalkAnswer,
    TipScore,
)
from kinderen.models import Child, ChildExternalId
from organisatie.models import StaffMember
from ouders.models import ChildParent, Parent, ParentAccount, ParentExternalId
from portaal.models import PortalNotification

from .models import Consent

Record = dict[str, Any]

# Fields that say nothing about a person (technical keys), left out of every export.
# "day" is occurred_at's local date, kept for the overview's totals (inzicht/rollups/).
TECHNICAL_FIELDS = frozenset({"idempotency_key", "day"})

# Labels for fields whose model gives no translated verbose name.
FIELD_LABELS = {
    "id": _("number"),
    "created_at": _("created at"),
    "updated_at": _("changed at"),
    "location": _("location"),
    "author": _("author"),
    "tip": _("tip"),
    "conversation": _("conversation"),
    "child": _("child"),
    "participation_discussed": _("parent participation discussed"),
    "score_percentage": _("score (%)"),
    "score_scored": _("tips scored"),
    "score_applicable": _("tips applicable"),
    "version": _("version"),
    "read_at": _("read at"),
    "history_id": _("version"),
    "history_date": _("version of"),
    "history_type": _("change"),
    "history_user": _("changed by"),
    "history_change_reason": _("reason for the change"),
    "username": _("user name"),
    "email": _("email"),
    "is_active": _("can log in"),
    "last_login": _("last login"),
    "occurred_at": _("date of the talk"),
    "planned_for": _("date of the talk"),
}

# Relations shown as the related record's number rather than its name.
BY_NUMBER = frozenset({"conversation"})


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, uuid.UUID | Promise):
        return str(value)
    return value


def field_value(obj: models.Model, field: models.Field) -> Any:
    if field.is_relation:
        if field.name in BY_NUMBER:
            return getattr(obj, field.attname)
        related = getattr(obj, field.name)
        return str(related) if related is not None else None
    value = getattr(obj, field.attname)
    if field.choices and value not in (None, ""):
        return str(getattr(obj, f"get_{field.name}_display")())
    return _plain(value)


def model_record(obj: models.Model, **extra: Any) -> Record:
    """Every concrete field of ``obj`` (technical keys left out), then ``extra`` on top."""
    record = {
        field.name: field_value(obj, field)
        for field in obj._meta.concrete_fields
        if field.name not in TECHNICAL_FIELDS
    }
    record.update({name: _plain(value) for name, value in extra.items()})
    return record


def _names(objects: Iterable[Any]) -> list[str]:
    return [str(obj) for obj in objects]


# --- one exporter per model ------------------------------------------------------------------


def export_parent(parent: Parent) -> Record:
    return model_record(parent)


def export_child(child: Child) -> Record:
    return model_record(child)


def export_child_parent(link: ChildParent) -> Record:
    # Names only: the other parent's contact details are not the requester's data.
    return model_record(link)


def export_conversation(conversation: Conversation) -> Record:
    return model_record(
        conversation,
        topics=conversation.topic_labels(),
        parents=_names(conversation.parents.all()),
        co_staff=_names(conversation.co_staff.all()),
    )


def export_tip_score(score: TipScore) -> Record:
    return model_record(score)


def export_follow_up(follow_up: FollowUp) -> Record:
    return model_record(follow_up)


def export_feedback(feedback: Feedback) -> Record:
    return model_record(feedback)


def export_preparation(preparation: Preparation) -> Record:
    return model_record(preparation)


def export_consent(consent: Consent) -> Record:
    return model_record(consent)


def export_external_id(row: ChildExternalId | ParentExternalId) -> Record:
    """The childcare administration's number for the child or parent (set by the import)."""
    return model_record(row)


# --- the parent portal (#15) ---


def export_parent_account(account: ParentAccount) -> Record:
    """The portal login: its settings, and the user's name, address and state."""
    user = account.user
    return model_record(
        account,
        username=user.get_username(),
        email=user.email,
        is_active=user.is_active,
        last_login=user.last_login,
    )


def export_portal_notification(notification: PortalNotification) -> Record:
    return model_record(notification)


def export_conversation_share(share: ConversationShare) -> Record:
    return model_record(
        share,
        occurred_at=share.conversation.occurred_at,
        parents=_names(share.parents.all()),
    )


def export_parent_response(response: ParentResponse) -> Record:
    return model_record(response)


def export_planned_talk(talk: PlannedTalk) -> Record:
    return model_record(talk, parents=_names(talk.parents.all()))


def export_pre_talk_answer(answer: PreTalkAnswer) -> Record:
    return model_record(answer, planned_for=answer.planned_talk.planned_for)


EXPORTERS: dict[type[models.Model], Callable[[Any], Record]] = {
    Parent: export_parent,
    Child: export_child,
    ChildParent: export_child_parent,
    Conversation: export_conversation,
    TipScore: export_tip_score,
    FollowUp: export_follow_up,
    Feedback: export_feedback,
    Preparation: export_preparation,
    Consent: export_consent,
    ChildExternalId: export_external_id,
    ParentExternalId: export_external_id,
    ParentAccount: export_parent_account,
    PortalNotification: export_portal_notification,
    ConversationShare: export_conversation_share,
    ParentResponse: export_parent_response,
    PlannedTalk: export_planned_talk,
    PreTalkAnswer: export_pre_talk_answer,
}


def export_historical(row: models.Model) -> Record:
    """One stored version (django-simple-history): when, what kind of change, by whom,
    and every field as it was then. Deleted conversations live on only here."""
    return model_record(
        row,
        history_type=str(dict(HISTORY_TYPES).get(row.history_type, row.history_type)),
    )


HISTORY_TYPES = (("+", _("created")), ("~", _("changed")), ("-", _("deleted")))

# The stored earlier versions and deleted records (simple-history's tables). They are kept
# until the child's records are erased, so they are part of the answer: the export and the
# erasure cover the same rows.
HISTORICAL_MODELS = (Conversation.history.model, FollowUp.history.model, TipScore.history.model)
for _model in HISTORICAL_MODELS:
    EXPORTERS[_model] = export_historical


def export(obj: models.Model) -> Record:
    return EXPORTERS[type(obj)](obj)


def _external_id(record: Child | Parent) -> Record | None:
    try:
        return export(record.external_id)
    except (ChildExternalId.DoesNotExist, ParentExternalId.DoesNotExist):
        return None


def export_audit_event(event: AuditEvent) -> Record:
    """Time, action and type only: who looked is the organisation's own log."""
    return {
        "at": _plain(event.at),
        "action": str(event.get_action_display()),
        "object_type": event.object_type,
    }


# --- the whole access request ---------------------------------------------------------------


def access_request_data(parent: Parent) -> dict[str, Any]:
    """Everything about this parent and their children, in a constant number of queries."""
    organization_id = parent.organization_id
    children = list(
        Child.objects.filter(parent_links__parent=parent, location__organization_id=organization_id)
        .select_related("group__location", "location", "mentor__user", "external_id")
        .prefetch_related(
            Prefetch(
                "parent_links",
                queryset=ChildParent.objects.select_related("parent", "child").order_by("pk"),
            ),
            Prefetch(
                "consents",
                queryset=Consent.objects.select_related(
                    "child", "given_by", "created_by__user"
                ).order_by("given_on", "pk"),
            ),
            Prefetch(
                "preparations",
                queryset=Preparation.objects.select_related("child", "author__user").order_by(
                    "created_at", "pk"
                ),
            ),
        )
        .order_by("first_name", "pk")
    )
    child_ids = [child.pk for child in children]
    present = Conversation.parents.through.objects.filter(parent_id=parent.pk).values(
        "conversation_id"
    )
    conversations = (
        Conversation.objects.filter(location__organization_id=organization_id)
        .filter(Q(child_id__in=child_ids) | Q(pk__in=present))
        .select_related("child", "location", "author__user")
        .prefetch_related(
            "parents",
            Prefetch("co_staff", queryset=StaffMember.objects.select_related("user")),
            Prefetch("tip_scores", queryset=TipScore.objects.select_related("tip").order_by("pk")),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related(
                    "owner_staff__user", "owner_parent", "location"
                ).order_by("pk"),
            ),
            Prefetch(
                "feedback",
                queryset=Feedback.objects.select_related(
                    "author__user", "recipient__user", "tip"
                ).order_by("pk"),
            ),
        )
        .order_by("occurred_at", "pk")
    )
    historical_conversation, historical_follow_up, historical_tip_score = HISTORICAL_MODELS
    talk_ids = historical_conversation.objects.filter(
        location__organization_id=organization_id, child_id__in=child_ids
    ).values("id")
    history = {
        "conversations": historical_conversation.objects.filter(
            location__organization_id=organization_id, child_id__in=child_ids
        ).select_related("child", "location", "author__user", "history_user"),
        "agreements": historical_follow_up.objects.filter(
            conversation_id__in=talk_ids
        ).select_related("owner_staff__user", "owner_parent", "history_user"),
        "tip_scores": historical_tip_score.objects.filter(
            conversation_id__in=talk_ids
        ).select_related("tip", "history_user"),
    }
    audit_events = (
        AuditEvent.objects.filter(
            Q(child_id__in=child_ids)
            | Q(object_type__in=("parent", "access_request", "parent_portal"), object_id=parent.pk)
        )
        .filter(organization_id=organization_id)
        .only("at", "action", "object_type")
        .order_by("at", "pk")
    )
    return {
        "generated_at": timezone.localtime(),
        "organisation": parent.organization.name,
        "parent": export(parent),
        "parent_external_id": _external_id(parent),
        "children": [
            {
                "child": export(child),
                "external_id": _external_id(child),
                "parent_links": [export(link) for link in child.parent_links.all()],
                "consents": [export(consent) for consent in child.consents.all()],
                "preparations": [export(prep) for prep in child.preparations.all()],
            }
            for child in children
        ],
        "conversations": [
            {
                "conversation": export(conversation),
                "tip_scores": [export(score) for score in conversation.tip_scores.all()],
                "agreements": [export(item) for item in conversation.follow_ups.all()],
                "feedback": [export(item) for item in conversation.feedback.all()],
            }
            for conversation in conversations
        ],
        # Every stored version, including conversations that were deleted since.
        "history": {
            name: [export(row) for row in rows.order_by("id", "history_date", "history_id")]
            for name, rows in history.items()
        },
        # The parent portal: the login, its e-mails, what was shared and answered.
        "portal": _portal_data(parent, organization_id, child_ids),
        "audit_events": [export_audit_event(event) for event in audit_events],
    }


def _portal_data(parent: Parent, organization_id: int, child_ids: list[int]) -> dict[str, Any]:
    """The parent's portal login, the e-mails it got, what was shared with them and what
    they answered; the planned talks of their children (a constant number of queries)."""
    account = (
        ParentAccount.objects.filter(parent=parent)
        .select_related("parent", "user", "invited_by__user")
        .first()
    )
    notifications = (
        PortalNotification.objects.filter(account=account)
        .select_related("account__parent")
        .order_by("sent_at", "pk")
        if account is not None
        else []
    )
    shares = (
        ConversationShare.objects.filter(
            parents=parent, conversation__location__organization_id=organization_id
        )
        .select_related("conversation", "shared_by__user")
        .prefetch_related("parents")
        .order_by("shared_at", "pk")
    )
    responses = (
        ParentResponse.objects.filter(parent=parent)
        .select_related("parent")
        .order_by("created_at", "pk")
    )
    planned = (
        PlannedTalk.objects.filter(child__location__organization_id=organization_id)
        .filter(Q(child_id__in=child_ids) | Q(parents=parent))
        .distinct()
        .select_related("child", "planned_by__user")
        .prefetch_related("parents")
        .order_by("planned_for", "pk")
    )
    answers = (
        PreTalkAnswer.objects.filter(parent=parent)
        .select_related("planned_talk", "parent")
        .order_by("answered_at", "pk")
    )
    return {
        "account": export(account) if account is not None else None,
        "notifications": [export(item) for item in notifications],
        "shared_talks": [export(share) for share in shares],
        "responses": [export(item) for item in responses],
        "planned_talks": [export(talk) for talk in planned],
        "pre_talk_answers": [export(item) for item in answers],
    }


# --- for the page ---------------------------------------------------------------------------


def label_for(model: type[models.Model], name: str) -> str:
    try:
        verbose = model._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        verbose = name.replace("_", " ")
    if not isinstance(verbose, Promise) and name in FIELD_LABELS:
        verbose = FIELD_LABELS[name]
    return str(verbose)


def external_id_rows(record: Record | None) -> list[tuple[str, Any]]:
    """The administration's number as one (label, value) row, when there is one."""
    if not record:
        return []
    return [(label_for(ChildExternalId, "external_id"), record["external_id"])]


def labelled(model: type[models.Model], record: Record) -> list[tuple[str, Any]]:
    """(label, value) pairs of one exported record, for the printable page."""
    return [(label_for(model, name), value) for name, value in record.items()]
