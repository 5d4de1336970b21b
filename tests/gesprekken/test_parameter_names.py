"""Each request parameter means one thing across the app: ``kind`` is a child (Dutch),
``soort`` a conversation's kind, in links, filters and forms alike."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gesprekken.forms import ConversationForm, HandoverForm
from gesprekken.services import standard_tips
from inzicht.filters import ConversationFilter

pytestmark = pytest.mark.django_db


def test_history_filter_kind_is_the_child_and_soort_the_conversation_kind():
    filters = ConversationFilter.base_filters
    assert filters["kind"].field_name == "child_id"
    assert filters["soort"].field_name == "kind"


def test_forms_send_the_conversation_kind_as_soort(pm_a, child_a):
    forms = [
        HandoverForm(child=child_a, tips=standard_tips()),
        ConversationForm(child=child_a, author=pm_a.staff_member),
    ]
    for form in forms:
        assert form["kind"].html_name == "soort"
        assert "kind" not in {form[name].html_name for name in form.fields}


@pytest.mark.parametrize("page", ["handover", "conversation_create"])
def test_pages_have_no_input_named_kind(client_for, pm_a, child_a, page):
    content = client_for(pm_a).get(reverse(page, args=[child_a.pk])).content.decode()

    assert 'name="soort"' in content
    assert 'name="kind"' not in content


def test_a_submitted_soort_is_the_conversation_kind(child_a):
    form = HandoverForm(
        {
            "soort": "haal",
            "tone": "fijn",
            "idempotency_key": "6f1c1b4e-3a44-4d52-9c1e-8d5c3f0f2a11",
        },
        child=child_a,
        tips=standard_tips(),
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["kind"] == "haal"
