from django import forms
from django.utils.translation import gettext_lazy as _


class PersonSearchForm(forms.Form):
    """A child's or parent's name, posted (never in a URL), to follow them in the audit log."""

    q = forms.CharField(
        label=_("Name of a child or parent"),
        min_length=2,
        max_length=100,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
