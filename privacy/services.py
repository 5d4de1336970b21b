"""Retention, erasure and consent: the writes of the privacy app.

Erasing a set of children always removes the same things, whether the retention period
ran out (``retention_purge``) or a family asked for it (``family_erase``): the children
with their conversations, tip scores, agreements, feedback, preparations, consents and
parent links, the talks shared with the family, the parents' responses and answers before
planned talks; the simple-history rows of those conversations and agreements (history
rows do not cascade); the admin site's log entries about any of those records (their
``object_repr`` and change message hold names); then the parents left without any child;
with them their parent-portal logins (the user account itself, its login and e-mail links,
the records of the portal's e-mails, failed-login records under its user name); and finally
the audit rows of those people are pseudonymised (the action and time stay, the link goes).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from audit.models import Action, AuditEvent
from audit.services import pseudonymise, record
from gesprekken.models import Conversation, Feedback, FollowUp, Preparation, TipScore
from kinderen.models import Child
from organisatie.models import Organization
from ouders.models import ChildParent, Parent, ParentAccount

from .models import Consent, ErasureKind, ErasureRecord

# The order in which the counts are reported (command output, confirmation page, records).
COUNT_KEYS = (
    "children",
    "conversations",
    "tip_scores",
    "agreements",
    "feedback",
    "preparations",
    "consents",
    "parent_links",
    "parents",
    "history_rows",
    "audit_rows_pseudonymised",
    "portal_accounts",
)

# Children erased per round inside one transaction: keeps id lists and memory bounded.
BATCH_SIZE = 500

# Audit rows whose object_id is a parent's id (pseudonymise() covers "parent" itself).
PARENT_OBJECT_TYPES = ("parent", "access_request", "parent_portal")


# --- dates ---------------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus a number of calendar months, the day clamped to the month's length.

    31 January + 1 month is 28 (or 29) February; 29 February + 12 months is 28 February.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_threshold(today: datetime.date, months: int) -> datetime.date:
    """The first end date that is still kept: a child whose care ended *before* this date
    has ``end_date + months`` before today and is due for erasure.

    ``add_months`` never decreases as the day increases, so the expired end dates are
    exactly those before one threshold, which lies at most a day after today minus
    ``months`` (the day after when that month is shorter than today's day number).
    """
    start = add_months(today, -months) - datetime.timedelta(days=3)
    for offset in range(8):
        candidate = start + datetime.timedelta(days=offset)
        if add_months(candidate, months) >= today:
            return candidate
    raise AssertionError("no retention threshold found")  # pragma: no cover - arithmetic


# --- planning and erasing ------------------------------------------------------------------


@dataclass
class ErasurePlan:
    """What erasing these children removes. ``children`` is a queryset, evaluated late."""

    organization_id: int
    children: models.QuerySet
    parent_ids: list[int]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not any(self.counts.values())


def _parents_left_without_children(
    organization_id: int, children: models.QuerySet, *, orphans_before: datetime.date | None = None
) -> list[int]:
    """Parents linked to these children who have no other child in the organisation.

    With ``orphans_before``, also parents without any child at all whose record was created
    before that day (left over when a link was removed by hand): kept no longer than a child.
    """
    other_children = ChildParent.objects.filter(parent_id=models.OuterRef("pk")).exclude(
        child__in=children
    )
    linked = models.Exists(
        ChildParent.objects.filter(parent_id=models.OuterRef("pk"), child__in=children)
    )
    condition = linked
    if orphans_before is not None:
        any_child = models.Exists(ChildParent.objects.filter(parent_id=models.OuterRef("pk")))
        condition = linked | (~any_child & models.Q(created_at__date__lt=orphans_before))
    return list(
        Parent.objects.filter(organization_id=organization_id)
        .filter(condition)
        .filter(~models.Exists(other_children))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _history_models():
    return Conversation.history.model, FollowUp.history.model, TipScore.history.model


def _count(children: models.QuerySet, parent_ids: list[int]) -> dict[str, int]:
    historical_conversation, historical_follow_up, historical_tip_score = _history_models()
    conversations = Conversation.objects.filter(child__in=children)
    conversation_ids = historical_conversation.objects.filter(child__in=children).values("id")
    follow_up_history = historical_follow_up.objects.filter(
        models.Q(conversation_id__in=conversations.values("pk"))
        | models.Q(conversation_id__in=conversation_ids)
    )
    tip_score_history = historical_tip_score.objects.filter(
        models.Q(conversation_id__in=conversations.values("pk"))
        | models.Q(conversation_id__in=conversation_ids)
    )
    portal_users = ParentAccount.objects.filter(parent_id__in=parent_ids).values("user_id")
    audit_rows = AuditEvent.objects.filter(
        models.Q(child_id__in=children.values("pk"))
        | models.Q(object_type__in=PARENT_OBJECT_TYPES, object_id__in=parent_ids)
        | models.Q(user_id__in=portal_users)
    )
    return {
        "children": children.count(),
        "conversations": conversations.count(),
        "tip_scores": TipScore.objects.filter(conversation__child__in=children).count(),
        "agreements": FollowUp.objects.filter(conversation__child__in=children).count(),
        "feedback": Feedback.objects.filter(conversation__child__in=children).count(),
        "preparations": Preparation.objects.filter(child__in=children).count(),
        "consents": Consent.objects.filter(
            models.Q(child__in=children) | models.Q(given_by_id__in=parent_ids)
        ).count(),
        "parent_links": ChildParent.objects.filter(
            models.Q(child__in=children) | models.Q(parent_id__in=parent_ids)
        ).count(),
        "parents": len(parent_ids),
        "portal_accounts": ParentAccount.objects.filter(parent_id__in=parent_ids).count(),
        "history_rows": historical_conversation.objects.filter(child__in=children).count()
        + follow_up_history.count()
        + tip_score_history.count(),
        "audit_rows_pseudonymised": audit_rows.count(),
    }


def erasure_plan(
    *,
    organization_id: int,
    children: models.QuerySet,
    orphans_before: datetime.date | None = None,
) -> ErasurePlan:
    children = children.filter(location__organization_id=organization_id)
    parent_ids = _parents_left_without_children(
        organization_id, children, orphans_before=orphans_before
    )
    return ErasurePlan(
        organization_id=organization_id,
        children=children,
        parent_ids=parent_ids,
        counts=_count(children, parent_ids),
    )


def _pseudonymise_parent_rows(parent_ids: list[int]) -> None:
    """pseudonymise() drops the link in "parent" rows; access-request rows name a parent too."""
    rows = AuditEvent.objects.filter(
        object_type__in=PARENT_OBJECT_TYPES, object_id__in=parent_ids
    ).exclude(object_type="parent")
    # The same sanctioned change as audit.services.pseudonymise (the trigger allows it).
    models.QuerySet.update(
        rows, child_id=None, object_id=None, user=None, ip="", pseudonymised=True
    )


def _forget_admin_log(model: type[models.Model], ids) -> None:
    """The admin site's "recent actions" name the object: remove the entries about it."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    LogEntry.objects.filter(
        content_type=content_type, object_id__in=[str(pk) for pk in ids]
    ).delete()


