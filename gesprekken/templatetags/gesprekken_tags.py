from django import template
from django.middleware.csrf import get_token
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from organisatie.access import scope_for
from ouderportaal.links import id_url

from ..models import Feedback
from ..scoring import completeness_label
from ..vocabulary import HANDOVER_KINDS, ConversationKind, Interpreter, Tone

register = template.Library()


@register.simple_tag
def score_badge(conversation) -> str:
    """Score and completeness in one badge. Unscored is never shown as 0 %: a handover
    without reflection has no badge at all, a sit-down talk says "not scored"; a score
    below the completeness rule says "incompletely scored" instead of a figure."""
    if conversation.score_percentage is None:
        if conversation.kind in HANDOVER_KINDS:
            return ""
        return format_html('<span class="badge score-badge score-none">{}</span>', _("not scored"))
    completeness = completeness_label(conversation.score_scored, conversation.score_applicable)
    if not conversation.score_complete:
        return format_html(
            '<span class="badge score-badge score-incomplete">{} '
            '<span class="score-completeness">({})</span></span>',
            _("incompletely scored"),
            completeness,
        )
    # Whole percent, rounded half up when it was stored (scoring.round_half_up).
    value = int(conversation.score_percentage)
    band = "high" if value >= 75 else "mid" if value >= 50 else "low"
    return format_html(
        '<span class="badge score-badge score-{}">{} % <span class="score-completeness">'
        "({})</span></span>",
        band,
        value,
        completeness,
    )


@register.filter
def level_label(level) -> str:
    labels = {0: _("not"), 1: _("partly"), 2: _("largely"), 3: _("fully")}
    return labels.get(level, "")


@register.simple_tag(takes_context=True)
def new_feedback_count(context) -> int:
    """Unread coaching feedback on the user's own conversations (one query, home page only)."""
    request = context.get("request")
    scope = scope_for(request.user) if request else None
    if scope is None or scope.staff_member_id is None:
        return 0
    return Feedback.objects.visible_to(request.user).unread_for(scope.staff_member_id).count()


def _short_months() -> dict[int, str]:
    """The month names of the ``M`` date format ("Jan", "Mei"), translated once."""
    return {n: str(MONTHS_3[n]).title() for n in range(1, 13)}


def _date_formatter(*, time: bool = True):
    """``occurred_at|date:"D j M Y, H:i"`` (``"D j M Y"`` without the time) in local
    time, with the names looked up once."""
    days = [str(WEEKDAYS_ABBR[n]) for n in range(7)]
    months = _short_months()

    def when(value) -> str:
        local = localtime(value)
        day = f"{days[local.weekday()]} {local.day} {months[local.month]} {local.year}"
        return f"{day}, {local.hour:02d}:{local.minute:02d}" if time else day

    return when


@register.simple_tag
def conversation_items(
    conversations,
    *,
    child: str = "",
    time: bool = True,
    author: bool = True,
    tone: bool = False,
    flags: bool = True,
    interpreter: bool = False,
    portal: bool = False,
) -> SafeString:
    """The <li> rows of every list of conversations: the kind, when, and badges.

    ``child="title"`` adds the child's full name to the kind, ``child="meta"`` the first
    name after the date; ``time`` the hour to the date; ``author`` who logged it;
    ``tone`` the tone badge; ``flags`` the escalated and ended-early badges;
    ``interpreter`` a badge when there was one; ``portal`` the parent portal's marks (the
    ``shared`` and ``parent_responded`` annotations of ``selectors.with_portal_marks``).
    The score badge is always there (none for an unscored handover).
    One pass in Python: a page of 25 rows through the template engine cost more than
    all of the page's queries.
    """
    url = id_url("conversation_detail")
    escalated = format_html('<span class="badge text-bg-danger">{}</span>', _("escalated"))
    ended_early = format_html('<span class="badge text-bg-warning">{}</span>', _("ended early"))
    interpreted = format_html(
        '<span class="badge text-bg-light border">{}</span>', _("interpreter")
    )
    shared = format_html(
        '<span class="badge text-bg-light border portal-mark">{}</span>', _("shared")
    )
    responded = format_html(
        '<span class="badge text-bg-info portal-mark">{}</span>', _("parent responded")
    )
    kinds = {value: str(label) for value, label in ConversationKind.choices}
    tones = {value: str(label) for value, label in Tone.choices}
    when = _date_formatter(time=time)
    rows = []
    for c in conversations:
        title = kinds.get(c.kind, c.kind)
        if child == "title":
            title = f"{title} · {c.child.first_name} {c.child.last_name}"
        meta = [when(c.occurred_at)]
        if child == "meta":
            meta.append(c.child.first_name)
        if author:
            meta.append(c.author.display_name)
        badges = []
        if tone and c.tone:
            badges.append(
                format_html('<span class="badge tone-{}">{}</span>', c.tone, tones.get(c.tone))
            )
        if flags and c.escalated:
            badges.append(escalated)
        if flags and c.ended_early:
            badges.append(ended_early)
        if interpreter and c.interpreter != Interpreter.NONE:
            badges.append(interpreted)
        if portal and getattr(c, "shared", False):
            badges.append(shared)
        if portal and getattr(c, "parent_responded", False):
            badges.append(responded)
        badges.append(score_badge(c))
        rows.append(
            (
                url(c.pk),
                title,
                " · ".join(meta),
                mark_safe("".join(badges)),  # noqa: S308 - each badge is format_html output
            )
        )
    return format_html_join(
        "",
        '<li class="timeline-item"><a href="{}" class="timeline-link">'
        '<span class="fw-semibold">{}</span> <span class="text-body-secondary">{}</span> '
        "{}</a></li>",
        rows,
    )


@register.simple_tag(takes_context=True)
def open_agreement_items(context, agreements, today) -> SafeString:
    """The <li> rows of a child's open agreements, each with its "Done" button.

    In one pass like conversation_items; one CSRF token for every form on the page.
    """
    request = context.get("request")
    url = id_url("follow_up_toggle")
    token = get_token(request) if request is not None else ""
    due, done = _("due"), _("Done")
    overdue = format_html('<span class="badge text-bg-danger">{}</span>', _("overdue"))
    months = _short_months()
    items = list(agreements)
    rows = []
    for n, agreement in enumerate(items, start=1):
        details = []
        if agreement.owner_display:
            details.append(f"· {agreement.owner_display}")
        if agreement.due_date:
            day = agreement.due_date
            details.append(f" · {due} {day.day} {months[day.month]} {day.year}")
        rows.append(
            (
                "" if n == len(items) else " border-bottom",
                agreement.description,
                "".join(details),
                overdue if agreement.due_date and agreement.due_date < today else "",
                url(agreement.pk),
                token,
                done,
            )
        )
    return format_html_join(
        "",
        '<li class="agreement d-flex flex-wrap gap-2 align-items-center py-1{}">'
        '<span class="flex-grow-1">{} <span class="small text-body-secondary">{}</span> {}'
        '</span><form method="post" action="{}">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="done" value="1">'
        '<input type="hidden" name="next_child" value="1">'
        '<button type="submit" class="btn btn-sm btn-outline-success">{}</button></form></li>',
        rows,
    )
