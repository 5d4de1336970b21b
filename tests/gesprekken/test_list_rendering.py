# ruff: noqa: E501 - the template loops below are quoted as they were
"""The lists rendered in one pass in Python show exactly what the template loops they
replaced showed, in Dutch and English: the conversation rows of every list (history, a
child's timeline, a parent's page, my conversations) through the one
``{% conversation_items %}`` with its options, the home page's child tiles and a child's
open agreements."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from gesprekken.models import Conversation
from gesprekken.scoring import NOT_APPLICABLE
from kinderen.models import Child
from tests.factories import make_child

from .helpers import days_ago, log_conversation

pytestmark = pytest.mark.django_db

# The template loops as they were before the rows were rendered in Python.
HISTORY_LOOP = """{% load i18n gesprekken_tags %}{% for c in page %}
  <li class="timeline-item"><a href="{% url 'conversation_detail' c.pk %}" class="timeline-link">
    <span class="fw-semibold">{{ c.get_kind_display }} · {{ c.child.first_name }} {{ c.child.last_name }}</span>
    <span class="text-body-secondary">{{ c.occurred_at|date:"D j M Y, H:i" }} · {{ c.author.display_name }}</span>
    {% if c.escalated %}<span class="badge text-bg-danger">{% translate "escalated" %}</span>{% endif %}
    {% if c.ended_early %}<span class="badge text-bg-warning">{% translate "ended early" %}</span>{% endif %}
    {% if c.interpreter != "geen" %}<span class="badge text-bg-light border">{% translate "interpreter" %}</span>{% endif %}
    {% score_badge c %}
  </a></li>{% endfor %}"""
TIMELINE_LOOP = """{% load i18n gesprekken_tags %}{% for c in timeline %}
    <li class="timeline-item">
      <a href="{% url 'conversation_detail' c.pk %}" class="timeline-link">
        <span class="fw-semibold">{{ c.get_kind_display }}</span>
        <span class="text-body-secondary">{{ c.occurred_at|date:"D j M Y, H:i" }} · {{ c.author.display_name }}</span>
        {% if c.tone %}<span class="badge tone-{{ c.tone }}">{{ c.get_tone_display }}</span>{% endif %}
        {% if c.escalated %}<span class="badge text-bg-danger">{% translate "escalated" %}</span>{% endif %}
        {% if c.ended_early %}<span class="badge text-bg-warning">{% translate "ended early" %}</span>{% endif %}
        {% score_badge c %}
      </a>
    </li>{% endfor %}"""
PARENT_LOOP = """{% load i18n gesprekken_tags %}{% for c in parent_talks %}
    <li class="timeline-item"><a href="{% url 'conversation_detail' c.pk %}" class="timeline-link">
      <span class="fw-semibold">{{ c.get_kind_display }}</span>
      <span class="text-body-secondary">{{ c.occurred_at|date:"D j M Y" }} · {{ c.child.first_name }} · {{ c.author.display_name }}</span>
      {% score_badge c %}</a></li>
    {% endfor %}"""
MINE_LOOP = """{% load i18n gesprekken_tags %}{% for c in page %}
      <li class="timeline-item"><a href="{% url 'conversation_detail' c.pk %}" class="timeline-link">
        <span class="fw-semibold">{{ c.get_kind_display }} · {{ c.child.first_name }} {{ c.child.last_name }}</span>
        <span class="text-body-secondary">{{ c.occurred_at|date:"D j M Y, H:i" }}</span>
        {% score_badge c %}</a></li>
      {% endfor %}"""
# Each list: the loop it replaced, the options it uses now, the name in its context.
LISTS = {
    "history": (HISTORY_LOOP, 'child="title" interpreter=True', "page"),
    "child timeline": (TIMELINE_LOOP, "tone=True", "timeline"),
    "parent page": (PARENT_LOOP, 'child="meta" time=False flags=False', "parent_talks"),
    "my conversations": (MINE_LOOP, 'child="title" author=False flags=False', "page"),
}
TILES_LOOP = """{% for child in children %}
    <li><a class="child-tile" href="{% url 'child_detail' child.pk %}"><span class="child-name">{{ child.first_name }} {{ child.last_name }}</span><span class="child-age">{{ child.age_display }}</span></a></li>
    {% endfor %}"""
AGREEMENTS_LOOP = """{% load i18n %}{% for agreement in open_agreements %}
      <li class="agreement d-flex flex-wrap gap-2 align-items-center py-1{% if not forloop.last %} border-bottom{% endif %}">
        <span class="flex-grow-1">{{ agreement.description }}
          <span class="small text-body-secondary">{% if agreement.owner_display %}· {{ agreement.owner_display }}{% endif %}{% if agreement.due_date %} · {% translate "due" %} {{ agreement.due_date|date:"j M Y" }}{% endif %}</span>
          {% if agreement.due_date and agreement.due_date < today %}<span class="badge text-bg-danger">{% translate "overdue" %}</span>{% endif %}
        </span>
        <form method="post" action="{% url 'follow_up_toggle' agreement.pk %}"><input type="hidden" name="csrfmiddlewaretoken" value="TOKEN">
          <input type="hidden" name="done" value="1"><input type="hidden" name="next_child" value="1">
          <button type="submit" class="btn btn-sm btn-outline-success">{% translate "Done" %}</button>
        </form>
      </li>
      {% endfor %}"""


def squeeze(html: str) -> str:
    """Whitespace between and around tags carries no meaning in these lists."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", re.sub(r"\s+", " ", str(html))).strip()


