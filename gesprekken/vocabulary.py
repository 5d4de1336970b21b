"""The words of the conversation domain, each stated once.

Every stored value of a conversation's choice fields and every set derived from them
lives here; models, scoring, forms, filters, exports, the seeders and (through the
``vocabulary`` context processor) the templates use these names, never the Dutch values
themselves.

Django's ``TextChoices`` and ``IntegerChoices`` are ``StrEnum`` / ``IntEnum`` types: a
member is its value (``ConversationKind.DROP_OFF == "breng"``, same hash), carries its
translated label, and the module needs neither settings nor the app registry, so the
pure scoring rules (gesprekken/scoring.py) can use it too. It imports no models.

Changing a value or a label changes the fields' choices and so needs a migration.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConversationKind(models.TextChoices):
    DROP_OFF = "breng", _("Drop-off talk")
    PICK_UP = "haal", _("Pick-up talk")
    TEN_MINUTE = "tienminutengesprek", _("Ten-minute talk")
    INTAKE = "intake", _("Intake")
    EVALUATION = "evaluatie", _("Evaluation")
    CARE = "zorggesprek", _("Concern talk")
    PHONE = "telefonisch", _("Phone call")
    OTHER = "overig", _("Other")


# The talk at the door (the quick handover form) and every other, sit-down, kind.
HANDOVER_KINDS = frozenset({ConversationKind.DROP_OFF, ConversationKind.PICK_UP})
SIT_DOWN_KINDS = tuple(kind for kind in ConversationKind if kind not in HANDOVER_KINDS)


class Topic(models.TextChoices):
    SLEEP = "slapen", _("sleep")
    FOOD = "eten", _("eating and drinking")
    HEALTH = "gezondheid", _("health")
    BEHAVIOUR = "gedrag", _("behaviour")
    DEVELOPMENT = "ontwikkeling", _("development")
    PLAY = "spel", _("play and friends")
    SETTLING = "wennen", _("settling in")
    HOME = "thuissituatie", _("home situation")
    PARTICIPATION = "ouderparticipatie", _("parent participation")
    LANGUAGE = "taal", _("language")
    TOILET = "zindelijkheid", _("toilet training")
    SCHOOL = "school", _("school and transition")


class ParentStance(models.TextChoices):
    TIMID = "timide", _("timid")
    EQUAL = "gelijkwaardig", _("equal")
    DOMINANT = "dominant", _("dominant")


class OwnStance(models.TextChoices):
    UNDER = "onder", _("under (giving in)")
    BESIDE = "naast", _("beside (equal)")
    ABOVE = "boven", _("above (telling)")


class Interpreter(models.TextChoices):
    NONE = "geen", _("none")
    PROFESSIONAL = "professioneel", _("professional interpreter")
    FAMILY = "familie", _("family member or friend")
    CHILD = "kind", _("a child")


class Tone(models.TextChoices):
    GOOD = "fijn", _("good")
    NEUTRAL = "neutraal", _("neutral")
    DIFFICULT = "lastig", _("difficult")


class Level(models.IntegerChoices):
    """How far a conversation followed a tip."""

    NOT = 0, _("not")
    PARTLY = 1, _("partly")
    LARGELY = 2, _("largely")
    FULLY = 3, _("fully")


class Applies(models.TextChoices):
    """When a tip of the checklist applies to a conversation (see scoring.is_applicable)."""

    ALWAYS = "always", _("every conversation")
    HANDOVER = "handover", _("drop-off and pick-up talks")
    SIT_DOWN = "sit_down", _("every conversation except drop-off and pick-up")
    PARTICIPATION = "participation", _("when parent participation was discussed")
    TIMID_PARENT = "timid_parent", _("when the parent was timid")
    DOMINANT_PARENT = "dominant_parent", _("when the parent was dominant")
