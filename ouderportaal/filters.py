"""Filter pieces shared by the lists that filter (the history, the audit log): ids that are
checked before they reach a query, and a period in the reader's local days.

The apps that use them sit side by side in the layers (inzicht, administratie), so the
pieces live here, below both.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import IdField, check_ids, validate_sane_date


class IdFilter(django_filters.Filter):
    field_class = IdField


class SafeChoiceField(django_filters.fields.ModelChoiceField):
    """A model choice that rejects a value that can't be an id before it reaches a query."""

    def to_python(self, value):
        if value not in self.empty_values:
            check_ids(self, [value])
        return super().to_python(value)


class SafeModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SafeChoiceField


class StaffChoiceField(SafeChoiceField):
    """A staff member shown by name (their ``display_name``)."""

    def label_from_instance(self, obj) -> str:
        return obj.display_name


class StaffChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = StaffChoiceField


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight in Europe/Amsterdam, aware: range filters stay on a (…, time) index."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def period_filters() -> tuple[django_filters.DateFilter, django_filters.DateFilter]:
    """The ``van`` and ``tot`` filters (from, until: both days included) of a FilterSet
    that mixes in PeriodMethods: ``van, tot = period_filters()``."""
    date_input = {"type": "date"}
    return (
        django_filters.DateFilter(
            label=_("From"),
            method="filter_from",
            widget=forms.DateInput(attrs=date_input),
            validators=[validate_sane_date],
        ),
        django_filters.DateFilter(
            label=_("Until"),
            method="filter_until",
            widget=forms.DateInput(attrs=date_input),
            validators=[validate_sane_date],
        ),
    )


class PeriodMethods:
    """The period's filter methods; ``period_field`` names the filtered time column."""

    period_field = "at"

    def filter_from(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(**{f"{self.period_field}__gte": day_start(value)})

    def filter_until(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        end = day_start(value + datetime.timedelta(days=1))
        return queryset.filter(**{f"{self.period_field}__lt": end})
