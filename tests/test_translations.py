"""The Dutch catalogue is complete: every string translated, nothing fuzzy, placeholders intact.

Dutch is the default language, so an untranslated string would show up in English
in the middle of a Dutch page, and a fuzzy one is silently dropped by compilemessages.
The .po file is read with a tiny parser (no extra dependency); the runtime checks go
through Django's own gettext, so they also fail when the compiled .mo is stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
NL_PO = LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po"
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"$')
_PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%%")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)
    obsolete: bool = False

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def translations(self) -> list[str]:
        return [value for key, value in sorted(self.fields.items()) if key.startswith("msgstr")]

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file (header included, as the entry with an empty msgid)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    current: str | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, current = None, None
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            current = match.group(1)
            entry.fields[current] = _unquote(match.group(2))
        elif line.startswith('"') and line.endswith('"') and current:
            entry.fields[current] += _unquote(line[1:-1])
        else:
            raise AssertionError(f"{path}:{number}: cannot parse {raw!r}")
    return entries


@pytest.fixture(scope="module")
def nl_entries() -> list[Entry]:
    return parse_po(NL_PO)


def test_catalogues_exist():
    assert NL_PO.is_file()
    assert EN_PO.is_file()  # English falls back to the source strings, but the file is there
    assert NL_PO.with_suffix(".mo").is_file(), "run compilemessages"


def test_header_declares_dutch_plurals(nl_entries):
    header = next(e for e in nl_entries if e.msgid == "" and not e.obsolete)
    assert "fuzzy" not in header.flags
    assert "Language: nl" in header.fields["msgstr"]
    assert "nplurals=2; plural=(n != 1);" in header.fields["msgstr"]


def test_every_dutch_string_is_translated(nl_entries):
    messages = [e for e in nl_entries if e.msgid and not e.obsolete]
    assert len(messages) > 400  # guards against parsing nothing
    untranslated = [str(e) for e in messages if not all(t.strip() for t in e.translations)]
    assert not untranslated, "untranslated in nl:\n" + "\n".join(untranslated)


def test_no_fuzzy_dutch_strings(nl_entries):
    fuzzy = [str(e) for e in nl_entries if "fuzzy" in e.flags and e.msgid and not e.obsolete]
    assert not fuzzy, "fuzzy (ignored by compilemessages) in nl:\n" + "\n".join(fuzzy)


def test_plural_entries_have_both_dutch_forms(nl_entries):
    plurals = [e for e in nl_entries if "msgid_plural" in e.fields and not e.obsolete]
    assert plurals
    for entry in plurals:
        assert {"msgstr[0]", "msgstr[1]"} <= entry.fields.keys(), str(entry)


def test_dutch_placeholders_match_the_source(nl_entries):
    wrong = []
    for entry in nl_entries:
        if not entry.msgid or entry.obsolete:
            continue
        sources = [entry.msgid, entry.fields.get("msgid_plural", entry.msgid)]
        expected = sorted(set(_PLACEHOLDER.findall("".join(sources))))
        for text in entry.translations:
            if sorted(set(_PLACEHOLDER.findall(text))) != expected:
                wrong.append(f"{entry} -> {text!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("source", "dutch"),
    [
        ("Log in", "Inloggen"),
        ("Log out", "Uitloggen"),
        ("Drop-off talk", "Brenggesprek"),
        ("Pick-up talk", "Haalgesprek"),
        ("Ten-minute talk", "Tienminutengesprek"),
        ("Sit-down talk", "Gesprek aan tafel"),
        ("My conversations", "Mijn gesprekken"),
        ("Ten tips", "Tien tips"),
        ("I'm talking", "Ik praat"),
        ("End the conversation", "Gesprek beëindigen"),
        ("n/a", "n.v.t."),
        ("You are logged out", "Je bent uitgelogd"),
    ],
)
def test_key_strings_in_dutch(source, dutch):
    with translation.override("nl"):
        assert gettext(source) == dutch


def test_dutch_plural_forms_at_runtime():
    with translation.override("nl"):
        assert ngettext("%(n)s conversation", "%(n)s conversations", 1) % {"n": 1} == "1 gesprek"
        assert ngettext("%(n)s conversation", "%(n)s conversations", 3) % {"n": 3} == (
            "3 gesprekken"
        )


def test_english_falls_back_to_the_source():
    with translation.override("en"):
        assert gettext("Drop-off talk") == "Drop-off talk"