def _erase_portal_logins(parents: models.QuerySet) -> None:
    """Delete the portal logins of these parents: the user (with its login and e-mail
    links, devices and, through the account, the records of the portal's e-mails) and the
    failed-login records under its name; the audit rows of the user are pseudonymised."""
    accounts = ParentAccount.objects.filter(parent__in=parents)
    users = list(accounts.values_list("user_id", "user__username"))
    if not users:
        return
    user_ids = [user_id for user_id, _name in users]
    usernames = [name for _user_id, name in users]
    _forget_admin_log(ParentAccount, accounts.values_list("pk", flat=True))
    _forget_admin_log(get_user_model(), user_ids)
    AccessAttempt.objects.filter(username__in=usernames).delete()
    AccessFailureLog.objects.filter(username__in=usernames).delete()
    # First: the append-only trail allows only this change, not the SET_NULL of a delete.
    pseudonymise(user_ids=user_ids)
    get_user_model().objects.filter(pk__in=user_ids).delete()


def erasure_execute(plan: ErasurePlan) -> None:
    """Remove what the plan lists. Call inside a transaction (the callers do)."""
    historical_conversation, historical_follow_up, historical_tip_score = _history_models()
    while True:
        batch = list(plan.children.order_by("pk").values_list("pk", flat=True)[:BATCH_SIZE])
        if not batch:
            break
        conversation_ids = list(
            historical_conversation.objects.filter(child_id__in=batch)
            .values_list("id", flat=True)
            .distinct()
        )
        _forget_admin_log(Child, batch)
        _forget_admin_log(Conversation, conversation_ids)
        _forget_admin_log(
            Consent, Consent.objects.filter(child_id__in=batch).values_list("pk", flat=True)
        )
        _forget_admin_log(
            ChildParent,
            ChildParent.objects.filter(child_id__in=batch).values_list("pk", flat=True),
        )
        # Deleting a conversation or agreement writes a "deleted" history row (a signal),
        # so the history goes after the records, and with it every older row.
        Child.objects.filter(pk__in=batch).delete()
        erased_conversations = historical_conversation.objects.filter(child_id__in=batch).values(
            "id"
        )
        historical_follow_up.objects.filter(conversation_id__in=erased_conversations).delete()
        historical_tip_score.objects.filter(conversation_id__in=erased_conversations).delete()
        historical_conversation.objects.filter(child_id__in=batch).delete()
        pseudonymise(child_ids=batch)
    for start in range(0, len(plan.parent_ids), BATCH_SIZE):
        parent_ids = plan.parent_ids[start : start + BATCH_SIZE]
        gone = Parent.objects.filter(pk__in=parent_ids).filter(
            ~models.Exists(ChildParent.objects.filter(parent_id=models.OuterRef("pk")))
        )
        _forget_admin_log(Parent, gone.values_list("pk", flat=True))
        _forget_admin_log(
            Consent, Consent.objects.filter(given_by_id__in=parent_ids).values_list("pk", flat=True)
        )
        _erase_portal_logins(gone)
        gone.delete()
        # Agreements of other families keep their history; it no longer names this parent.
        historical_follow_up.objects.filter(owner_parent_id__in=parent_ids).update(
            owner_parent=None
        )
        pseudonymise(parent_ids=parent_ids)
        _pseudonymise_parent_rows(parent_ids)


