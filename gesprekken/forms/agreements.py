from __future__ import annotations

import datetime

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from kinderen.models import Child
from ouderportaal.fields import validate_sane_date

from ..models import (
    Conversation,
    FollowUp,
)
from .common import (
    child_parents,
    location_colleagues,
)


class FollowUpForm(forms.ModelForm):
    owner = forms.ChoiceField(label=_("Who"), required=False)

    class Meta:
        model = FollowUp
        fields = ["description", "due_date"]
        widgets = {
            "description": forms.TextInput(),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, owner_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—"), *owner_choices]
        self.fields["due_date"].input_formats = ["%Y-%m-%d", "%d-%m-%Y"]
        self.fields["due_date"].validators.append(validate_sane_date)
        if self.instance.pk:
            if self.instance.owner_staff_id:
                self.initial["owner"] = f"staff:{self.instance.owner_staff_id}"
            elif self.instance.owner_parent_id:
                self.initial["owner"] = f"parent:{self.instance.owner_parent_id}"

    def clean_owner(self):
        value = self.cleaned_data.get("owner") or ""
        staff = parent = None
        if value.startswith("staff:"):
            staff = int(value.split(":", 1)[1])
        elif value.startswith("parent:"):
            parent = int(value.split(":", 1)[1])
        self.instance.owner_staff_id = staff
        self.instance.owner_parent_id = parent
        return value


class BaseFollowUpFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, child: Child, **kwargs):
        self.owner_choices = [
            (f"staff:{s.pk}", s.display_name) for s in location_colleagues(child)
        ] + [(f"parent:{p.pk}", p.full_name) for p in child_parents(child)]
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["owner_choices"] = self.owner_choices
        return kwargs

    def refuse_due_before(self, day: datetime.date) -> bool:
        """An agreement cannot be due before the talk in which it was made: the error goes
        to the row's date (it would otherwise land on the overdue list at once)."""
        ok = True
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            due = form.cleaned_data.get("due_date")
            if due is not None and due < day:
                form.add_error(
                    "due_date",
                    _("The agreement cannot be due before the conversation (%(day)s).")
                    % {"day": formats.date_format(day, "j F Y")},
                )
                ok = False
        return ok

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            owner_choices=self.owner_choices,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form


FollowUpFormSet = forms.inlineformset_factory(
    Conversation,
    FollowUp,
    form=FollowUpForm,
    formset=BaseFollowUpFormSet,
    extra=1,
    can_delete=True,
    max_num=20,
    validate_max=True,
)
