"""Plain helpers for the conversation tests: log a conversation, build form posts.

Conversations are created through the service (``conversation_log``), exactly as the
views do, so the score on the row, the tip scores and the history are real.
"""

from __future__ import annotations

import datetime
import html
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext

from gesprekken.models import Conversation
from gesprekken.services import conversation_log

NVT = "nvt"


def days_ago(days: float, *, hour: int = 10) -> datetime.datetime:
    """An aware datetime ``days`` ago at ``hour`` o'clock Amsterdam time (never in a DST gap)."""
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def local_input(value: datetime.datetime) -> str:
    """How the datetime-local input sends a moment: the Amsterdam wall clock."""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def log_conversation(
    user,
    child,
    *,
    parents: Iterable = (),
    levels: Mapping[int, Any] | None = None,
    follow_ups: Iterable[dict[str, Any]] = (),
    **fields: Any,
) -> Conversation:
    """Log a conversation as ``user`` (a User with a staff record) through the service."""
    fields.setdefault("kind", "tienminutengesprek")
    fields.setdefault("occurred_at", days_ago(1))
    conversation, created = conversation_log(
        author=user.staff_member,
        child=child,
        idempotency_key=uuid.uuid4(),
        fields=fields,
        parents=list(parents),
        levels=levels or {},
        follow_ups=list(follow_ups),
    )
    assert created
    return conversation


def sit_down_data(
    *,
    kind: str = "tienminutengesprek",
    occurred_at: datetime.datetime | str | None = None,
    duration: int | str = 20,
    parents: Iterable = (),
    topics: Iterable[str] = (),
    summary: str = "Emma slaapt slecht sinds de verhuizing.",
    levels: Mapping[int, Any] | None = None,
    agreements: Iterable[Mapping[str, Any]] = (),
    initial_agreements: int = 0,
    version: int | str = "",
    idempotency_key: uuid.UUID | str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The POST body of the sit-down form: conversation, checklist and agreements formset.

    ``levels`` maps a tip number to 0-3 or "nvt"; ``agreements`` are dicts with
    description, owner ("staff:<id>", "parent:<id>" or "") and due_date, plus "id"
    for an existing one.
    """
    if occurred_at is None:
        occurred_at = days_ago(1)
    if isinstance(occurred_at, datetime.datetime):
        occurred_at = local_input(occurred_at)
    data: dict[str, Any] = {
        "soort": kind,
        "occurred_at": occurred_at,
        "duration_minutes": str(duration),
        "parents": [str(p.pk) for p in parents],
        "topics": list(topics),
        "topics_other": "",
        "summary": summary,
        "parent_view": "",
        "parent_stance": "",
        "own_stance": "",
        "language": "nl",
        "interpreter": "geen",
        "reflection_went_well": "",
        "reflection_next_time": "",
        "preparation_notes": "",
        "staff_minutes": "",
        "parent_minutes": "",
        "version": str(version),
        "idempotency_key": str(idempotency_key or uuid.uuid4()),
    }
    for number, level in (levels or {}).items():
        data[f"checklist-tip_{number}"] = str(level)
    rows = list(agreements)
    data.update(
        {
            "afspraken-TOTAL_FORMS": str(len(rows)),
            "afspraken-INITIAL_FORMS": str(initial_agreements),
            "afspraken-MIN_NUM_FORMS": "0",
            "afspraken-MAX_NUM_FORMS": "1000",
        }
    )
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"afspraken-{index}-{name}"] = "" if value is None else str(value)
    for name, value in extra.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def nl(message: str, **params: Any) -> str:
    """A message as a Dutch user sees it in the HTML (translated, formatted, escaped)."""
    return shown(message, "nl", **params)


def shown(message: str, language: str, **params: Any) -> str:
    with translation.override(language):
        text = gettext(message)
    if params:
        text = text % params
    return html.escape(text)
