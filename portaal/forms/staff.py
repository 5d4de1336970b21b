"""The staff's forms of the parent portal: sharing a talk, planning one."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gesprekken.forms import ParentChoiceField
from gesprekken.forms.common import DutchParameterNames
from gesprekken.models.sharing import PLANNABLE_KINDS
from ouderportaal.db import LONG_TEXT
from ouderportaal.fields import validate_sane_date
from ouders.models import Parent

from ..services.planning import portal_parents_of as portal_parents_of_child
from ..services.sharing import portal_parents_of


class PortalParentField(ParentChoiceField):
    """Parents as checkboxes, each saying whether they can log in to the portal yet
    (the queryset selects ``account``, so asking costs no query)."""

    def label_from_instance(self, obj: Parent) -> str:
        if hasattr(obj, "account"):
            return gettext("%(name)s (has a portal account)") % {"name": obj.full_name}
        return gettext("%(name)s (no portal account yet: sees it once invited)") % {
            "name": obj.full_name
        }


class ShareForm(forms.Form):
    parents = PortalParentField(
        queryset=Parent.objects.none(),
        label=_("Share with"),
        error_messages={"required": _("Choose at least one parent to share the talk with.")},
    )
    summary_for_parents = forms.CharField(
        label=_("Summary for the parents"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Written for the parents, in plain words. The internal summary is not shown to "
            "them; the checklist, the score, the reflection and the preparation are never "
            "shared."
        ),
        error_messages={"required": _("Write a summary for the parents.")},
    )
    share_agreements = forms.BooleanField(
        label=_("Share the agreements"), required=False, initial=True
    )

    def __init__(self, *args, conversation, share=None, **kwargs):
        if share is not None:
            kwargs.setdefault(
                "initial",
                {
                    "parents": [p.pk for p in share.parents.all()],
                    "summary_for_parents": share.summary_for_parents,
                    "share_agreements": share.share_agreements,
                },
            )
        elif not conversation.is_handover:
            # A sit-down talk is offered to every parent present; a talk at the door is
            # shared only when the pm'er ticks the parents themselves.
            kwargs.setdefault("initial", {"parents": [p.pk for p in conversation.parents.all()]})
        super().__init__(*args, **kwargs)
        self.fields["parents"].queryset = (
            portal_parents_of(conversation).select_related("account").order_by("first_name", "pk")
        )


class PlanTalkForm(DutchParameterNames, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of talk"), choices=PLANNABLE_KINDS)
    planned_for = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        validators=[validate_sane_date],
        error_messages={"required": _("Enter the date of the talk.")},
    )
    parents = PortalParentField(
        queryset=Parent.objects.none(),
        label=_("Ask these parents the questions"),
        help_text=_(
            "They are asked what they would like to talk about, what they see at home and "
            "what is going well. Their answers appear on the preparation page."
        ),
        error_messages={"required": _("Choose at least one parent to ask the questions.")},
    )

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        # Only parents who see the child in the portal (parental authority, or the
        # organisation's setting): the others would be told of questions they cannot open.
        self.fields["parents"].queryset = (
            portal_parents_of_child(child)
            .filter(child_links__child=child)
            .select_related("account")
            .order_by("-child_links__is_primary_contact", "first_name", "pk")
        )
        self.fields["planned_for"].widget.attrs["min"] = timezone.localdate().isoformat()
        if not self.is_bound:
            self.initial.setdefault("parents", [p.pk for p in self.fields["parents"].queryset])

    def clean_planned_for(self) -> datetime.date:
        value = self.cleaned_data["planned_for"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later date."))
        return value
