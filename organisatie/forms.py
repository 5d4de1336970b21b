from django import forms

from .models import Organization


class OrganizationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["reach_alert_weeks", "retention_months"]
        widgets = {
            "reach_alert_weeks": forms.NumberInput(attrs={"min": 1, "max": 52}),
            "retention_months": forms.NumberInput(attrs={"min": 1, "max": 120}),
        }
