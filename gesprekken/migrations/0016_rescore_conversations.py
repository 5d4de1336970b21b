"""Re-score every stored conversation under the current rules (gesprekken/scoring.py).

Whole percentages rounded half up, the one-sided tip-3 table in whole seconds with the
meter's proposal stored marked as proposed, and whether each score is complete enough to
count. The rollup triggers are absent here (dropped by 0015); the next installing
migration of inzicht rebuilds the totals from these figures. The last step checks that
every stored figure equals the pure function's result on the stored levels.

A level that the old form stored from the meter cannot be told from a chosen one: it stays
the user's. A level stored on a tip that does not apply was never counted and stays
stored, as before.

Like every migration this one imports no application code: the rules below are a frozen
copy of gesprekken/scoring.py as it stands with this migration, and
tests/gesprekken/test_rescore_migration.py checks that they give what the pure function
gives.
"""

from dataclasses import dataclass

from django.db import migrations
from django.db.models import F

BATCH = 2000
PARTICIPATION = "ouderparticipatie"
HANDOVER = frozenset({"breng", "haal"})
NOT_APPLICABLE = object()
SPEAKING_STEPS = ((40, 3), (30, 2), (20, 1))


@dataclass(frozen=True)
class TipRule:
    number: int
    applies: str
    speaking_time: bool = False


@dataclass(frozen=True)
class Tip:
    number: int
    level: int | None
    proposed: bool


@dataclass(frozen=True)
class Score:
    tips: tuple
    percentage: int | None
    scored: int
    applicable: int
    complete: bool


def _applies(applies, *, kind, parent_stance, participation_discussed):
    return {
        "always": True,
        "handover": kind in HANDOVER,
        "sit_down": kind not in HANDOVER,
        "participation": participation_discussed,
        "timid_parent": parent_stance == "timide",
        "dominant_parent": parent_stance == "dominant",
    }[applies]


def _propose(staff, parent):
    if staff is None or parent is None or staff + parent <= 0:
        return None
    for minimum, level in SPEAKING_STEPS:
        if 100 * parent >= minimum * (staff + parent):
            return level
    return 0


def score_conversation(
    *, rules, kind, parent_stance, participation_discussed, levels, speaking_seconds
):
    tips, total, scored, applicable = [], 0, 0, 0
    for rule in sorted(rules, key=lambda r: r.number):
        given = levels.get(rule.number)
        if given is NOT_APPLICABLE or not _applies(
            rule.applies,
            kind=kind,
            parent_stance=parent_stance,
            participation_discussed=participation_discussed,
        ):
            continue
        applicable += 1
        proposed = False
        if given is None and rule.speaking_time:
            given = _propose(*speaking_seconds)
            proposed = given is not None
        if given is not None:
            total += given
            scored += 1
            tips.append(Tip(rule.number, given, proposed))
    percentage = (2 * 100 * total + 3 * scored) // (2 * 3 * scored) if scored else None
    complete = applicable > 0 and scored >= max(3, -(-applicable // 2))
    return Score(tuple(tips), percentage, scored, applicable, complete)


def _rules(apps):
    Tip = apps.get_model("gesprekken", "Tip")
    tips = list(Tip.objects.filter(checklist__is_standard=True).order_by("number"))
    return tips, [TipRule(t.number, t.applies, speaking_time=t.speaking_time) for t in tips]


def _score(conversation, rows, rules):
    levels = {
        row.tip_number: NOT_APPLICABLE if row.level is None else row.level
        for row in rows
        if not row.proposed
    }
    return score_conversation(
        rules=rules,
        kind=conversation.kind,
        parent_stance=conversation.parent_stance or None,
        participation_discussed=PARTICIPATION in (conversation.topics or []),
        levels=levels,
        speaking_seconds=(conversation.staff_seconds, conversation.parent_seconds),
    )


def _batches(apps):
    Conversation = apps.get_model("gesprekken", "Conversation")
    TipScore = apps.get_model("gesprekken", "TipScore")
    last = 0
    while True:
        batch = list(
            Conversation.objects.filter(pk__gt=last)
            .order_by("pk")
            .only(
                "pk",
                "kind",
                "parent_stance",
                "topics",
                "staff_seconds",
                "parent_seconds",
                "score_percentage",
                "score_scored",
                "score_applicable",
                "score_complete",
            )[:BATCH]
        )
        if not batch:
            return
        last = batch[-1].pk
        rows = {}
        for row in TipScore.objects.filter(conversation_id__in=[c.pk for c in batch]).annotate(
            tip_number=F("tip__number")
        ):
            rows.setdefault(row.conversation_id, []).append(row)
        yield batch, rows


def rescore(apps, schema_editor):
    Conversation = apps.get_model("gesprekken", "Conversation")
    TipScore = apps.get_model("gesprekken", "TipScore")
    tips, rules = _rules(apps)
    if not tips:
        return
    tip_by_number = {t.number: t for t in tips}
    for batch, rows in _batches(apps):
        changed = []
        proposals = []
        for conversation in batch:
            mine = rows.get(conversation.pk, [])
            result = _score(conversation, mine, rules)
            TipScore.objects.filter(conversation_id=conversation.pk, proposed=True).delete()
            for tip in result.tips:
                if tip.proposed:
                    proposals.append(
                        TipScore(
                            conversation_id=conversation.pk,
                            tip=tip_by_number[tip.number],
                            level=tip.level,
                            proposed=True,
                        )
                    )
            conversation.score_percentage = result.percentage
            conversation.score_scored = result.scored
            conversation.score_applicable = result.applicable
            conversation.score_complete = result.complete
            changed.append(conversation)
        Conversation.objects.bulk_update(
            changed,
            ["score_percentage", "score_scored", "score_applicable", "score_complete"],
        )
        TipScore.objects.bulk_create(proposals)
    check(apps, schema_editor)


def check(apps, schema_editor):
    """Every stored figure equals the pure function on the stored levels."""
    _tips, rules = _rules(apps)
    wrong = []
    for batch, rows in _batches(apps):
        for conversation in batch:
            mine = rows.get(conversation.pk, [])
            result = _score(conversation, mine, rules)
            stored = (
                None
                if conversation.score_percentage is None
                else int(conversation.score_percentage),
                conversation.score_scored,
                conversation.score_applicable,
                conversation.score_complete,
            )
            expected = (result.percentage, result.scored, result.applicable, result.complete)
            proposed = {(row.tip_number, row.level) for row in mine if row.proposed}
            if stored != expected or proposed != {
                (t.number, t.level) for t in result.tips if t.proposed
            }:
                wrong.append(conversation.pk)
    if wrong:
        raise RuntimeError(f"stored scores differ from the rules: conversations {wrong[:20]}")


class Migration(migrations.Migration):
    dependencies = [("gesprekken", "0015_score_complete_and_proposed")]

    operations = [migrations.RunPython(rescore, migrations.RunPython.noop, elidable=False)]
