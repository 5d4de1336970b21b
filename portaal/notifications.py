"""E-mails to parents when something waits for them in the portal (filled in by #15's
accounts part: until then nothing is sent)."""

from __future__ import annotations


def notify_parents(parents, kind: str) -> None:
    """Tell ``parents`` (with a portal account and e-mails on) that something waits:
    ``kind`` is ``"shared"`` (a talk was shared) or ``"question"`` (questions before a
    planned talk). The e-mail holds no content of the talk, only a link to log in."""
