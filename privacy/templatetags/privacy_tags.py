from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from organisatie.access import scope_for

from ..models import Consent

register = template.Library()


@register.inclusion_tag("privacy/includes/consent_section.html", takes_context=True)
def consent_section(context, child) -> dict[str, Any]:
    """The child's consents for sharing (one query): managers add and withdraw, pm'ers read."""
    request = context["request"]
    consents = (
        Consent.objects.visible_to(request.user)
        .filter(child=child)
        .select_related("given_by")
        .order_by("withdrawn_on", "-given_on", "-pk")
    )
    return {
        "child": child,
        "consents": consents,
        "can_manage": scope_for(request.user).is_manager,
        "today": timezone.localdate(),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def export_value(value: Any) -> str:
    """One value of the access request as a reader sees it."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    return str(value)
