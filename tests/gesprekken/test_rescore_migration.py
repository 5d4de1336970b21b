"""The re-scoring data migration: its frozen rules equal the pure function, and it leaves
every stored figure equal to what the pure function gives on the stored levels."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from hypothesis import given
from hypothesis import strategies as st

from gesprekken import scoring
from gesprekken.models import Conversation, TipScore
from tests.gesprekken.test_scoring import KINDS, RULES, STANCES

from .helpers import log_conversation

migration = importlib.import_module("gesprekken.migrations.0016_rescore_conversations")

FROZEN_RULES = [migration.TipRule(r.number, str(r.applies), r.speaking_time) for r in RULES]
level_values = st.one_of(st.sampled_from([0, 1, 2, 3]), st.just("nvt"))


@given(
    levels=st.dictionaries(st.integers(min_value=1, max_value=10), level_values),
    kind=st.sampled_from(KINDS),
    stance=st.sampled_from(STANCES),
    participation=st.booleans(),
    seconds=st.tuples(
        st.one_of(st.none(), st.integers(0, 3600)), st.one_of(st.none(), st.integers(0, 3600))
    ),
)
def test_the_frozen_rules_are_the_pure_function(levels, kind, stance, participation, seconds):
    pure = scoring.score_conversation(
        rules=RULES,
        kind=kind,
        parent_stance=stance,
        participation_discussed=participation,
        levels={n: scoring.NOT_APPLICABLE if v == "nvt" else v for n, v in levels.items()},
        speaking_seconds=seconds,
    )
    frozen = migration.score_conversation(
        rules=FROZEN_RULES,
        kind=kind,
        parent_stance=stance,
        participation_discussed=participation,
        levels={n: migration.NOT_APPLICABLE if v == "nvt" else v for n, v in levels.items()},
        speaking_seconds=seconds,
    )
    assert (frozen.percentage, frozen.scored, frozen.applicable, frozen.complete) == (
        pure.percentage,
        pure.scored,
        pure.applicable,
        pure.complete,
    )
    assert {(t.number, t.level, t.proposed) for t in frozen.tips} == {
        (t.number, t.level, t.proposed) for t in pure.tips if t.scored
    }


@pytest.mark.django_db
def test_rescoring_repairs_stale_figures_and_checks_them(pm_a, child_a):
    talk = log_conversation(
        pm_a, child_a, levels={1: 3, 5: 2, 6: 1}, staff_seconds=300, parent_seconds=100
    )
    # As an old version stored it: one decimal, no completeness, the proposal not stored.
    TipScore.objects.filter(conversation=talk, proposed=True).delete()
    Conversation.objects.filter(pk=talk.pk).update(score_percentage="62.5", score_complete=False)

    migration.rescore(apps, None)

    talk.refresh_from_db()
    # Tip 3 proposed from 25 % parent share: "deels" (1). (3 + 2 + 1 + 1) / 12 = 58.3 -> 58.
    assert (talk.score_percentage, talk.score_scored, talk.score_complete) == (58, 4, True)
    assert set(talk.tip_scores.filter(proposed=True).values_list("tip__number", "level")) == {
        (3, 1)
    }
    migration.check(apps, None)  # raises when a stored figure differs


@pytest.mark.django_db
def test_the_check_refuses_a_stored_figure_that_differs(pm_a, child_a):
    talk = log_conversation(pm_a, child_a, levels={1: 3, 5: 2, 6: 1})
    Conversation.objects.filter(pk=talk.pk).update(score_percentage=99)

    with pytest.raises(RuntimeError, match="differ"):
        migration.check(apps, None)
