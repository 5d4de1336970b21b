"""The manager's pages: history with filters and export, coaching feedback, overview, dossier.

Pm'ers are in the organisation but not managers: these pages answer 403 for them
(they exist, the user may not use them); records outside a manager's scope are 404.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.models import Action
from audit.services import record
from gesprekken.forms import FeedbackForm
from gesprekken.models import (
    Conversation,
    ConversationShare,
    FollowUp,
    ParentResponse,
    TipScore,
)
from gesprekken.selectors import PAGE_SIZE
from gesprekken.services import feedback_give, standard_tips
from gesprekken.views.conversation import render_conversation_detail
from kinderen.models import Child
from organisatie.access import acting_staff, may_give_feedback, require_manager
from organisatie.models import Location, Organization
from ouders.models import ChildParent, Parent
from privacy.selectors import active_consents, consent_for_external_print

from . import dashboard
from . import parent_voice as voice
from .exports import Format, export_conversations
from .filters import ConversationFilter
from .forms import PeriodForm
from .models import DayTipTotal, DayTotal

STAFF_MATRIX_MAX_LOCATIONS = 5


def _history_filter(request: HttpRequest) -> ConversationFilter:
    return ConversationFilter(
        request.GET,
        queryset=Conversation.objects.visible_to(request.user).for_list(),
        request=request,
    )


@require_GET
def history(request: HttpRequest) -> HttpResponse:
    require_manager(request.user)
    filterset = _history_filter(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("pagina"))
    params = request.GET.copy()
    params.pop("pagina", None)
    focus_child = focus_parent = None
    if filterset.form.is_valid():
        child_id = filterset.form.cleaned_data.get("kind")
        parent_id = filterset.form.cleaned_data.get("ouder")
        if child_id:
            focus_child = Child.objects.visible_to(request.user).filter(pk=child_id).first()
        if parent_id:
            focus_parent = Parent.objects.visible_to(request.user).filter(pk=parent_id).first()
    record(request=request, action=Action.VIEW, object_type="history")
    return render(
        request,
        "inzicht/history.html",
        {
            "filter": filterset,
            "page": page,
            "query": params.urlencode(),
            "focus_child": focus_child,
            "focus_parent": focus_parent,
        },
    )


@require_GET
def history_export(request: HttpRequest) -> HttpResponse:
    return _export(request, Format.CSV)


@require_GET
def history_export_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, Format.XLSX)


def _export(request: HttpRequest, fmt: Format) -> HttpResponse:
    """The filtered history as a file: the same scope and filters as the list."""
    require_manager(request.user)
    filterset = _history_filter(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return export_conversations(
        request=request, queryset=filterset.qs, filename_stem=f"gesprekken-{stamp}", fmt=fmt
    )


@require_POST
def feedback_create(request: HttpRequest, pk: int) -> HttpResponse:
    require_manager(request.user)
    conversation = get_object_or_404(Conversation.objects.visible_to(request.user), pk=pk)
    if not may_give_feedback(request.user, conversation):
        raise PermissionDenied
    form = FeedbackForm(request.POST, tips=standard_tips())
    if form.is_valid():
        feedback = feedback_give(
            conversation=conversation,
            author=acting_staff(request.user),
            went_well=form.cleaned_data["went_well"],
            next_time=form.cleaned_data["next_time"],
            tip=form.cleaned_data["tip"],
        )
        record(
            request=request,
            action=Action.CREATE,
            object_type="feedback",
            object_id=feedback.pk,
            child_id=conversation.child_id,
            location_id=conversation.location_id,
        )
        messages.success(request, _("Your feedback has been saved."))
        return redirect("conversation_detail", pk=conversation.pk)
    # Re-show the conversation with the errors at the fields and the text kept.
    return render_conversation_detail(request, pk, feedback_form=form)


def _period_and_location(
    request: HttpRequest,
    default_period: Callable[[datetime.date], dashboard.Period] = dashboard.default_period,
):
    today = timezone.localdate()
    # The organisation comes along for its settings (the overview's reach alert).
    locations = list(
        Location.objects.visible_to(request.user).select_related("organization").order_by("name")
    )
    period = default_period(today)
    form = PeriodForm(
        request.GET or None,
        locations=locations,
        today=today,
        initial={"van": period.start, "tot": period.end},
    )
    location = None
    if form.is_bound and form.is_valid():
        period = dashboard.Period(form.cleaned_data["van"], form.cleaned_data["tot"])
        location = form.cleaned_data["locatie"]
    return form, period, location, locations, today


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The manager's dashboard for a period and one location or all of theirs."""
    scope = require_manager(request.user)
    form, period, location, locations, today = _period_and_location(request)
    conversations = Conversation.objects.visible_to(request.user)
    day_totals = DayTotal.objects.visible_to(request.user)
    tip_totals = DayTipTotal.objects.visible_to(request.user)
    children = Child.objects.visible_to(request.user)
    follow_ups = FollowUp.objects.visible_to(request.user)
    parents = Parent.objects.visible_to(request.user)
    if location is not None:
        conversations = conversations.filter(location=location)
        day_totals = day_totals.filter(location=location)
        tip_totals = tip_totals.filter(location=location)
        children = children.filter(location=location)
        follow_ups = follow_ups.filter(location=location)
    organization = (
        locations[0].organization
        if locations
        else Organization.objects.only("reach_alert_weeks", "sit_down_alert_months").get(
            pk=scope.organization_id
        )
    )
    # "Show all" lifts the lists' limit; the page links to it below a cut list.
    show_all = request.GET.get("alle") == "1"
    limit = dashboard.FULL_LIST_LIMIT if show_all else dashboard.ALERT_LIMIT
    tips = standard_tips()
    averages = dashboard.tip_averages(tip_totals, period, tips)
    quiet, quiet_total = dashboard.quiet_children(
        children, organization.reach_alert_weeks, today, limit
    )
    door_only, door_only_total = dashboard.handover_only_parents(
        dashboard.parents_in_care(parents, children, today),
        children,
        today,
        organization.sit_down_alert_months,
        limit,
    )
    overdue, overdue_total = dashboard.overdue_agreements(follow_ups, today, limit)
    totals = dashboard.period_totals(day_totals, period)
    escalated, escalated_total = dashboard.escalations(
        conversations, period, dashboard.escalation_total(totals), limit
    )
    weekly = dashboard.per_week_per_kind(totals, period)
    trend = dashboard.score_trend(totals)
    chart_data = {
        # Dates worded as the page's tables word them (Dutch month names), not ISO.
        "weekly": {
            "labels": [date_format(row["week"], "j M") for row in weekly["weeks"]],
            "series": [
                {"label": label, "data": [row["counts"][i] for row in weekly["weeks"]]}
                for i, (_code, label) in enumerate(weekly["kinds"])
            ],
        },
        "tips": {
            "labels": [f"{row['tip'].number}. {row['tip'].title}" for row in averages],
            "data": [row["average"] for row in averages],
        },
        "trend": {
            "labels": [date_format(row["month"], "M Y") for row in trend],
            "data": [row["average"] for row in trend],
        },
    }
    staff_matrix = (
        dashboard.staff_tip_matrix(conversations, period, tips)
        if location is not None or len(locations) <= STAFF_MATRIX_MAX_LOCATIONS
        else None
    )
    record(request=request, action=Action.VIEW, object_type="overview")
    return render(
        request,
        "inzicht/overview.html",
        {
            "form": form,
            "period": period,
            "location": location,
            "locations": locations,
            "weekly": weekly,
            "averages": averages,
            "lowest": dashboard.lowest_tip(averages),
            "hardest_min": dashboard.HARDEST_TIP_MIN_SCORES,
            "beside": dashboard.beside_shares(day_totals, period),
            # Per staff member only for a handful of locations: a table of every pm'er of
            # a large chain is neither readable nor cheap.
            "staff_matrix": staff_matrix,
            "staff_rows": dashboard.per_tip_rows(staff_matrix, tips) if staff_matrix else [],
            "tips": tips,
            "trend": trend,
            "quiet": quiet,
            "quiet_total": quiet_total,
            "reach_weeks": organization.reach_alert_weeks,
            "door_only": door_only,
            "door_only_total": door_only_total,
            "overdue": overdue,
            "overdue_total": overdue_total,
            "escalated": escalated,
            "escalated_total": escalated_total,
            "alert_limit": limit,
            "show_all": show_all,
            "sit_down_months": organization.sit_down_alert_months,
            "history_filters": _history_filters(period, location),
            "all_query": _all_query(request),
            "chart_data": chart_data,
        },
    )


