"""Every free-text field has a maximum length, at the field (a Dutch message, the rest of
the input kept) and in the database (an import, the admin or a script is refused too).

The security test saved a 2.4 MB summary, copied into the history on every edit.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.urls import reverse

from gesprekken.models import Conversation
from tests.gesprekken.helpers import sit_down_data

pytestmark = pytest.mark.django_db

OURS = {
    "organisatie",
    "kinderen",
    "ouders",
    "gesprekken",
    "privacy",
    "audit",
    "accounts",
    "inzicht",
}


def test_every_text_field_of_our_models_has_a_maximum():
    unlimited = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in OURS and not model.__name__.startswith("Historical")
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField)
        and field.max_length is None
        # The tips' texts are the platform's own reference data (data migration, operators).
        and model._meta.label not in {"gesprekken.Tip", "gesprekken.Checklist"}
    ]
    assert unlimited == []


def test_a_too_long_summary_gets_a_dutch_message_and_keeps_the_input(client_for, pm_a, child_a):
    limit = Conversation._meta.get_field("summary").max_length
    data = sit_down_data(summary="x" * (limit + 1))
    data["parent_view"] = "Wat de ouders zeiden"
    response = client_for(pm_a).post(reverse("conversation_create", args=[child_a.pk]), data)

    assert response.status_code == 200
    body = response.content.decode()
    assert "niet meer dan 10000 tekens" in body  # Django's Dutch message at the field
    assert "Wat de ouders zeiden" in body
    assert not Conversation.objects.filter(child=child_a).exists()


def test_the_database_refuses_a_too_long_summary(conversation_a):
    limit = Conversation._meta.get_field("summary").max_length
    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.filter(pk=conversation_a.pk).update(summary="x" * (limit + 1))
    conversation_a.refresh_from_db()
    assert len(conversation_a.summary) <= limit
