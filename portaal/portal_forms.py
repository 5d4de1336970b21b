"""The parent's forms in the portal. They parse and validate; the services in
portaal/services/responses.py check again and save. Messages speak to the parent ("u")."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gesprekken.models import FeltHeard
from ouderportaal.db import LONG_TEXT, NOTE_TEXT, SHORT_TEXT

_TOO_LONG = _("Please keep this shorter: at most %(limit_value)s characters.")


def _text(label, limit: int, *, rows: int = 4, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        strip=True,
        help_text=help_text,
        # dir="auto": a parent may write Arabic on a Dutch page, or Dutch on an Arabic one.
        widget=forms.Textarea(attrs={"rows": rows, "dir": "auto"}),
        error_messages={"max_length": _TOO_LONG},
    )


class ResponseForm(forms.Form):
    own_view = _text(
        _("My view of the talk"),
        LONG_TEXT,
        rows=6,
        help_text=_("In your own words: how did the talk go for you? What matters to you?"),
    )
    felt_heard = forms.TypedChoiceField(
        label=_("Did you feel heard?"),
        choices=FeltHeard.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Please choose one of the five answers.")},
    )
    felt_heard_comment = _text(_("Would you like to add something? (optional)"), NOTE_TEXT, rows=3)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("own_view") and data.get("felt_heard") is None:
            self.add_error(
                "own_view",
                _("Please write your view of the talk, or answer whether you felt heard."),
            )
        return data


class QuestionsForm(forms.Form):
    wish_to_discuss = _text(_("What would you like to talk about?"), SHORT_TEXT)
    seen_at_home = _text(_("What do you see at home?"), SHORT_TEXT)
    going_well = _text(_("What is going well?"), SHORT_TEXT)

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(name) for name in self.fields):
            self.add_error("wish_to_discuss", _("Please answer at least one of the questions."))
        return data


class ParticipationForm(forms.Form):
    likes_to_help_with = _text(
        _("What I like to help with"),
        SHORT_TEXT,
        help_text=_("For example: reading aloud, cooking, music, fixing things, a language."),
    )
    availability = _text(
        _("When I can help"),
        SHORT_TEXT,
        rows=3,
        help_text=_("For example: Wednesday afternoons, or now and then in the evening."),
    )


class SettingsForm(forms.Form):
    notify_by_email = forms.BooleanField(
        label=_("Send me an e-mail when something is waiting for me"), required=False
    )
    language = forms.ChoiceField(
        label=_("Language of the portal"),
        choices=settings.PORTAL_LANGUAGES,
        error_messages={
            "invalid_choice": _("Please choose one of the languages."),
            "required": _("Please choose one of the languages."),
        },
    )
