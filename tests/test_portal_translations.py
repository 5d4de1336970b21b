"""The parent portal is complete in its languages: Dutch, Turkish, Arabic, Polish, Ukrainian.

Which strings a parent can meet is decided in one place, ouderportaal/portal_messages.py
(the portal's templates and modules, the login and e-mailed-link pages, the model labels
the portal shows); the strings are found the way makemessages finds them (templatize +
xgettext). Every one must be translated in each language, not fuzzy, with the source's
placeholders. English is the source language, so its catalogue may stay empty.

A failure lists each msgid. To fix it: ``DEBUG=1 .venv/bin/python scripts/portal_messages.py
--update``, translate the new entries, compile (docs/translations.md).
"""

from __future__ import annotations

import gettext as gnu_gettext
import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

from ouderportaal import portal_messages as pm


@pytest.fixture(scope="module")
def messages() -> dict[pm.Key, pm.Entry]:
    return pm.portal_messages()


def _header(language: str) -> dict[str, str]:
    entries = pm.parse_po(pm.catalogue_path(language).read_text(encoding="utf-8"))
    header = next(e for e in entries if e.msgid == "" and not e.obsolete)
    assert "fuzzy" not in header.flags, f"{language}: the header is fuzzy"
    fields = {}
    for line in header.msgstr[0].splitlines():
        name, _sep, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields


def test_the_portal_languages_are_the_ones_checked():
    portal = [code for code, _name in settings.PORTAL_LANGUAGES]
    assert sorted(portal) == sorted(["en", *pm.CHECKED_LANGUAGES])


@pytest.mark.parametrize("language", pm.PORTAL_ONLY_LANGUAGES)
def test_catalogue_header_declares_language_and_plural_forms(language):
    header = _header(language)
    assert header["Language"] == language
    assert header["Plural-Forms"] == pm.PLURAL_FORMS[language]
    assert header["Content-Type"] == "text/plain; charset=UTF-8"


def test_extraction_finds_the_parent_facing_strings(messages):
    msgids = {msgid for _ctxt, msgid in messages}
    assert len(msgids) > 100  # guards against extracting nothing
    # A portal template, a page outside the portal, a Python message, a model label and
    # its choices, an e-mail with a plural.
    for expected in [
        "Welcome, %(name)s",
        "Log in",
        "Forgot your password?",
        "Page not found",
        "Your password has been set. Welcome to Ouderportaal.",
        "did you feel heard?",
        "Not at all",
        "Completely",
        "when I can help",
        "likes to help with",
        "The link works once, for %(hours)s hour.",
    ]:
        assert expected in msgids, expected
    plural = next(e for e in messages.values() if e.msgid_plural)
    assert plural.msgid_plural == "The link works once, for %(hours)s hours."


def test_staff_only_strings_are_left_out(messages):
    references = {ref.rpartition(":")[0] for e in messages.values() for ref in e.references}
    assert not [ref for ref in references if pm.is_staff_only(ref)]
    staff_templates = {
        r
        for r in references
        if r.startswith("templates/") and not r.startswith("templates/portaal/")
    }
    assert staff_templates <= set(pm.PAGES_OUTSIDE_THE_PORTAL)
    msgids = {msgid for _ctxt, msgid in messages}
    # Staff vocabulary that never reaches a parent.
    assert "Ten tips" not in msgids
    assert "Reflection" not in msgids


@pytest.mark.parametrize("language", pm.CHECKED_LANGUAGES)
def test_every_parent_facing_string_is_translated(language, messages):
    problems = pm.problems(language, messages, pm.read_catalogue(language))
    assert not problems, (
        f"{len(problems)} parent-facing string(s) not ready in {language!r} "
        "(scripts/portal_messages.py --update, then translate; docs/translations.md):\n"
        + "\n".join(problems)
    )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (GNU gettext) is missing")
@pytest.mark.parametrize("language", [*pm.CHECKED_LANGUAGES, "en"])
def test_catalogue_passes_msgfmt_check(language):
    result = subprocess.run(  # noqa: S603 - fixed arguments
        ["msgfmt", "-c", "-o", "/dev/null", str(pm.catalogue_path(language))],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", pm.CHECKED_LANGUAGES)
def test_runtime_serves_what_the_catalogue_says(language, messages):
    """Django's gettext gives each parent-facing translation as the .po has it: fails when
    the compiled .mo is stale (run compilemessages)."""
    catalogue = pm.read_catalogue(language)
    plural = gnu_gettext.c2py(
        re.search(r"plural=(.+?);?$", pm.PLURAL_FORMS[language]).group(1).rstrip(";")
    )
    stale = []
    with translation.override(language):
        for key, message in messages.items():
            entry = catalogue.get(key)
            if entry is None or message.msgctxt is not None:
                continue
            if message.msgid_plural is None:
                if gettext(message.msgid) != entry.msgstr[0]:
                    stale.append(message.msgid)
                continue
            for n in (1, 2, 5, 11, 22, 100):
                if ngettext(message.msgid, message.msgid_plural, n) != entry.msgstr[plural(n)]:
                    stale.append(f"{message.msgid} (n={n})")
    assert not stale, (
        f"{language}: the compiled catalogue differs from the .po (run compilemessages):\n"
        + "\n".join(stale)
    )


@pytest.mark.parametrize(
    ("language", "log_in", "felt_heard"),
    [
        ("nl", "Inloggen", "voelde u zich gehoord?"),
        ("tr", "Giriş yap", "dinlendiğinizi hissettiniz mi?"),
        ("ar", "تسجيل الدخول", "هل شعرتم بأن صوتكم مسموع؟"),
        ("pl", "Zaloguj się", "czy mieli Państwo poczucie, że zostali wysłuchani?"),
        ("uk", "Увійти", "чи відчули ви, що вас почули?"),
    ],
)
def test_key_strings_at_runtime(language, log_in, felt_heard):
    with translation.override(language):
        assert gettext("Log in") == log_in
        assert gettext("did you feel heard?") == felt_heard
        assert gettext("Ouderportaal") == "Ouderportaal"  # the name stays


@pytest.mark.parametrize(
    ("language", "n", "expected"),
    [
        ("pl", 1, "godzinę"),
        ("pl", 3, "godziny"),
        ("pl", 12, "godzin"),
        ("pl", 24, "godziny"),
        ("uk", 21, "годину"),
        ("uk", 3, "години"),
        ("uk", 11, "годин"),
        ("ar", 2, "ساعتين"),
        ("ar", 5, "ساعات"),
        ("ar", 24, "ساعة"),
    ],
)
def test_plural_forms_at_runtime(language, n, expected):
    with translation.override(language):
        text = ngettext(
            "The link works once, for %(hours)s hour.",
            "The link works once, for %(hours)s hours.",
            n,
        ) % {"hours": n}
    assert f"{n} {expected}" in text


def test_arabic_is_right_to_left():
    assert translation.get_language_info("ar")["bidi"] is True
