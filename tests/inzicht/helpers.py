"""Small helpers for the review tests: logging talks, Dutch strings, reading rendered pages."""

from __future__ import annotations

import datetime
import html
import re
import uuid
from collections.abc import Iterable, Mapping
from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from gesprekken.models import Conversation
from gesprekken.services import conversation_log

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A wall-clock time in the Netherlands, aware."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def talk(
    user,
    child,
    *,
    when: datetime.datetime,
    kind: str = "tienminutengesprek",
    summary: str = "",
    parent_view: str = "",
    parent_stance: str = "",
    escalated: bool = False,
    ended_early: bool = False,
    interpreter: str = "geen",
    parents: Iterable = (),
    levels: Mapping[int, int] | None = None,
    follow_ups: Iterable[dict] = (),
) -> Conversation:
    """Log a conversation through the service, as the app does."""
    conversation, created = conversation_log(
        author=user.staff_member,
        child=child,
        idempotency_key=uuid.uuid4(),
        fields={
            "kind": kind,
            "occurred_at": when,
            "summary": summary,
            "parent_view": parent_view,
            "parent_stance": parent_stance,
            "escalated": escalated,
            "ended_early": ended_early,
            "interpreter": interpreter,
        },
        parents=list(parents),
        levels=levels or {},
        follow_ups=list(follow_ups),
    )
    assert created
    return conversation


def bulk_talks(
    user, children: list, count: int, *, start: datetime.datetime, kind: str = "breng"
) -> list[Conversation]:
    """Many scored conversations at once (no tip rows, no history): for query counts."""
    rows = [
        Conversation(
            author=user.staff_member,
            child=children[n % len(children)],
            location_id=children[n % len(children)].location_id,
            kind=kind,
            occurred_at=start + datetime.timedelta(hours=n),
            summary=f"Bulk {n}",
            score_percentage=50 + n % 50,
            score_scored=2,
            score_applicable=6,
            escalated=n % 7 == 0,
        )
        for n in range(count)
    ]
    return Conversation.objects.bulk_create(rows)


# --- Dutch -------------------------------------------------------------------------------


def nl(message: str) -> str:
    """The Dutch text the user sees (the English msgid when the catalogue lacks it)."""
    with translation.override("nl"):
        return gettext(message)


def nl_template(message: str) -> str:
    """A {% translate %} string from a template: its catalogue entry has every % doubled."""
    with translation.override("nl"):
        return gettext(message.replace("%", "%%")).replace("%%", "%")


def nl_lazy(message) -> str:
    """A lazy translation (e.g. one of Django's own error messages) in Dutch."""
    with translation.override("nl"):
        return str(message)


def nl_plural(singular: str, plural: str, n: int) -> str:
    with translation.override("nl"):
        return ngettext(singular, plural, n)


def nl_date(day: datetime.date, fmt: str) -> str:
    with translation.override("nl"):
        return date_format(day, fmt)


# --- reading pages ------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def text(fragment: str) -> str:
    """What a reader sees of an HTML fragment: tags gone, entities resolved, spaces collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def content(response) -> str:
    return response.content.decode()


def listed_conversations(response) -> list[int]:
    """The conversation ids of the history list, in the order shown."""
    return [
        int(pk)
        for pk in re.findall(
            r'<a href="/gesprekken/(\d+)/" class="timeline-link">', content(response)
        )
    ]


def section(response, labelled_by: str) -> str:
    match = re.search(
        rf'<section[^>]*aria-labelledby="{labelled_by}"[^>]*>(.*?)</section>',
        content(response),
        re.DOTALL,
    )
    assert match, f"no section {labelled_by}"
    return match.group(1)


def items(fragment: str) -> list[str]:
    return [text(li) for li in re.findall(r"<li[^>]*>(.*?)</li>", fragment, re.DOTALL)]


def table(fragment: str, caption: str) -> list[list[str]]:
    """The rows (header row included) of the table with this caption, as cell texts."""
    for body in re.findall(r"<table[^>]*>(.*?)</table>", fragment, re.DOTALL):
        found = re.search(r"<caption[^>]*>(.*?)</caption>", body, re.DOTALL)
        if found and text(found.group(1)) == caption:
            return [
                [text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)]
                for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL)
            ]
    raise AssertionError(f"no table with caption {caption!r}")


def hrefs(response) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', content(response))]