@require_GET
def parent_voice(request: HttpRequest) -> HttpResponse:
    """Per team and month: the parents' "felt heard" beside the staff's own score of the
    same talks, and how many shared talks parents answered (never one parent's answer)."""
    require_manager(request.user)
    form, period, location, locations, _today = _period_and_location(
        request, default_period=voice.default_period
    )
    period = voice.whole_months(period)
    # Several locations: a row per month over all of them first.
    totals = location is None and len(locations) > 1
    figures = voice.parent_voice(
        ConversationShare.objects.visible_to(request.user),
        ParentResponse.objects.visible_to(request.user),
        period,
        location,
        totals=totals,
    )
    record(request=request, action=Action.VIEW, object_type="parent_voice")
    return render(
        request,
        "inzicht/overview_parent_voice.html",
        {
            "form": form,
            "period": period,
            "location": location,
            "rows": voice.rows(figures, locations),
            # Worded once for the page, not once per row.
            "all_locations": _("All my locations"),
            "too_few": _("too few answers"),
            "min_answers": voice.PARENT_VOICE_MIN_ANSWERS,
            "min_parents": voice.PARENT_VOICE_MIN_PARENTS,
        },
    )


def _history_filters(period: dashboard.Period, location: Location | None) -> str:
    """The overview's period and location as the history's filters, for "the full list"."""
    params = {"van": period.start.isoformat(), "tot": period.end.isoformat()}
    if location is not None:
        params["locatie"] = str(location.pk)
    return urlencode(params)


