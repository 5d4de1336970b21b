from django import forms

from .models import Organization


class OrganizationSettingsForm(forms.ModelForm):
    reach_alert_weeks = forms.IntegerField(min_value=1, max_value=52)
    sit_down_alert_months = forms.IntegerField(min_value=1, max_value=36)
    retention_months = forms.IntegerField(min_value=1, max_value=120)

    class Meta:
        model = Organization
        fields = [
            "reach_alert_weeks",
            "sit_down_alert_months",
            "retention_months",
            "portal_parents_without_authority",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            model_field = Organization._meta.get_field(name)
            self.fields[name].label = model_field.verbose_name.capitalize()
            self.fields[name].help_text = model_field.help_text
