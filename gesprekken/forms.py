from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinderen.models import Child
from organisatie.models import StaffMember
from ouders.models import Parent

from .models import (
    Conversation,
    ConversationKind,
    FollowUp,
    OwnStance,
    ParentStance,
    Tip,
    Tone,
    Topic,
)
from .models.conversation import SIT_DOWN_KINDS
from .models.tips import Level
from .scoring import HANDOVER_KINDS, NOT_APPLICABLE, Applies

NVT = "nvt"
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


def check_ids(field: forms.ModelChoiceField, values) -> None:
    """Reject ids that can't be a database id before they reach a query (SQLite overflows)."""
    for value in values:
        text = str(value).strip()
        if not text.isdigit() or int(text) > MAX_ID:
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


FUTURE_MARGIN = datetime.timedelta(minutes=15)
# The meter's totals may exceed the logged duration by rounding and a late tap.
SPEAKING_MARGIN_MINUTES = 5
MAX_MINUTES = 600


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
    staff = StaffMember.objects.filter(locations=child.location_id).select_related("user")
    if exclude is not None:
        staff = staff.exclude(pk=exclude.pk)
    return staff.order_by("user__first_name")


class HandoverForm(forms.Form):
    """The talk at the door: kind, optional note, a tone (the submit button), optional tips."""

    kind = forms.ChoiceField(
        label=_("Moment"),
        choices=[
            (k, ConversationKind(k).label) for k in ConversationKind.values if k in HANDOVER_KINDS
        ],
        widget=forms.RadioSelect,
    )
    parents = ParentChoiceField(
        label=_("Who did you talk to?"), queryset=Parent.objects.none(), required=False
    )
    summary = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    tone = forms.ChoiceField(label=_("How did it go?"), choices=Tone.choices)
    tips = forms.MultipleChoiceField(
        label=_("What went well? (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, child: Child, tips: list[Tip], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.child = child
        self.fields["parents"].queryset = child_parents(child)
        self.handover_tips = [t for t in tips if t.applies in {Applies.ALWAYS, Applies.HANDOVER}]
        self.fields["tips"].choices = [(str(t.number), t.title) for t in self.handover_tips]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())

    def levels(self) -> dict[int, int]:
        """A ticked tip means it went fully well; an unticked one stays unscored."""
        return {int(number): Level.FULLY for number in self.cleaned_data.get("tips", [])}


class ConversationForm(forms.ModelForm):
    occurred_at = LocalDateTimeField(label=_("Date and time"), validators=[validate_not_in_future])
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    staff_minutes = forms.DecimalField(
        label=_("I spoke (minutes)"),
        required=False,
        min_value=Decimal(0),
        max_value=MAX_MINUTES,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
    parent_minutes = forms.DecimalField(
        label=_("Parents spoke (minutes)"),
        required=False,
        min_value=Decimal(0),
        max_value=MAX_MINUTES,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Conversation
        fields = [
            "kind",
            "occurred_at",
            "duration_minutes",
            "parents",
            "co_staff",
            "topics",
            "topics_other",
            "summary",
            "parent_view",
            "parent_stance",
            "own_stance",
            "language",
            "interpreter",
            "escalated",
            "ended_early",
            "reflection_went_well",
            "reflection_next_time",
            "preparation_notes",
        ]
        field_classes = {"parents": ParentChoiceField, "co_staff": StaffChoiceField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "parent_view": forms.Textarea(attrs={"rows": 4}),
            "reflection_went_well": forms.Textarea(attrs={"rows": 3}),
            "reflection_next_time": forms.Textarea(attrs={"rows": 3}),
            "preparation_notes": forms.Textarea(attrs={"rows": 3}),
            "parent_stance": forms.RadioSelect,
            "own_stance": forms.RadioSelect,
            "duration_minutes": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
        }
        help_texts = {
            "interpreter": _("A child should never interpret for its parents."),
            "ended_early": _(
                "You may end a conversation that crosses a line: "
                "“I feel we are not getting any further today.”"
            ),
        }

    def __init__(self, *args, child: Child, author: StaffMember, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.child = child
        self.fields["parents"].queryset = child_parents(child)
        self.fields["co_staff"].queryset = location_colleagues(child, exclude=author)
        kinds = ConversationKind.values if self.instance.pk else SIT_DOWN_KINDS
        self.fields["kind"].choices = [(k, ConversationKind(k).label) for k in kinds]
        self.fields["parent_stance"].choices = [("", _("not noted"))] + list(ParentStance.choices)
        self.fields["own_stance"].choices = [("", _("not noted"))] + list(OwnStance.choices)
        self.fields["duration_minutes"].widget.attrs["max"] = MAX_MINUTES
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            for name, seconds in (
                ("staff_minutes", self.instance.staff_seconds),
                ("parent_minutes", self.instance.parent_seconds),
            ):
                if seconds is not None:
                    self.initial[name] = round(Decimal(seconds) / 60, 1)
        else:
            self.initial.setdefault(
                "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
            )
            self.initial.setdefault("idempotency_key", uuid.uuid4())
            self.initial.setdefault("kind", ConversationKind.TEN_MINUTE)

    def clean_duration_minutes(self):
        value = self.cleaned_data.get("duration_minutes")
        if value is not None and not 1 <= value <= MAX_MINUTES:
            raise ValidationError(
                _("Enter a duration between 1 and %(max)d minutes."), params={"max": MAX_MINUTES}
            )
        return value

    def clean(self):
        cleaned = super().clean()
        staff = cleaned.get("staff_minutes")
        parent = cleaned.get("parent_minutes")
        # A value that is itself invalid already has its own error: don't call it missing.
        invalid = {"staff_minutes", "parent_minutes"} & set(self.errors)
        if (staff is None) != (parent is None) and not invalid:
            missing = "parent_minutes" if parent is None else "staff_minutes"
            self.add_error(missing, _("Fill in both speaking times, or neither."))
        duration = cleaned.get("duration_minutes")
        if staff is not None and parent is not None and duration:
            if staff + parent > duration + SPEAKING_MARGIN_MINUTES:
                self.add_error(
                    "parent_minutes",
                    _(
                        "Together the speaking times (%(total)s min) are longer than the "
                        "conversation (%(duration)s min)."
                    )
                    % {"total": staff + parent, "duration": duration},
                )
        if cleaned.get("kind") in HANDOVER_KINDS and not self.instance.pk:
            self.add_error("kind", _("Log drop-off and pick-up talks with the quick form."))
        return cleaned

    def speaking_seconds(self) -> tuple[int | None, int | None]:
        staff = self.cleaned_data.get("staff_minutes")
        parent = self.cleaned_data.get("parent_minutes")
        if staff is None or parent is None:
            return None, None
        return int(staff * 60), int(parent * 60)


class ChecklistForm(forms.Form):
    """One row per tip: n.v.t., or a level 0-3; left empty it stays unscored."""

    def __init__(self, *args, tips: list[Tip], initial_levels: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tips = tips
        choices = [(NVT, _("n/a"))] + [(str(v), label) for v, label in Level.choices]
        for tip in tips:
            name = f"tip_{tip.number}"
            self.fields[name] = forms.ChoiceField(
                label=f"{tip.number}. {tip.title}",
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
            )
            if initial_levels and tip.number in initial_levels:
                value = initial_levels[tip.number]
                self.initial[name] = NVT if value is NOT_APPLICABLE else str(value)

    def rows(self):
        for tip in self.tips:
            yield tip, self[f"tip_{tip.number}"]

    def levels(self) -> dict:
        result = {}
        for tip in self.tips:
            value = self.cleaned_data.get(f"tip_{tip.number}")
            if value == NVT:
                result[tip.number] = NOT_APPLICABLE
            elif value not in (None, ""):
                result[tip.number] = int(value)
        return result


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


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for deleting"),
        min_length=5,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PreparationForm(forms.Form):
    notes = forms.CharField(
        label=_("My preparation notes"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Only you see these notes. They are carried into the conversation form."),
    )


class FeedbackForm(forms.Form):
    went_well = forms.CharField(
        label=_("What went well"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_time = forms.CharField(
        label=_("Tip for next time"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The choices come from the tips the page already loaded: no query to render or check.
    tip = forms.TypedChoiceField(
        label=_("About tip (optional)"),
        required=False,
        empty_value=None,
        error_messages={
            "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]
        },
    )

    def __init__(self, *args, tips: list[Tip], **kwargs):
        super().__init__(*args, **kwargs)
        by_id = {str(tip.pk): tip for tip in tips}
        field = self.fields["tip"]
        field.choices = [("", "---------")] + [
            (key, f"{tip.number}. {tip.title}") for key, tip in by_id.items()
        ]
        field.coerce = by_id.__getitem__

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("went_well", "").strip() and not cleaned.get("next_time", "").strip():
            raise ValidationError(_("Write what went well, a tip for next time, or both."))
        return cleaned


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