# --- retention -----------------------------------------------------------------------------


@dataclass
class PurgeResult:
    organization: Organization
    threshold: datetime.date
    counts: dict[str, int]


def expired_children(organization: Organization, today: datetime.date) -> models.QuerySet:
    threshold = retention_threshold(today, organization.retention_months)
    return Child.objects.filter(
        location__organization_id=organization.pk, end_date__isnull=False, end_date__lt=threshold
    )


def purge_organization(
    *, organization: Organization, today: datetime.date | None = None, dry_run: bool = False
) -> PurgeResult:
    """Erase the children of one organisation whose end of care plus its retention period
    lies before today, in one transaction; with ``dry_run`` only count."""
    today = today or timezone.localdate()
    with transaction.atomic():
        threshold = retention_threshold(today, organization.retention_months)
        plan = erasure_plan(
            organization_id=organization.pk,
            children=expired_children(organization, today),
            orphans_before=threshold,
        )
        if not dry_run and not plan.is_empty:
            erasure_execute(plan)
            erasure_record = ErasureRecord.objects.create(
                organization=organization,
                kind=ErasureKind.RETENTION,
                reason=(
                    f"purge_expired: end of care + {organization.retention_months} "
                    f"months before {today.isoformat()}"
                ),
                counts=plan.counts,
            )
            # No acting user, so record() cannot derive the organisation: written here.
            AuditEvent.objects.create(
                action=Action.ERASE,
                object_type="retention",
                object_id=erasure_record.pk,
                organization_id=organization.pk,
            )
    return PurgeResult(organization=organization, threshold=threshold, counts=plan.counts)


# --- erasure on request --------------------------------------------------------------------


@dataclass
class Family:
    children: list[Child]
    parents_erased: list[Parent]
    parents_kept: list[Parent]
    plan: ErasurePlan


def family_of(child: Child) -> Family:
    """The child, its siblings, and the parents left without any child once those are gone.

    A sibling shares the parents: every parent registered for it is a parent of this child.
    A half-sibling with another parent of its own is not part of this request (that parent
    did not ask); it stays, and so does the parent the two have in common.
    """
    organization_id = child.location.organization_id
    parent_ids = list(ChildParent.objects.filter(child=child).values_list("parent_id", flat=True))
    other_parent = ChildParent.objects.filter(child_id=models.OuterRef("pk")).exclude(
        parent_id__in=parent_ids
    )
    sibling_ids = (
        Child.objects.filter(parent_links__parent_id__in=parent_ids)
        .filter(~models.Exists(other_parent))
        .values_list("pk", flat=True)
    )
    # Fixed ids: the links that define the siblings are deleted along the way.
    children = Child.objects.filter(pk__in={child.pk, *sibling_ids})
    plan = erasure_plan(organization_id=organization_id, children=children)
    linked_parents = list(
        Parent.objects.filter(child_links__child__in=plan.children).distinct().order_by("pk")
    )
    erased = set(plan.parent_ids)
    return Family(
        children=list(plan.children.select_related("group").order_by("first_name", "pk")),
        parents_erased=[p for p in linked_parents if p.pk in erased],
        parents_kept=[p for p in linked_parents if p.pk not in erased],
        plan=plan,
    )


@transaction.atomic
def family_erase(
    *, child: Child, reason: str, by_user, request: HttpRequest | None = None
) -> ErasureRecord:
    """Erase a family on its request; the reason goes into the erasure record, not the audit."""
    family = family_of(child)
    location_id = child.location_id
    erasure_execute(family.plan)
    erasure_record = ErasureRecord.objects.create(
        organization_id=family.plan.organization_id,
        by_user=by_user,
        kind=ErasureKind.REQUEST,
        reason=reason,
        counts=family.plan.counts,
    )
    record(
        request=request,
        user=by_user,
        action=Action.ERASE,
        object_type="family",
        object_id=erasure_record.pk,
        location_id=location_id,
    )
    return erasure_record
