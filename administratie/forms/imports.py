from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ouderportaal.fields import validate_sane_date

from ..importing import parsing
from ..importing.mapping import FIELDS


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A CSV file or an Excel file (.xlsx) of at most 20 MB, one row per child."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > parsing.MAX_UPLOAD_BYTES:
            raise ValidationError(parsing.too_large_message(), code="too_large")
        data = upload.read(parsing.MAX_UPLOAD_BYTES + 1)
        try:
            self.info = parsing.inspect(upload.name or "", data)
        except parsing.ImportFileError as error:
            raise ValidationError(str(error), code="unreadable") from None
        self.file_bytes = data
        return upload


class MappingForm(forms.Form):
    """One select per field of ours, offering the file's column headers."""

    def __init__(self, *args, headers: list[str], initial_columns: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —"))] + [(h, h) for h in headers if h]
        for field in FIELDS:
            self.fields[field.key] = forms.ChoiceField(
                label=field.label,
                choices=choices,
                required=field.required,
                initial=initial_columns.get(field.key, ""),
                error_messages={"required": _("Choose the column that holds this.")},
            )

    def clean(self):
        cleaned = super().clean()
        seen: dict[str, str] = {}
        for key, value in cleaned.items():
            if not value:
                continue
            if value in seen:
                self.add_error(key, _("This column is already chosen for another field."))
            seen[value] = key
        return cleaned

    def child_fields(self):
        return [self[field.key] for field in FIELDS if not field.key.startswith("parent")]

    def parent_fields(self, n: int):
        return [self[field.key] for field in FIELDS if field.key.startswith(f"parent{n}_")]


class EndCareForm(forms.Form):
    children = forms.TypedMultipleChoiceField(
        label=_("Children"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one child.")},
    )
    end_date = forms.DateField(
        label=_("Last day of care"),
        validators=[validate_sane_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs):
        kwargs.setdefault("initial", {"end_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = choices
