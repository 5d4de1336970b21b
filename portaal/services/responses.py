"""What a parent writes in the portal: their view of a shared talk, agreements done,
answers before a planned talk, what they like to help with, their settings.

Every function is keyword-only, runs in one transaction and leaves an audit row (ids
only). Each checks the parent's scope itself (``for_parent``), so a caller that forgot
cannot write outside it, and validates its input: a ``ValidationError`` keyed by field,
in the portal's voice, and nothing saved.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import record
from gesprekken.models import (
    Conversation,
    FeltHeard,
    FollowUp,
    ParentResponse,
    PlannedTalk,
    PreTalkAnswer,
)
from gesprekken.services import follow_up_set_done
from ouderportaal.db import LONG_TEXT, NOTE_TEXT, SHORT_TEXT
from ouders.models import Parent, ParentAccount

from ..access import portal_language_codes
from ..reads import parent_agreements, shared_with


def _user_of(parent: Parent, request: HttpRequest | None):
    """Who the audit row and the history name: the request's user, else the parent's login."""
    if request is not None:
        return None  # record() takes request.user
    try:
        return parent.account.user
    except ObjectDoesNotExist:
        return None


def _too_long(limit: int) -> str:
    return _("Please keep this shorter: at most %(limit_value)s characters.") % {
        "limit_value": limit
    }


def _check_lengths(values: dict[str, str], limits: dict[str, int]) -> dict[str, str]:
    return {
        name: _too_long(limits[name]) for name, value in values.items() if len(value) > limits[name]
    }


def _felt_heard(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number not in FeltHeard.values:
        raise ValidationError({"felt_heard": _("Please choose one of the five answers.")})
    return number


@transaction.atomic
def save_response(
    *,
    parent: Parent,
    conversation: Conversation,
    own_view: str,
    felt_heard: int | str | None,
    felt_heard_comment: str,
    request: HttpRequest | None = None,
) -> ParentResponse:
    """The parent's own view of a shared talk and whether they felt heard: one response per
    parent and talk, saved again it is updated."""
    if not shared_with(parent).filter(conversation_id=conversation.pk).exists():
        raise PermissionDenied
    own_view = (own_view or "").strip()
    felt_heard_comment = (felt_heard_comment or "").strip()
    level = _felt_heard(felt_heard)
    errors = _check_lengths(
        {"own_view": own_view, "felt_heard_comment": felt_heard_comment},
        {"own_view": LONG_TEXT, "felt_heard_comment": NOTE_TEXT},
    )
    if not errors and not own_view and level is None:
        errors["own_view"] = _(
            "Please write your view of the talk, or answer whether you felt heard."
        )
    if errors:
        raise ValidationError(errors)
    response, created = ParentResponse.objects.update_or_create(
        conversation=conversation,
        parent=parent,
        defaults={
            "own_view": own_view,
            "felt_heard": level,
            "felt_heard_comment": felt_heard_comment,
        },
    )
    record(
        request=request,
        user=_user_of(parent, request),
        organization_id=parent.organization_id,
        action=Action.CREATE if created else Action.UPDATE,
        object_type="parent_response",
        object_id=response.pk,
        child_id=conversation.child_id,
        location_id=conversation.location_id,
    )
    return response


@transaction.atomic
def mark_agreement_done(
    *, parent: Parent, follow_up: FollowUp, done: bool, request: HttpRequest | None = None
) -> FollowUp:
    """An agreement assigned to the parent, in a talk shared with them with its
    agreements, marked done (or open again)."""
    follow_up = (
        parent_agreements(parent)
        .select_for_update(of=("self",))
        .select_related("conversation")
        .filter(pk=follow_up.pk)
        .first()
    )
    if follow_up is None:
        raise PermissionDenied
    if done != (follow_up.done_at is not None):
        follow_up = follow_up_set_done(
            follow_up=follow_up,
            done=done,
            changed_by=request.user if request is not None else _user_of(parent, None),
        )
    record(
        request=request,
        user=_user_of(parent, request),
        organization_id=parent.organization_id,
        action=Action.UPDATE,
        object_type="agreement",
        object_id=follow_up.pk,
        child_id=follow_up.conversation.child_id,
        location_id=follow_up.location_id,
    )
    return follow_up


@transaction.atomic
def answer_questions(
    *,
    parent: Parent,
    planned_talk: PlannedTalk,
    wish_to_discuss: str,
    seen_at_home: str,
    going_well: str,
    request: HttpRequest | None = None,
) -> PreTalkAnswer:
    """The parent's answers before a planned talk; they can change them until the day."""
    planned_talk = (
        PlannedTalk.objects.for_parent(parent)
        .upcoming()
        .select_related("child")
        .filter(pk=planned_talk.pk)
        .first()
    )
    if planned_talk is None:
        raise PermissionDenied
    values = {
        "wish_to_discuss": (wish_to_discuss or "").strip(),
        "seen_at_home": (seen_at_home or "").strip(),
        "going_well": (going_well or "").strip(),
    }
    errors = _check_lengths(values, dict.fromkeys(values, SHORT_TEXT))
    if not errors and not any(values.values()):
        errors["wish_to_discuss"] = _("Please answer at least one of the questions.")
    if errors:
        raise ValidationError(errors)
    answer, created = PreTalkAnswer.objects.update_or_create(
        planned_talk=planned_talk,
        parent=parent,
        defaults={**values, "answered_at": timezone.now()},
    )
    record(
        request=request,
        user=_user_of(parent, request),
        organization_id=parent.organization_id,
        action=Action.CREATE if created else Action.UPDATE,
        object_type="pre_talk_answer",
        object_id=answer.pk,
        child_id=planned_talk.child_id,
        location_id=planned_talk.child.location_id,
    )
    return answer


@transaction.atomic
def update_participation(
    *,
    parent: Parent,
    likes_to_help_with: str,
    availability: str,
    request: HttpRequest | None = None,
) -> Parent:
    """What the parent likes to help with and when (tip 4): both may stay empty."""
    values = {
        "likes_to_help_with": (likes_to_help_with or "").strip(),
        "availability": (availability or "").strip(),
    }
    errors = _check_lengths(values, dict.fromkeys(values, SHORT_TEXT))
    if errors:
        raise ValidationError(errors)
    account = ParentAccount.objects.select_for_update().get(parent=parent)
    parent.likes_to_help_with = values["likes_to_help_with"]
    parent.save(update_fields=["likes_to_help_with", "updated_at"])
    account.availability = values["availability"]
    account.save(update_fields=["availability"])
    record(
        request=request,
        user=_user_of(parent, request),
        organization_id=parent.organization_id,
        action=Action.UPDATE,
        object_type="parent",
        object_id=parent.pk,
    )
    return parent


@transaction.atomic
def update_settings(
    *,
    account: ParentAccount,
    notify_by_email: bool,
    language: str,
    request: HttpRequest | None = None,
) -> ParentAccount:
    """The parent's e-mail notifications and the portal's language."""
    if language not in portal_language_codes():
        raise ValidationError({"language": _("Please choose one of the languages.")})
    account.notify_by_email = bool(notify_by_email)
    account.language = language
    account.save(update_fields=["notify_by_email", "language"])
    record(
        request=request,
        user=None if request is not None else account.user,
        organization_id=account.parent.organization_id,
        action=Action.UPDATE,
        object_type="parent_account",
        object_id=account.pk,
    )
    return account