@pytest.fixture
def varied(pm_a, pm_a2, child_a):
    """Talks with every badge: tones, escalated, ended early, an interpreter, scored,
    unscored, n.v.t., around midnight and in summer and winter time."""
    specs = [
        {"kind": "breng", "tone": "fijn", "occurred_at": days_ago(1, hour=8)},
        {"kind": "haal", "tone": "lastig", "occurred_at": days_ago(2, hour=17)},
        {
            "kind": "zorggesprek",
            "escalated": True,
            "interpreter": "kind",
            "levels": {1: 3, 2: 1, 9: NOT_APPLICABLE},
            "occurred_at": days_ago(40, hour=0),
        },
        {"kind": "evaluatie", "ended_early": True, "levels": {1: 0}, "occurred_at": days_ago(200)},
        {"kind": "telefonisch", "tone": "neutraal", "occurred_at": days_ago(300, hour=23)},
    ]
    talks = [
        log_conversation(pm_a if n % 2 else pm_a2, child_a, **spec) for n, spec in enumerate(specs)
    ]
    return list(
        Conversation.objects.filter(pk__in=[t.pk for t in talks])
        .for_list()
        .order_by("-occurred_at")
    )


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("name", list(LISTS))
def test_every_conversation_list_as_its_template_showed_it(varied, name, language):
    loop, options, variable = LISTS[name]
    rows = Paginator(varied, 25).page(1)
    with translation.override(language):
        old = Template(loop).render(Context({variable: rows}))
        tag = f"{{% load gesprekken_tags %}}{{% conversation_items {variable} {options} %}}"
        new = Template(tag).render(Context({variable: rows}))
    assert squeeze(new) == squeeze(old)
    assert new.count('class="timeline-item"') == len(varied)


