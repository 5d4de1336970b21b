from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organisatie.models import MAX_AGE_MONTHS, Group, Location


class LocationSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or city"), required=False, max_length=100, strip=True)


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = ["name", "city", "is_active"]


class NewLocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = ["name", "city"]


class GroupForm(forms.ModelForm):
    min_age_months = forms.IntegerField(
        label=_("From age (months)"), required=False, min_value=0, max_value=MAX_AGE_MONTHS
    )
    max_age_months = forms.IntegerField(
        label=_("Up to age (months)"),
        required=False,
        min_value=0,
        max_value=MAX_AGE_MONTHS,
    )
    # Shown under both age fields (templates/administratie/places_group_form.html).
    age_help = _("For example 0 to 48 for day care, 48 to 156 for out-of-school care.")

    class Meta:
        model = Group
        fields = ["name", "care_type", "min_age_months", "max_age_months", "is_active"]


class NewGroupForm(GroupForm):
    class Meta(GroupForm.Meta):
        fields = ["name", "care_type", "min_age_months", "max_age_months"]
