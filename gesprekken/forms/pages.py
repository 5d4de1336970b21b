from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import (
    Tip,
)


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for deleting"),
        min_length=5,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PreparationForm(forms.Form):
    notes = forms.CharField(
        label=_("My preparation notes"),
        # Notes help but are not a condition for starting the talk.
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Only you see these notes. In the conversation form you choose whether to add "
            "them to the conversation; there, colleagues at this location and managers can "
            "read them."
        ),
    )


class FeedbackForm(forms.Form):
    went_well = forms.CharField(
        label=_("What went well"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_time = forms.CharField(
        label=_("Tip for next time"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The choices come from the tips the page already loaded: no query to render or check.
    tip = forms.TypedChoiceField(
        label=_("About tip (optional)"),
        required=False,
        empty_value=None,
        error_messages={
            "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]
        },
    )

    def __init__(self, *args, tips: list[Tip], **kwargs):
        super().__init__(*args, **kwargs)
        by_id = {str(tip.pk): tip for tip in tips}
        field = self.fields["tip"]
        field.choices = [("", "---------")] + [
            (key, f"{tip.number}. {tip.title}") for key, tip in by_id.items()
        ]
        field.coerce = by_id.__getitem__

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("went_well", "").strip() and not cleaned.get("next_time", "").strip():
            raise ValidationError(_("Write what went well, a tip for next time, or both."))
        return cleaned
