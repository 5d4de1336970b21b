"""The conversation vocabulary is stated once: gesprekken/vocabulary.py.

The application code outside it (and the migrations, which freeze their own copy) never
spells a stored value; the scoring rules use it without Django's settings or models; the
form's script gets the rule values from the server.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from gesprekken import scoring
from gesprekken.forms import ConversationForm
from gesprekken.vocabulary import (
    HANDOVER_KINDS,
    SIT_DOWN_KINDS,
    ConversationKind,
    Interpreter,
    Level,
    OwnStance,
    ParentStance,
    Tone,
    Topic,
)

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "audit", "demo", "gesprekken", "inzicht", "kinderen", "organisatie"]
APPS += ["ouderportaal", "ouders", "privacy"]
VOCABULARY = Path("gesprekken/vocabulary.py")
# (Applies is left out: its values are English words that also name URLs and such.)
CHOICES = [ConversationKind, Topic, ParentStance, OwnStance, Interpreter, Tone]
# "kind" is also the conversation's field name in Python (and Dutch for "child"): the
# Python check leaves it out; templates and scripts are checked for it too.
VALUES = {value for choices in CHOICES for value in choices.values}
PYTHON_VALUES = VALUES - {Interpreter.CHILD}


def application_files(*suffixes: str) -> list[Path]:
    files = [ROOT / "templates", ROOT / "static" / "js"] + [ROOT / app for app in APPS]
    return sorted(
        path
        for top in files
        for path in top.rglob("*")
        if path.suffix in suffixes and "migrations" not in path.parts
    )


def test_handover_and_sit_down_kinds_split_every_kind():
    assert HANDOVER_KINDS | set(SIT_DOWN_KINDS) == set(ConversationKind)
    assert not HANDOVER_KINDS & set(SIT_DOWN_KINDS)
    assert HANDOVER_KINDS == {"breng", "haal"}  # members are their values


def test_scoring_levels_come_from_the_vocabulary():
    assert scoring.LEVELS == (0, 1, 2, 3) == tuple(Level.values)
    assert scoring.MAX_LEVEL == 3


def test_scoring_runs_without_django_settings_or_models():
    """The pure rules import the vocabulary, which needs neither settings nor the app
    registry: no model module is loaded."""
    script = (
        "import sys; from gesprekken import scoring;"
        "r = scoring.score_conversation(rules=[scoring.TipRule(7, 'timid_parent')],"
        " kind='breng', parent_stance='timide', participation_discussed=False, levels={7: 3});"
        "assert r.percentage == 100, r;"
        "assert not [m for m in sys.modules if m.startswith('gesprekken.models')]"
    )
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True)  # noqa: S603


def _string_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_no_stored_value_spelled_in_python_outside_the_vocabulary():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {value!r}"
        for path in application_files(".py")
        if path.relative_to(ROOT) != VOCABULARY
        for line, value in _string_literals(path)
        if value in PYTHON_VALUES
    ]
    assert found == []


def test_no_stored_value_spelled_in_templates_or_scripts():
    alternatives = "|".join(map(re.escape, sorted(VALUES)))
    quoted = re.compile(rf"""["']({alternatives})["']""")
    in_link = re.compile(r"[?&;]soort=(\w+)")
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}"
        for path in application_files(".html", ".js")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if quoted.search(line) or in_link.search(line)
    ]
    assert found == []


def test_the_form_script_keeps_no_copy_of_the_rules():
    script = (ROOT / "static" / "js" / "conversation-form.js").read_text(encoding="utf-8")
    assert not re.search(r"\b0\.\d", script), "a threshold is hard-coded in the script"


@pytest.mark.django_db
def test_the_form_page_carries_the_rules_from_python(client_for, pm_a, child_a):
    response = client_for(pm_a).get(reverse("conversation_create", args=[child_a.pk]))

    match = re.search(
        r'id="conversation-form"[^>]* data-rules="([^"]*)"', response.content.decode()
    )
    assert match, "the form has no data-rules attribute"
    rules = json.loads(match.group(1).replace("&quot;", '"'))
    assert rules == json.loads(ConversationForm.script_rules)
    assert rules["childInterpreter"] == Interpreter.CHILD
    assert rules["minMinutes"] == 1

    def script_proposal(staff: int, parent: int) -> int | None:  # as conversation-form.js
        if staff + parent <= 0:
            return None
        for minimum, level in rules["speakingSteps"]:
            if 100 * parent >= minimum * (staff + parent):
                return level
        return rules["speakingBelowSteps"]

    for staff in range(0, 101, 3):
        for parent in range(0, 101, 7):
            expected = scoring.propose_speaking_level(staff, parent)
            assert script_proposal(staff, parent) == expected, (staff, parent)
