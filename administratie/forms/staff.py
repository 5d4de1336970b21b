"""Forms of the staff area: the list's filters, the invitation, the change of role and
places, the reason for a reset of two-step verification."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.services import email_in_use
from organisatie.models import Group, Location, Role
from ouderportaal.fields import SafeModelMultipleChoiceField, parse_id

SEARCH_MAX = 100


class _LocationChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and parse_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


STATUS_CHOICES = [
    ("", _("All statuses")),
    ("actief", _("Active")),
    ("uitgenodigd", _("Invited")),
    ("verlopen", _("Invitation expired")),
    ("gedeactiveerd", _("Deactivated")),
]


class StaffFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or e-mail address"), required=False, max_length=SEARCH_MAX, strip=True
    )
    locatie = _LocationChoiceField(
        label=_("Location"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("All locations"),
    )
    rol = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args, locations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locatie"].queryset = locations
        self.fields["q"].widget.attrs["type"] = "search"

    def clean_q(self) -> str:
        return self.cleaned_data["q"].replace("\x00", "")


class _PlacesForm(forms.Form):
    """Role, locations and groups; groups are offered per location and must belong to the
    chosen locations (checked again by the service)."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    locations = SafeModelMultipleChoiceField(
        label=_("Locations"),
        queryset=Location.objects.none(),
        required=False,
        help_text=_(
            "Where a pm'er works or a manager manages. An admin covers the whole organisation."
        ),
        widget=forms.SelectMultiple(attrs={"size": 6, "data-staff-locations": ""}),
    )
    groups = SafeModelMultipleChoiceField(
        label=_("Groups"),
        queryset=Group.objects.none(),
        required=False,
        help_text=_(
            "The groups they usually work in and mentor children of: groups of the chosen "
            "locations."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8, "data-staff-groups": ""}),
    )

    def __init__(self, *args, organization_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        locations = Location.objects.filter(organization_id=organization_id).order_by("name")
        groups = (
            Group.objects.filter(location__organization_id=organization_id)
            .select_related("location")
            .order_by("location__name", "name")
        )
        self.fields["locations"].queryset = locations
        self.fields["groups"].queryset = groups
        # Labels "Rupsjes (Zonnebloem)"; static/js/staff-form.js hides the groups of the
        # locations not chosen, reading group_locations() from the page.
        self.fields["groups"].label_from_instance = str

    def group_locations(self) -> dict[int, int]:
        """{group id: location id} for the page's script (one small query)."""
        return dict(self.fields["groups"].queryset.values_list("pk", "location_id"))

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        locations = cleaned.get("locations")
        groups = cleaned.get("groups")
        if locations is None:
            return cleaned
        if role in (Role.PM, Role.MANAGER) and not locations:
            self.add_error("locations", _("A pm'er or manager works at one location at least."))
        if groups:
            location_ids = {location.pk for location in locations}
            outside = sorted(
                group.name for group in groups if group.location_id not in location_ids
            )
            if outside:
                self.add_error(
                    "groups",
                    _("Choose groups of the chosen locations only; not: %(groups)s.")
                    % {"groups": ", ".join(outside)},
                )
        return cleaned


class StaffInviteForm(_PlacesForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=150,
        help_text=_("The invitation goes here; it is also their username."),
    )

    field_order = ["first_name", "last_name", "email", "role", "locations", "groups"]

    def clean_first_name(self) -> str:
        return _no_controls(self.cleaned_data["first_name"])

    def clean_last_name(self) -> str:
        return _no_controls(self.cleaned_data["last_name"])

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email_in_use(email):
            raise forms.ValidationError(
                _("There is already an account with this e-mail address."), code="taken"
            )
        return email


class StaffEditForm(_PlacesForm):
    end_mentorships = forms.BooleanField(
        label=_("End the mentorship of these children"),
        required=False,
        help_text=_("Their mentor is cleared; choose a new mentor on the child's page."),
    )


class TwoFactorResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: new phone, phone lost. Kept in the security log."),
    )

    def clean_reason(self) -> str:
        reason = " ".join(_no_controls(self.cleaned_data["reason"]).split())
        if len(reason) < 3:
            raise forms.ValidationError(_("Give the reason for the reset."), code="short")
        return reason


def _no_controls(text: str) -> str:
    """Control characters (a NUL, a tab pasted from a spreadsheet) never belong in a name."""
    cleaned = "".join(ch for ch in text if ch.isprintable()).strip()
    if not cleaned:
        raise forms.ValidationError(_("This field is required."), code="required")
    return cleaned