def _all_query(request: HttpRequest) -> str:
    params = request.GET.copy()
    params["alle"] = "1"
    return params.urlencode()


@require_GET
def dossier(request: HttpRequest, child_pk: int) -> HttpResponse:
    """A print-friendly dossier of one child for a period (the browser saves it as PDF)."""
    require_manager(request.user)
    child = get_object_or_404(
        Child.objects.visible_to(request.user).select_related(
            "group", "location__organization", "mentor__user"
        ),
        pk=child_pk,
    )
    # Printing for an external party needs an active consent of a parent with authority.
    consent = None
    if "toestemming" in request.GET:
        consent = consent_for_external_print(request.user, child, request.GET["toestemming"])
        if consent is None:
            return render(request, "privacy/consent_required.html", {"child": child}, status=403)
    period_data = request.GET.copy()
    period_data.pop("toestemming", None)
    today = timezone.localdate()
    form = PeriodForm(period_data or None, locations=[], today=today, default_days=365)
    period = dashboard.Period(today - datetime.timedelta(days=365), today)
    if form.is_bound and form.is_valid():
        period = dashboard.Period(form.cleaned_data["van"], form.cleaned_data["tot"])
    conversations = (
        dashboard.in_period(
            Conversation.objects.visible_to(request.user).filter(child=child), period
        )
        .select_related("author__user")
        .prefetch_related(
            "parents",
            # The tips in their order, named: "1. Wees open…: volledig".
            Prefetch(
                "tip_scores",
                queryset=TipScore.objects.select_related("tip").order_by("tip__number"),
            ),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("owner_staff__user", "owner_parent"),
            ),
        )
        .order_by("occurred_at")
    )
    parent_links = ChildParent.objects.filter(child=child).select_related("parent")
    record(
        request=request,
        action=Action.PRINT,
        object_type="dossier_external" if consent else "dossier",
        object_id=consent.pk if consent else child.pk,
        child_id=child.pk,
        location_id=child.location_id,
    )
    return render(
        request,
        "inzicht/dossier.html",
        {
            "child": child,
            "form": form,
            "period": period,
            "conversations": conversations,
            "parent_links": parent_links,
            "printed_at": timezone.localtime(),
            "consent": consent,
            "active_consents": active_consents(request.user, child),
        },
    )
