from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from kinderen.models import Child
from ouders.models import Parent

from ..models import Tip
from ..vocabulary import HANDOVER_KINDS, Applies, ConversationKind, Level, Tone
from .common import (
    DutchParameterNames,
    ParentChoiceField,
    child_parents,
)


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
    tips = forms.MultipleChoiceField(
        label=_("What went well? (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, child: Child, tips: list[Tip], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.child = child
        self.fields["parents"].queryset = child_parents(child)
        self.handover_tips = [t for t in tips if t.applies in {Applies.ALWAYS, Applies.HANDOVER}]
        self.fields["tips"].choices = [(str(t.number), t.title) for t in self.handover_tips]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())

    def levels(self) -> dict[int, int]:
        """A ticked tip means it went fully well; an unticked one stays unscored."""
        return {int(number): Level.FULLY for number in self.cleaned_data.get("tips", [])}
