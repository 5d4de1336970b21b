"""Form fields and validators every app uses: sane dates, ids that fit the database,
local times that exist on the Dutch clock."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Dates outside these years are typing mistakes, and at the edges of the calendar they
# can't even be converted between time zones.
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_ID = 2**63 - 1


def validate_sane_date(value: datetime.date) -> None:
    if value and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(
            _("Enter a date between %(min)d and %(max)d."),
            code="date_out_of_range",
            params={"min": MIN_YEAR, "max": MAX_YEAR},
        )


# ASCII digits only: str.isdigit() also accepts "²" and "٣", which int() refuses or reads.
_ID = re.compile(r"[0-9]{1,19}")


def parse_id(value) -> int | None:
    """A database id from user input (a query parameter, a form value), or None.

    The one place ids are parsed: ASCII digits, 1 up to the largest 64-bit id.
    """
    text = "" if value is None else str(value).strip()
    if not _ID.fullmatch(text):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


class IdField(forms.Field):
    """A hidden id parameter (a child, a parent) parsed by ``parse_id``."""

    widget = forms.HiddenInput
    default_error_messages = {"invalid": _("Enter a whole number.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_id(value)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def check_ids(field: forms.ModelChoiceField, values) -> None:
    """Reject ids that can't be a database id before they reach a query (SQLite overflows)."""
    for value in values:
        if parse_id(value) is None:
            raise ValidationError(
                field.error_messages["invalid_pk_value"]
                if "invalid_pk_value" in field.error_messages
                else field.error_messages["invalid_choice"],
                code="invalid_pk_value",
                params={"pk": value, "value": value},
            )


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        check_ids(self, value)
        return super()._check_values(value)


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as the user reads the clock in Europe/Amsterdam.

    A time that does not exist (the spring DST gap) gets a clear message instead
    of being silently shifted by an hour.
    """

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value
        naive = None
        for fmt in self.input_formats:
            try:
                naive = datetime.datetime.strptime(str(value).strip(), fmt)  # noqa: DTZ007 - made aware below
                break
            except ValueError:
                continue
        if naive is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        validate_sane_date(naive.date())
        zone = timezone.get_current_timezone()
        aware = naive.replace(tzinfo=zone)
        round_trip = aware.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None)
        if round_trip != naive:
            raise ValidationError(
                _(
                    "%(time)s does not exist in the Netherlands: the clocks went forward an hour "
                    "that night. Choose another time."
                ),
                code="nonexistent_time",
                params={"time": naive.strftime("%d-%m-%Y %H:%M")},
            )
        return aware
