from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import Action
from kinderen.models import Child
from organisatie.access import acting_staff, can_delete, can_edit, may_give_feedback, scope_for
from organisatie.models import StaffMember
from ouderportaal.fields import parse_id
from ouders.models import Parent

from .. import services
from ..audit import audit_conversation
from ..door import may_edit_handover
from ..forms import (
    ChecklistForm,
    ConversationForm,
    DeleteForm,
    FeedbackForm,
    FollowUpFormSet,
    child_parents,
)
from ..models import (
    Conversation,
    ConversationShare,
    Feedback,
    FollowUp,
    ParentResponse,
    Preparation,
)
from ..services import (
    ConversationConflict,
    DuplicateKeyOfAnotherAuthor,
    conversation_log,
    conversation_score,
    conversation_update,
    feedback_mark_read,
    follow_up_set_done,
    standard_tips,
    stored_levels,
    with_levels,
)
from ..vocabulary import Topic

# Everything the form edits except the m2m fields, which the service sets.
FORM_FIELDS = [name for name in ConversationForm.Meta.fields if name not in {"parents", "co_staff"}]
# The text a user might lose in a conflict: shown back to copy.
TEXT_FIELDS = [
    "summary",
    "parent_view",
    "reflection_went_well",
    "reflection_next_time",
    "preparation_notes",
    "topics_other",
]


def _conversation_fields(form: ConversationForm) -> dict:
    fields = {name: form.cleaned_data[name] for name in FORM_FIELDS}
    fields["staff_seconds"], fields["parent_seconds"] = form.speaking_seconds()
    fields["preparation_notes"] = form.preparation_notes()
    return fields


def _all_valid(form: ConversationForm, checklist: ChecklistForm, formset) -> bool:
    """Validate all three so every error shows at once, then the levels against the
    tips that apply to the talk as entered."""
    valid = [form.is_valid(), checklist.is_valid(), formset.is_valid()]
    occurred = form.cleaned_data.get("occurred_at") if valid[0] else None
    if occurred is not None and valid[2]:
        # Agreements due before the talk's own date are refused at the field.
        valid.append(formset.refuse_due_before(timezone.localtime(occurred).date()))
    if not all(valid):
        return False
    return checklist.check_applicable(
        kind=form.cleaned_data["kind"],
        parent_stance=form.cleaned_data.get("parent_stance") or "",
        participation_discussed=Topic.PARTICIPATION in (form.cleaned_data.get("topics") or ()),
    )


def _parents_who_help(child: Child) -> list[dict]:
    """What the child's parents like to help with and when they can (tip 4, kept by the
    parents in the portal): a hint where participation is discussed. One query."""
    rows = []
    for parent in child_parents(child).select_related("account"):
        account = getattr(parent, "account", None)
        availability = account.availability if account is not None else ""
        if parent.likes_to_help_with or availability:
            rows.append(
                {
                    "parent": parent,
                    "likes": parent.likes_to_help_with,
                    "availability": availability,
                }
            )
    return rows


def _forms(request: HttpRequest, child: Child, author, instance=None, preparation=None):
    tips = standard_tips()
    data = request.POST if request.method == "POST" else None
    form = ConversationForm(
        data, instance=instance, child=child, author=author, preparation=preparation
    )
    checklist = ChecklistForm(
        data,
        tips=tips,
        initial_levels=stored_levels(instance) if instance is not None else None,
        prefix="checklist",
    )
    formset = FollowUpFormSet(data, instance=instance, child=child, prefix="afspraken")
    return form, checklist, formset


