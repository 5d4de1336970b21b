"""Every model that holds data about a child or a parent is in the access request.

Walks all installed models: a model with a relation (foreign key, one-to-one or
many-to-many) to kinderen.Child or ouders.Parent, directly or through other such models
(TipScore -> Conversation -> Child), must have an exporter in privacy.exports.EXPORTERS.
So a model added next year cannot be forgotten in the answer to a parent's request.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

from audit.models import AuditEvent
from gesprekken.models import TipScore
from kinderen.models import Child
from ouders.models import Parent
from privacy.exports import EXPORTERS
from privacy.models import ErasureRecord

# Covered elsewhere: the audit trail is exported as time/action/type rows of its own, and
# the erasure log holds no child or parent data (counts and a reason without names).
COVERED_SEPARATELY = {AuditEvent, ErasureRecord}


def _is_ours(model: type[models.Model]) -> bool:
    config = apps.get_app_config(model._meta.app_label)
    if config.name.startswith("django."):
        return False
    # simple-history's copies count too: earlier versions and deleted records are data held.
    return model not in COVERED_SEPARATELY


def _targets(model: type[models.Model]) -> set[type[models.Model]]:
    """The models this one points at (forward relations only, including many-to-many)."""
    return {
        field.related_model
        for field in model._meta.get_fields()
        if field.is_relation
        and not field.auto_created
        and (field.many_to_one or field.one_to_one or field.many_to_many)
        and field.related_model is not None
    }


def models_about_children_and_parents() -> set[type[models.Model]]:
    subjects = {Child, Parent}
    found = set(subjects)
    candidates = [m for m in apps.get_models() if _is_ours(m)]
    changed = True
    while changed:  # direct links first, then one hop further each round
        changed = False
        for model in candidates:
            if model not in found and _targets(model) & found:
                found.add(model)
                changed = True
    return found


def test_the_walk_finds_the_known_models():
    labels = {m._meta.label for m in models_about_children_and_parents()}
    assert {
        "kinderen.Child",
        "ouders.Parent",
        "ouders.ChildParent",
        "gesprekken.Conversation",
        "gesprekken.TipScore",  # one hop: TipScore -> Conversation -> Child
        "gesprekken.FollowUp",
        "gesprekken.Feedback",
        "gesprekken.Preparation",
        "privacy.Consent",
    } <= labels
    # The stored versions: an edited or deleted conversation's earlier text is data held.
    assert {
        "gesprekken.HistoricalConversation",
        "gesprekken.HistoricalFollowUp",
        "gesprekken.HistoricalTipScore",
    } <= labels
    assert "audit.AuditEvent" not in labels


def missing_exporters(exporters) -> list[str]:
    return sorted(m._meta.label for m in models_about_children_and_parents() if m not in exporters)


def test_every_model_about_children_or_parents_has_an_exporter():
    missing = missing_exporters(EXPORTERS)
    assert not missing, (
        "add an exporter to privacy.exports.EXPORTERS (and the access request) for: "
        + ", ".join(missing)
    )


def test_no_exporter_for_a_model_that_is_gone():
    installed = set(apps.get_models())
    assert set(EXPORTERS) <= installed


def test_a_forgotten_model_would_be_caught():
    without = {model: f for model, f in EXPORTERS.items() if model is not TipScore}
    assert missing_exporters(without) == ["gesprekken.TipScore"]


def test_a_forgotten_history_table_would_be_caught():
    historical = TipScore.history.model
    without = {model: f for model, f in EXPORTERS.items() if model is not historical}
    assert missing_exporters(without) == ["gesprekken.HistoricalTipScore"]
