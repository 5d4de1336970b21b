from __future__ import annotations

import json
import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from kinderen.models import Child
from organisatie.models import StaffMember
from ouderportaal.fields import LocalDateTimeField

from ..models import Conversation, Tip
from ..scoring import (
    NOT_APPLICABLE,
    SPEAKING_BELOW_STEPS,
    SPEAKING_STEPS,
    is_applicable,
)
from ..vocabulary import (
    HANDOVER_KINDS,
    SIT_DOWN_KINDS,
    Applies,
    ConversationKind,
    Interpreter,
    Level,
    OwnStance,
    ParentStance,
    Topic,
)
from .common import (
    MAX_MINUTES,
    MIN_MINUTES,
    NVT,
    PARAMETER_NAMES,
    SPEAKING_MARGIN_MINUTES,
    DutchParameterNames,
    ParentChoiceField,
    StaffChoiceField,
    child_parents,
    given_levels,
    level_choices,
    location_colleagues,
    validate_not_in_future,
)


class ConversationForm(DutchParameterNames, forms.ModelForm):
    occurred_at = LocalDateTimeField(label=_("Date and time"), validators=[validate_not_in_future])
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    staff_minutes = forms.DecimalField(
        label=_("I spoke (minutes)"),
        required=False,
        min_value=Decimal(0),
        max_value=MAX_MINUTES,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
    parent_minutes = forms.DecimalField(
        label=_("Parents spoke (minutes)"),
        required=False,
        min_value=Decimal(0),
        max_value=MAX_MINUTES,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # Private preparation notes enter the record only when the author says so.
    carry_preparation = forms.BooleanField(
        label=_("Add my preparation notes to this conversation"),
        required=False,
        help_text=_(
            "Your preparation notes are private. Added to the conversation, they can be "
            "read by colleagues at this location and by managers."
        ),
    )

    class Meta:
        model = Conversation
        fields = [
            "kind",
            "occurred_at",
            "duration_minutes",
            "parents",
            "co_staff",
            "topics",
            "topics_other",
            "summary",
            "parent_view",
            "parent_stance",
            "own_stance",
            "language",
            "interpreter",
            "escalated",
            "ended_early",
            "reflection_went_well",
            "reflection_next_time",
            "preparation_notes",
        ]
        field_classes = {"parents": ParentChoiceField, "co_staff": StaffChoiceField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "parent_view": forms.Textarea(attrs={"rows": 4}),
            "reflection_went_well": forms.Textarea(attrs={"rows": 3}),
            "reflection_next_time": forms.Textarea(attrs={"rows": 3}),
            "preparation_notes": forms.Textarea(attrs={"rows": 3}),
            "parent_stance": forms.RadioSelect,
            "own_stance": forms.RadioSelect,
            "duration_minutes": forms.NumberInput(
                attrs={"inputmode": "numeric", "min": MIN_MINUTES}
            ),
        }
        help_texts = {
            "preparation_notes": _(
                "Part of the conversation record: colleagues at this location and managers "
                "can read them."
            ),
            "interpreter": _("A child should never interpret for its parents."),
            "ended_early": _(
                "You may end a conversation that crosses a line: "
                "“I feel we are not getting any further today.”"
            ),
        }

    # What the page's script (static/js/conversation-form.js) needs of the rules, rendered
    # into a data attribute so that the browser never keeps a copy of its own.
    script_rules = json.dumps(
        {
            "speakingSteps": SPEAKING_STEPS,
            "speakingBelowSteps": SPEAKING_BELOW_STEPS,
            "levelLabels": {str(value): str(label) for value, label in Level.choices},
            "minMinutes": MIN_MINUTES,
            "childInterpreter": Interpreter.CHILD,
            # Which tips apply (scoring.is_applicable), for showing only those, live.
            "applies": {
                "always": Applies.ALWAYS,
                "handover": Applies.HANDOVER,
                "sitDown": Applies.SIT_DOWN,
                "participation": Applies.PARTICIPATION,
                "timidParent": Applies.TIMID_PARENT,
                "dominantParent": Applies.DOMINANT_PARENT,
            },
            "handoverKinds": sorted(HANDOVER_KINDS),
            "notApplicable": NVT,
            "participationTopic": Topic.PARTICIPATION,
            "timidStance": ParentStance.TIMID,
            "dominantStance": ParentStance.DOMINANT,
            "kindField": PARAMETER_NAMES["kind"],
        },
        default=str,
    )

    def __init__(
        self, *args, child: Child, author: StaffMember, preparation=None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.child = child
        self.preparation = preparation
        if preparation is None:
            del self.fields["carry_preparation"]
        self.fields["parents"].queryset = child_parents(child)
        self.fields["co_staff"].queryset = location_colleagues(child, exclude=author)
        kinds = ConversationKind.values if self.instance.pk else SIT_DOWN_KINDS
        self.fields["kind"].choices = [(k, ConversationKind(k).label) for k in kinds]
        self.fields["parent_stance"].choices = [("", _("not noted"))] + list(ParentStance.choices)
        self.fields["own_stance"].choices = [("", _("not noted"))] + list(OwnStance.choices)
        self.fields["duration_minutes"].widget.attrs["max"] = MAX_MINUTES
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            for name, seconds in (
                ("staff_minutes", self.instance.staff_seconds),
                ("parent_minutes", self.instance.parent_seconds),
            ):
                if seconds is not None:
                    self.initial[name] = round(Decimal(seconds) / 60, 1)
        else:
            self.initial.setdefault(
                "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
            )
            self.initial.setdefault("idempotency_key", uuid.uuid4())
            self.initial.setdefault("kind", ConversationKind.TEN_MINUTE)

    def clean_duration_minutes(self):
        value = self.cleaned_data.get("duration_minutes")
        if value is not None and not MIN_MINUTES <= value <= MAX_MINUTES:
            raise ValidationError(
                _("Enter a duration between 1 and %(max)d minutes."), params={"max": MAX_MINUTES}
            )
        return value

    def clean(self):
        cleaned = super().clean()
        staff = cleaned.get("staff_minutes")
        parent = cleaned.get("parent_minutes")
        # A value that is itself invalid already has its own error: don't call it missing.
        invalid = {"staff_minutes", "parent_minutes"} & set(self.errors)
        if (staff is None) != (parent is None) and not invalid:
            missing = "parent_minutes" if parent is None else "staff_minutes"
            self.add_error(missing, _("Fill in both speaking times, or neither."))
        duration = cleaned.get("duration_minutes")
        if staff is not None and parent is not None and duration:
            if staff + parent > duration + SPEAKING_MARGIN_MINUTES:
                self.add_error(
                    "parent_minutes",
                    _(
                        "Together the speaking times (%(total)s min) are longer than the "
                        "conversation (%(duration)s min)."
                    )
                    # Written as Dutch writes numbers ("70,0"), not "70.0".
                    % {
                        "total": formats.number_format(staff + parent),
                        "duration": formats.number_format(duration),
                    },
                )
        if cleaned.get("kind") in HANDOVER_KINDS and not self.instance.pk:
            self.add_error("kind", _("Log drop-off and pick-up talks with the quick form."))
        return cleaned

    def preparation_notes(self) -> str:
        """The record's preparation notes: what was typed, plus the private notes of the
        preparation only if the author chose to add them."""
        typed = self.cleaned_data.get("preparation_notes", "")
        if self.preparation is None or not self.cleaned_data.get("carry_preparation"):
            return typed
        return "\n\n".join(part for part in (self.preparation.notes, typed) if part)

    def speaking_seconds(self) -> tuple[int | None, int | None]:
        """Whole seconds. An edit that leaves the minutes as shown keeps the stored
        seconds (the minutes are rounded for display; saving them back would move them)."""
        if self.instance.pk and not {"staff_minutes", "parent_minutes"} & set(self.changed_data):
            return self.instance.staff_seconds, self.instance.parent_seconds
        staff = self.cleaned_data.get("staff_minutes")
        parent = self.cleaned_data.get("parent_minutes")
        if staff is None or parent is None:
            return None, None
        return int(staff * 60), int(parent * 60)


class ChecklistForm(forms.Form):
    """One row per tip: n.v.t., or a level 0-3; left empty it stays unscored."""

    def __init__(self, *args, tips: list[Tip], initial_levels: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tips = tips
        choices = level_choices()
        for tip in tips:
            name = f"tip_{tip.number}"
            self.fields[name] = forms.ChoiceField(
                label=f"{tip.number}. {tip.title}",
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
            )
            if initial_levels and tip.number in initial_levels:
                value = initial_levels[tip.number]
                self.initial[name] = NVT if value is NOT_APPLICABLE else str(value)

    def rows(self):
        for tip in self.tips:
            yield tip, self[f"tip_{tip.number}"]

    def check_applicable(
        self, *, kind: str, parent_stance: str, participation_discussed: bool
    ) -> bool:
        """A level on a tip that does not apply to this talk is answered at the field,
        never dropped silently (the page's script hides such tips; without it they show)."""
        fine = True
        for tip in self.tips:
            name = f"tip_{tip.number}"
            value = self.cleaned_data.get(name)
            if value in (None, "", NVT):
                continue
            if not is_applicable(
                tip.applies,
                kind=kind,
                parent_stance=parent_stance or None,
                participation_discussed=participation_discussed,
            ):
                self.add_error(
                    name,
                    _(
                        "This tip does not apply to this conversation (%(applies)s). "
                        "Leave it open, or change the kind, stance or topics."
                    )
                    % {"applies": tip.get_applies_display()},
                )
                fine = False
        return fine

    def levels(self) -> dict:
        return given_levels(self.cleaned_data, self.tips)
