from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from kinderen.models import Child
from ouders.models import Parent

from ..models import Conversation, Tip
from ..scoring import NOT_APPLICABLE, GivenLevel
from ..vocabulary import HANDOVER_KINDS, Applies, ConversationKind, Tone
from .common import (
    NVT,
    DutchParameterNames,
    ParentChoiceField,
    child_parents,
    given_levels,
    level_choices,
)

# The tips that apply at the door whatever else was noted (the quick form asks no stance).
DOOR_TIPS = frozenset({Applies.ALWAYS, Applies.HANDOVER})


class HandoverForm(DutchParameterNames, forms.Form):
    """The talk at the door: kind, optional note, a tone (the submit button), optional tips."""

    kind = forms.ChoiceField(
        label=_("Moment"),
        choices=[
            (k, ConversationKind(k).label) for k in ConversationKind.values if k in HANDOVER_KINDS
        ],
        widget=forms.RadioSelect,
    )
    parents = ParentChoiceField(
        label=_("Who did you talk to?"), queryset=Parent.objects.none(), required=False
    )
    summary = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    tone = forms.ChoiceField(label=_("How did it go?"), choices=Tone.choices)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        child: Child,
        tips: list[Tip],
        initial_levels: dict[int, GivenLevel] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.child = child
        self.fields["parents"].queryset = child_parents(child)
        # The optional reflection: the door's tips with the same four levels and n.v.t.
        # as the checklist at the table. Left closed, the handover is simply unscored.
        self.handover_tips = [t for t in tips if t.applies in DOOR_TIPS]
        for tip in self.handover_tips:
            name = f"tip_{tip.number}"
            self.fields[name] = forms.ChoiceField(
                label=f"{tip.number}. {tip.title}",
                choices=level_choices(),
                required=False,
                widget=forms.RadioSelect,
            )
            if initial_levels and tip.number in initial_levels:
                value = initial_levels[tip.number]
                self.initial[name] = NVT if value is NOT_APPLICABLE else str(value)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())

    def clean(self):
        cleaned = super().clean()
        # A level for a tip the door does not offer (a sit-down tip) is answered, not
        # dropped: only a hand-made request can send one.
        offered = {f"tip_{tip.number}" for tip in self.handover_tips}
        for name in sorted(self.data):
            number = name.removeprefix("tip_")
            if name.startswith("tip_") and name not in offered and number.isdigit():
                self.add_error(
                    None,
                    _("Tip %(number)s does not apply to a talk at the door.") % {"number": number},
                )
        return cleaned

    def reflection(self):
        """(tip, bound field) for each tip of the reflection at the door."""
        for tip in self.handover_tips:
            yield tip, self[f"tip_{tip.number}"]

    @property
    def reflection_errors(self) -> bool:
        return any(f"tip_{tip.number}" in self.errors for tip in self.handover_tips)

    def levels(self) -> dict[int, GivenLevel]:
        """The levels given; a tip left open stays unscored (not zero)."""
        return given_levels(self.cleaned_data, self.handover_tips)


class HandoverEditForm(HandoverForm):
    """The small edit form of a handover: the tone is a choice here, not the submit."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, conversation: Conversation, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "kind": conversation.kind,
                "summary": conversation.summary,
                "tone": conversation.tone,
                "parents": list(conversation.parents.all()),
                "version": conversation.version,
                "idempotency_key": conversation.idempotency_key,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["tone"].widget = forms.RadioSelect(choices=Tone.choices)
        self.fields["idempotency_key"].required = False
