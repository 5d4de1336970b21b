from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name of a child or parent"),
        min_length=2,
        max_length=100,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
