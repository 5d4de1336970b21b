from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinderen.models import Child
from organisatie.models import Group, Location, StaffMember
from ouderportaal.fields import validate_sane_date

DATE_WIDGET = {"type": "date"}


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Group) -> str:
        return f"{obj.location.name} · {obj.name}"


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StaffMember) -> str:
        return obj.display_name


def _date(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        validators=[validate_sane_date],
    )


def groups_for_new_children(user):
    """Open groups of open locations in the user's scope, for a select."""
    return Group.objects.visible_to(user).active().select_related("location")


def mentors_at(location_id: int):
    """The pm'ers of one location: the only possible mentors of its children."""
    return (
        StaffMember.objects.filter(role="pm", locations__pk=location_id)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


class ChildForm(forms.Form):
    """The child's data as the administration keeps it. The rules are the model's and the
    service's (kinderen.models.Child.clean, administratie.services.children)."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    date_of_birth = _date(_("Date of birth"))
    group = GroupChoiceField(label=_("Group"), queryset=Group.objects.none())
    start_date = _date(_("Start of care"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups_for_new_children(user)


class ChildEditForm(ChildForm):
    end_date = _date(
        _("End of care"),
        required=False,
        help_text=_(
            "The last day of care. From this day the retention period runs; after it the "
            "child's records are erased."
        ),
    )
    mentor = MentorChoiceField(
        label=_("Mentor"),
        queryset=StaffMember.objects.none(),
        required=False,
        help_text=_("A pedagogical staff member of the child's location."),
    )

    def __init__(self, *args, user, child: Child, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # The child's own group stays a choice even when it has been closed since.
        self.fields["group"].queryset = (
            Group.objects.visible_to(user)
            .filter(Q(is_active=True, location__is_active=True) | Q(pk=child.group_id))
            .select_related("location")
        )
        self.fields["mentor"].queryset = mentors_at(child.location_id)


STATUS_CURRENT, STATUS_ENDED, STATUS_ALL = "huidig", "beeindigd", "alle"


class ChildFilterForm(forms.Form):
    """The list's filters, in the URL (ids and fixed words only, never a name)."""

    locatie = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.none(), required=False
    )
    groep = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Care"),
        required=False,
        choices=[
            (STATUS_CURRENT, _("In care or starting")),
            (STATUS_ENDED, _("Care ended")),
            (STATUS_ALL, _("All")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        locations = Location.objects.visible_to(user).only("pk", "name")
        self.fields["locatie"].queryset = locations
        location_id = self.data.get("locatie") if self.is_bound else None
        groups = Group.objects.visible_to(user).only("pk", "name", "location_id")
        if location_id and str(location_id).isdigit():
            groups = groups.filter(location_id=location_id)
        else:
            # Without a location, only a manager's few groups are listed; an admin picks
            # a location first (200 locations would make a select of a thousand groups).
            groups = groups if len(locations) <= 3 else groups.none()
        self.fields["groep"].queryset = groups
        self.fields["groep"].label_from_instance = lambda group: group.name
