from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinderen.models import Child
from ouders.models import Parent

from .models import Consent, ErasureRecord


class FamilyEraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=ErasureRecord._meta.get_field("reason").help_text,
    )
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone"),
        required=True,
        error_messages={"required": _("Tick the box to confirm that you understand this.")},
    )


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Parent) -> str:
        return obj.full_name


class ConsentForm(forms.ModelForm):
    """Only parents of this child with parental authority can be chosen (and clean() checks)."""

    given_by = ParentChoiceField(
        label=_("Given by"), queryset=Parent.objects.none(), empty_label=_("Choose a parent")
    )

    class Meta:
        model = Consent
        fields = ["recipient", "scope", "given_by", "given_on"]
        widgets = {
            "scope": forms.Textarea(attrs={"rows": 3}),
            "given_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, child: Child, **kwargs) -> None:
        kwargs.setdefault("instance", Consent(child=child))
        super().__init__(*args, **kwargs)
        self.fields["given_by"].queryset = Parent.objects.filter(
            child_links__child=child, child_links__has_parental_authority=True
        ).order_by("last_name", "first_name")
        self.fields["given_by"].help_text = Consent._meta.get_field("given_by").help_text
        self.fields["given_on"].input_formats = ["%Y-%m-%d", "%d-%m-%Y"]
        self.fields["given_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.initial.setdefault("given_on", timezone.localdate())
