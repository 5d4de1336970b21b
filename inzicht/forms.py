from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from ouderportaal.fields import validate_sane_date


class PeriodForm(forms.Form):
    """A period (and for the overview a location); both dates inclusive, at most two years."""

    van = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_sane_date],
    )
    tot = forms.DateField(
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_sane_date],
    )
    # Choices from the locations the page already loaded: no query to render or check.
    locatie = forms.TypedChoiceField(
        label=_("Location"),
        required=False,
        empty_value=None,
        error_messages={
            "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]
        },
    )

    MAX_DAYS = 731

    def __init__(self, *args, locations, today: datetime.date, default_days: int = 91, **kwargs):
        super().__init__(*args, **kwargs)
        by_id = {str(location.pk): location for location in locations}
        field = self.fields["locatie"]
        field.choices = [("", _("All my locations"))] + [
            (key, location.name) for key, location in by_id.items()
        ]
        field.coerce = by_id.__getitem__
        if len(locations) <= 1:
            del self.fields["locatie"]
        self.initial.setdefault("van", today - datetime.timedelta(days=default_days))
        self.initial.setdefault("tot", today)
        for name in ("van", "tot"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d-%m-%Y"]
            self.fields[name].widget.format = "%Y-%m-%d"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("van"), cleaned.get("tot")
        if start and end:
            if end < start:
                self.add_error("tot", _("The end date cannot be before the start date."))
            elif (end - start).days > self.MAX_DAYS:
                self.add_error("tot", _("Choose a period of at most two years."))
        cleaned.setdefault("locatie", None)
        return cleaned
