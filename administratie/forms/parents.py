from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ouders.models import ChildParent, Parent

PARENT_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "preferred_language",
    "interpreter_needed",
    "likes_to_help_with",
]


class ParentForm(forms.ModelForm):
    class Meta:
        model = Parent
        fields = PARENT_FIELDS
        widgets = {"likes_to_help_with": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})


class LinkForm(forms.ModelForm):
    """One link between a parent and a child: relationship, authority, primary contact."""

    class Meta:
        model = ChildParent
        fields = ["relationship", "has_parental_authority", "is_primary_contact"]


class NewParentLinkForm(LinkForm):
    """The link made together with a new parent, from a child's page."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "koppeling")
        super().__init__(*args, **kwargs)


class NameSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}),
    )


class ChildPickForm(forms.Form):
    """Step two of linking a parent to a child: one of the children the name search found."""

    child = forms.TypedChoiceField(label=_("Child"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].choices = [
            (child.pk, f"{child.full_name} · {child.group.name} ({child.location.name})")
            for child in children
        ]
