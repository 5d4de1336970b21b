"""The ten tips are kept per worker for a few minutes: no query for them on every page,
and a change through the ORM is seen at once by this worker."""

from __future__ import annotations

import pytest

from gesprekken import services
from gesprekken.models import Tip

pytestmark = pytest.mark.django_db


def test_tips_are_read_once(django_assert_num_queries):
    with django_assert_num_queries(1):
        first = services.standard_tips()
        second = services.standard_tips()
    assert [t.number for t in first] == list(range(1, 11))
    assert [t.pk for t in second] == [t.pk for t in first]
    second.pop()  # callers get their own list
    assert len(services.standard_tips()) == 10


def test_a_changed_tip_is_seen_at_once():
    services.standard_tips()
    tip = Tip.objects.standard().get(number=4)
    tip.title_nl = "Een nieuwe titel"
    tip.save()
    assert services.standard_tips()[3].title_nl == "Een nieuwe titel"


def test_the_copy_expires(monkeypatch, django_assert_num_queries):
    services.standard_tips()
    monkeypatch.setattr(services, "TIPS_CACHE_SECONDS", 0)
    services.forget_standard_tips()
    services.standard_tips()
    with django_assert_num_queries(1):
        services.standard_tips()  # expired straight away: read again
