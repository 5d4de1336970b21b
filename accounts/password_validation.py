"""Refuse passwords that are a common Dutch password or word in disguise.

Django's CommonPasswordValidator knows English leaks and exact matches only, so
``wachtwoord12`` or ``Welkom2024!`` pass it. This validator normalises a password the way
people dress up a word (upper case, digits and signs before or after it, 0 for o, @ for a)
and looks the result up in ``accounts/data/veelgebruikte-wachtwoorden.txt``; a word typed
several times over (``welkomwelkom``) counts as the word.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LIST_PATH = Path(__file__).resolve().parent / "data" / "veelgebruikte-wachtwoorden.txt"

_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
# The same, but keeping the signs that stand for letters ($chatje, w@chtwoord@).
_EDGES_KEEP_LOOKALIKES = re.compile(r"^(?:[^\w@$]|[\d_])+|(?:[^\w@$]|[\d_])+$")
_SPACES = re.compile(r"[\s._-]+")
# Common look-alike substitutions; 1 can stand for i or l, so both are tried.
_SUBSTITUTIONS = str.maketrans(
    {"0": "o", "3": "e", "4": "a", "@": "a", "$": "s", "5": "s", "7": "t"}
)


@functools.cache
def common_words(path: Path = LIST_PATH) -> frozenset[str]:
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.strip().lower()
        if word and not word.startswith("#"):
            words.add(word)
    return frozenset(words)


def candidates(password: str) -> set[str]:
    """The words a password may be dressed up from."""
    lowered = _SPACES.sub("", password.strip().lower())
    found = set()
    for base in {lowered, _EDGES.sub("", lowered), _EDGES_KEEP_LOOKALIKES.sub("", lowered)}:
        swapped = base.translate(_SUBSTITUTIONS)
        for variant in {swapped, swapped.replace("1", "i"), swapped.replace("1", "l")}:
            variant = _EDGES.sub("", variant)
            if variant:
                found.add(variant)
                found.add(_root_of_repeat(variant))
    return found


def _root_of_repeat(word: str) -> str:
    """``welkomwelkom`` → ``welkom``; a word that is not a repeat is returned as it is."""
    for size in range(1, len(word) // 2 + 1):
        if len(word) % size == 0 and word[:size] * (len(word) // size) == word:
            return word[:size]
    return word


def is_common(password: str) -> bool:
    words = common_words()
    return any(candidate in words for candidate in candidates(password))


class DutchCommonPasswordValidator:
    """For AUTH_PASSWORD_VALIDATORS, after Django's own CommonPasswordValidator."""

    def validate(self, password: str, user=None) -> None:
        if is_common(password):
            raise ValidationError(
                _(
                    "This password is too easy to guess: it is a common word or password "
                    "with only some digits or signs added. Choose something less obvious, "
                    "such as a sentence of several words."
                ),
                code="password_too_common_dutch",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot be a common word or password with some digits added.")