@pytest.mark.parametrize(
    ("language", "options", "expected"),
    [
        (
            "nl",
            'child="title" interpreter=True',
            '<span class="fw-semibold">Zorggesprek · Emma de Vries</span> '
            '<span class="text-body-secondary">di 3 Mrt 2026, 09:05 · Maartje Visser</span> '
            '<span class="badge text-bg-danger">geëscaleerd</span>'
            '<span class="badge text-bg-light border">tolk</span>'
            '<span class="badge score-badge score-mid">67 % '
            '<span class="score-completeness">(3 van 6 tips gescoord)</span></span>',
        ),
        (
            "en",
            "tone=True",
            '<span class="fw-semibold">Concern talk</span> '
            '<span class="text-body-secondary">Tue 3 Mar 2026, 09:05 · Maartje Visser</span> '
            '<span class="badge tone-lastig">difficult</span>'
            '<span class="badge text-bg-danger">escalated</span>'
            '<span class="badge score-badge score-mid">67 % '
            '<span class="score-completeness">(3 of 6 tips scored)</span></span>',
        ),
        (
            "nl",
            'child="meta" time=False flags=False',
            '<span class="fw-semibold">Zorggesprek</span> '
            '<span class="text-body-secondary">di 3 Mrt 2026 · Emma · Maartje Visser</span> '
            '<span class="badge score-badge score-mid">67 % '
            '<span class="score-completeness">(3 van 6 tips gescoord)</span></span>',
        ),
        (
            "en",
            'child="title" author=False flags=False',
            '<span class="fw-semibold">Concern talk · Emma de Vries</span> '
            '<span class="text-body-secondary">Tue 3 Mar 2026, 09:05</span> '
            '<span class="badge score-badge score-mid">67 % '
            '<span class="score-completeness">(3 of 6 tips scored)</span></span>',
        ),
    ],
)
def test_one_row_with_each_set_of_options(pm_a, child_a, language, options, expected):
    talk = log_conversation(
        pm_a,
        child_a,
        kind="zorggesprek",
        tone="lastig",
        escalated=True,
        interpreter="kind",
        levels={1: 3, 5: 1, 6: 2},  # 6 / 9 = 67 %, 3 of 6 tips: complete enough
        occurred_at=timezone.make_aware(datetime.datetime(2026, 3, 3, 9, 5)),
    )
    rows = list(Conversation.objects.filter(pk=talk.pk).for_list())
    with translation.override(language):
        html = Template(
            f"{{% load gesprekken_tags %}}{{% conversation_items rows {options} %}}"
        ).render(Context({"rows": rows}))
    url = reverse("conversation_detail", args=[talk.pk])
    assert html == (
        f'<li class="timeline-item"><a href="{url}" class="timeline-link">{expected}</a></li>'
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_child_tiles_as_the_template_showed_them(group_a, child_a, language):
    make_child(group_a, first_name="Zoë <b>", last_name="d'Artagnan & co")
    children = list(Child.objects.filter(group=group_a).order_by("pk"))
    with translation.override(language):
        old = Template(TILES_LOOP).render(Context({"children": children}))
        new = Template("{% load kinderen_tags %}{% child_tiles children %}").render(
            Context({"children": children})
        )
    assert squeeze(new) == squeeze(old)
    assert "Zoë &lt;b&gt;" in new and "d&#x27;Artagnan &amp; co" in new


@pytest.mark.parametrize("language", ["nl", "en"])
def test_open_agreements_as_the_template_showed_them(pm_a, child_a, parent_a, rf, language):
    from gesprekken.models import FollowUp

    today = timezone.localdate()
    log_conversation(
        pm_a,
        child_a,
        follow_ups=[
            {"description": "Luiers <meenemen>", "due_date": today - datetime.timedelta(days=3)},
            {"description": "Bellen", "owner_parent": parent_a, "due_date": today},
            {"description": "Zonder datum", "owner_staff": pm_a.staff_member},
        ],
    )
    agreements = list(
        FollowUp.objects.select_related("owner_staff__user", "owner_parent").order_by("pk")
    )
    request = rf.get("/")
    with translation.override(language):
        old = Template(AGREEMENTS_LOOP).render(
            Context({"open_agreements": agreements, "today": today})
        )
        new = Template(
            "{% load gesprekken_tags %}{% open_agreement_items open_agreements today %}"
        ).render(Context({"open_agreements": agreements, "today": today, "request": request}))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', new).group(1)
    assert squeeze(new) == squeeze(old.replace("TOKEN", token))
    assert new.count(token) == 3