@require_http_methods(["GET", "POST"])
def conversation_create(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = get_object_or_404(
        Child.objects.visible_to(request.user).select_related("group", "location"), pk=child_pk
    )
    author = acting_staff(request.user)
    preparation = _chosen_preparation(request, child)
    form, checklist, formset = _forms(request, child, author, preparation=preparation)
    if request.method == "POST":
        # Save nothing unless all are valid.
        valid = _all_valid(form, checklist, formset)
        key = form.cleaned_data.get("idempotency_key") if hasattr(form, "cleaned_data") else None
        if valid and key:
            try:
                conversation, created = conversation_log(
                    author=author,
                    child=child,
                    idempotency_key=key,
                    fields=_conversation_fields(form),
                    parents=form.cleaned_data["parents"],
                    co_staff=form.cleaned_data["co_staff"],
                    levels=checklist.levels(),
                    formset=formset,
                    preparation=preparation,
                )
            except DuplicateKeyOfAnotherAuthor:
                return HttpResponseBadRequest(_("This form was already used. Open it again."))
            if created:
                audit_conversation(request, Action.CREATE, conversation)
                messages.success(request, _("The conversation has been saved."))
            return redirect("conversation_detail", pk=conversation.pk)
        if valid and not key:
            form.add_error(None, _("The form has expired. Check your input and save again."))
    return render(
        request,
        "gesprekken/conversation_form.html",
        {
            "child": child,
            "form": form,
            "checklist": checklist,
            "formset": formset,
            "preparation": preparation,
            "is_new": True,
            "parents_who_help": _parents_who_help(child),
        },
    )


def _chosen_preparation(request: HttpRequest, child: Child) -> Preparation | None:
    wanted = parse_id(request.GET.get("voorbereiding") or request.POST.get("voorbereiding"))
    if wanted is None:
        return None
    return (
        Preparation.objects.visible_to(request.user)
        .filter(child=child, conversation__isnull=True, pk=wanted)
        .first()
    )


def _detail_queryset(request: HttpRequest):
    return Conversation.objects.visible_to(request.user).select_related(
        "child__group", "location__organization", "author__user"
    )


def _shared_with(conversation: Conversation) -> list:
    """The parents the talk is shared with, from the parents present (loaded with their
    ``shared`` mark): a talk is shared only with parents who took part."""
    if getattr(conversation, "share", None) is None:
        return []
    return [parent for parent in conversation.parents.all() if parent.shared]


@require_GET
def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_conversation_detail(request, pk)


def render_conversation_detail(
    request: HttpRequest, pk: int, *, feedback_form: FeedbackForm | None = None
) -> HttpResponse:
    conversation = get_object_or_404(
        with_levels(_detail_queryset(request).select_related("share__shared_by__user"))
        .annotate(
            has_parent_responses=Exists(ParentResponse.objects.filter(conversation=OuterRef("pk")))
        )
        .prefetch_related(
            # Each parent present says whether the talk is shared with them (no query of
            # its own for the share's parents).
            Prefetch(
                "parents",
                queryset=Parent.objects.annotate(
                    shared=Exists(
                        ConversationShare.parents.through.objects.filter(
                            parent_id=OuterRef("pk"), conversationshare__conversation_id=pk
                        )
                    )
                ),
            ),
            Prefetch("co_staff", queryset=StaffMember.objects.select_related("user")),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("owner_staff__user", "owner_parent"),
            ),
            Prefetch(
                "feedback",
                queryset=Feedback.objects.visible_to(request.user).select_related(
                    "author__user", "tip"
                ),
            ),
        ),
        pk=pk,
    )
    # The parents' side (#15): their own view and whether they felt heard, kept when the
    # talk is no longer shared. Most talks have none: asked only when there are.
    if conversation.has_parent_responses:
        prefetch_related_objects(
            [conversation],
            Prefetch("parent_responses", queryset=ParentResponse.objects.select_related("parent")),
        )
    scope = scope_for(request.user)
    tips = standard_tips()
    levels = stored_levels(conversation)
    result = conversation_score(conversation, levels, tips)
    tip_rows = [(tip, outcome) for tip, outcome in zip(tips, result.tips, strict=True)]
    history = (
        conversation.history.select_related("history_user")
        .only("history_id", "history_date", "history_type", "history_user", "history_change_reason")
        .order_by("-history_date")[:20]
    )
    if conversation.author_id == scope.staff_member_id:
        feedback_mark_read(conversation=conversation)
    audit_conversation(request, Action.VIEW, conversation)
    feedback_allowed = may_give_feedback(request.user, conversation)
    if feedback_allowed and feedback_form is None:
        feedback_form = FeedbackForm(tips=tips)
    # A talk at the door has its own compact page: no checklist, no empty fields.
    template = (
        "gesprekken/handover_detail.html"
        if conversation.is_handover
        else "gesprekken/conversation_detail.html"
    )
    return render(
        request,
        template,
        {
            "conversation": conversation,
            "tip_rows": tip_rows,
            "result": result,
            "history": history,
            "can_edit": can_edit(request.user, conversation),
            "can_edit_handover": may_edit_handover(request.user, conversation),
            "can_delete": can_delete(request.user, conversation),
            "feedback_form": feedback_form if feedback_allowed else None,
            "shared_with": _shared_with(conversation),
        },
    )


