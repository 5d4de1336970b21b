from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def score_badge(conversation) -> str:
    """Score and completeness in one badge; unscored is shown as such, never as 0 %."""
    if conversation.score_percentage is None:
        return format_html('<span class="badge score-badge score-none">{}</span>', _("not scored"))
    value = float(conversation.score_percentage)
    band = "high" if value >= 75 else "mid" if value >= 50 else "low"
    return format_html(
        '<span class="badge score-badge score-{}">{} % <span class="score-completeness">'
        "({})</span></span>",
        band,
        f"{value:.0f}",
        _("%(scored)s of %(applicable)s tips")
        % {"scored": conversation.score_scored, "applicable": conversation.score_applicable},
    )


@register.filter
def level_label(level) -> str:
    labels = {0: _("not"), 1: _("partly"), 2: _("largely"), 3: _("fully")}
    return labels.get(level, "")


@register.simple_tag(takes_context=True)
def new_feedback_count(context) -> int:
    """Unread coaching feedback on the user's own conversations (one query, home page only)."""
    from organisatie.access import scope_for  # noqa: PLC0415

    from ..models import Feedback  # noqa: PLC0415

    request = context.get("request")
    scope = scope_for(request.user) if request else None
    if scope is None or scope.staff_member_id is None:
        return 0
    return Feedback.objects.visible_to(request.user).unread_for(scope.staff_member_id).count()
