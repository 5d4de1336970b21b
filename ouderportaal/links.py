"""Links to many records of one kind, for the lists rendered in one pass in Python."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

_PLACEHOLDER = 987654321


def id_url(viewname: str) -> Callable[[int], str]:
    """``reverse(viewname, args=[pk])`` for a whole list: the pattern is reversed once and
    each pk filled in (a reverse costs ~50 µs; a page of rows has dozens)."""
    before, after = reverse(viewname, args=[_PLACEHOLDER]).split(str(_PLACEHOLDER))
    return lambda pk: f"{before}{pk}{after}"