@require_http_methods(["GET", "POST"])
def conversation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = get_object_or_404(_detail_queryset(request), pk=pk)
    if not can_edit(request.user, conversation):
        raise PermissionDenied
    child = conversation.child
    form, checklist, formset = _forms(request, child, conversation.author, instance=conversation)
    if request.method == "POST":
        if _all_valid(form, checklist, formset):
            expected = form.cleaned_data.get("version") or 0
            try:
                conversation_update(
                    conversation=conversation,
                    expected_version=expected,
                    fields=_conversation_fields(form),
                    parents=form.cleaned_data["parents"],
                    co_staff=form.cleaned_data["co_staff"],
                    levels=checklist.levels(),
                    formset=formset,
                    changed_by=request.user,
                )
            except ConversationConflict as conflict:
                mine = [
                    (form.fields[name].label, request.POST.get(name, ""))
                    for name in TEXT_FIELDS
                    if request.POST.get(name, "").strip()
                ]
                return render(
                    request,
                    "gesprekken/conversation_conflict.html",
                    {"conversation": conflict.current, "mine": mine},
                    status=409,
                )
            audit_conversation(request, Action.UPDATE, conversation)
            messages.success(request, _("Your changes have been saved."))
            return redirect("conversation_detail", pk=conversation.pk)
    else:
        # The edit form shows the whole text: opening it is a read like the detail page.
        audit_conversation(request, Action.VIEW, conversation)
    return render(
        request,
        "gesprekken/conversation_form.html",
        {
            "child": child,
            "conversation": conversation,
            "form": form,
            "checklist": checklist,
            "formset": formset,
            "is_new": False,
            "parents_who_help": _parents_who_help(child),
        },
    )


@require_http_methods(["GET", "POST"])
def conversation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = get_object_or_404(_detail_queryset(request), pk=pk)
    if not can_delete(request.user, conversation):
        raise PermissionDenied
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        child_pk = conversation.child_id
        audit_conversation(request, Action.DELETE, conversation)
        services.conversation_delete(
            conversation=conversation, reason=form.cleaned_data["reason"], deleted_by=request.user
        )
        messages.success(request, _("The conversation has been deleted."))
        return redirect("child_detail", pk=child_pk)
    return render(
        request,
        "gesprekken/conversation_delete.html",
        {"conversation": conversation, "form": form},
    )


@require_POST
def follow_up_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(
        FollowUp.objects.visible_to(request.user).select_related("conversation"), pk=pk
    )
    done = request.POST.get("done") == "1"
    follow_up_set_done(follow_up=follow_up, done=done, changed_by=request.user)
    audit_conversation(
        request,
        Action.UPDATE,
        follow_up.conversation,
        object_type="agreement",
        object_id=follow_up.pk,
    )
    if done:
        messages.success(request, _("Agreement marked as done."))
    else:
        messages.success(request, _("Agreement opened again."))
    target = request.POST.get("next_child")
    if target == "1":
        return redirect("child_detail", pk=follow_up.conversation.child_id)
    return redirect("conversation_detail", pk=follow_up.conversation_id)
