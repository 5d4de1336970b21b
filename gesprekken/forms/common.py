"""Fields, validators and choices shared by the conversation forms."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinderen.models import Child
from organisatie.models import StaffMember
from organisatie.roles import Role
from ouderportaal.fields import SafeModelMultipleChoiceField
from ouders.models import Parent

from ..scoring import NOT_APPLICABLE, GivenLevel
from ..vocabulary import Level

NVT = "nvt"
FUTURE_MARGIN = datetime.timedelta(minutes=15)
# The meter's totals may exceed the logged duration by rounding and a late tap.
SPEAKING_MARGIN_MINUTES = 5
MIN_MINUTES = 1
MAX_MINUTES = 600

# Request parameters are Dutch, like the app's other links and filters. "kind" is a
# child there (the history's ?kind=<child>), so a form sends a conversation's kind as
# "soort", the name the history filter and the handover links use for it too.
PARAMETER_NAMES = {"kind": "soort"}


class DutchParameterNames:
    """A form mixin: a field listed in PARAMETER_NAMES is sent (and read) under its
    Dutch name; in Python it keeps the model's field name (``cleaned_data["kind"]``)."""

    def add_prefix(self, field_name: str) -> str:
        return super().add_prefix(PARAMETER_NAMES.get(field_name, field_name))


def level_choices() -> list[tuple[str, str]]:
    """A tip's choices at the door and at the table: n.v.t. and the four levels."""
    return [(NVT, _("n/a"))] + [(str(value), label) for value, label in Level.choices]


def given_levels(cleaned_data: dict, tips) -> dict[int, GivenLevel]:
    """The levels given on a checklist's ``tip_<n>`` fields; a tip left open stays unscored
    (not zero), n.v.t. is kept as such."""
    result: dict[int, GivenLevel] = {}
    for tip in tips:
        value = cleaned_data.get(f"tip_{tip.number}")
        if value == NVT:
            result[tip.number] = NOT_APPLICABLE
        elif value not in (None, ""):
            result[tip.number] = int(value)
    return result


def validate_not_in_future(value: datetime.datetime) -> None:
    if value and value > timezone.now() + FUTURE_MARGIN:
        raise ValidationError(
            _("A conversation cannot be in the future. Log it after it took place."),
            code="future",
        )


class ParentChoiceField(SafeModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Parent) -> str:
        return obj.full_name


class StaffChoiceField(SafeModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: StaffMember) -> str:
        return obj.display_name


def child_parents(child: Child):
    return Parent.objects.filter(child_links__child=child).order_by(
        "-child_links__is_primary_contact", "first_name"
    )


def location_colleagues(child: Child, exclude: StaffMember | None = None):
    # The organisation's admin account is not a colleague at the door or an owner of agreements.
    staff = (
        StaffMember.objects.filter(locations=child.location_id)
        .exclude(role=Role.ADMIN)
        .select_related("user")
    )
    if exclude is not None:
        staff = staff.exclude(pk=exclude.pk)
    return staff.order_by("user__first_name")
