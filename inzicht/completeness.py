"""Completeness of a conversation's checklist, worded for exports and lists.

Stand-in with the names and signatures of gesprekken.scoring (is_complete,
completeness_label), which the scoring work adds; when that lands, the callers import
from gesprekken.scoring and this module goes.
"""

from __future__ import annotations

from django.utils.translation import gettext as _


def is_complete(scored: int, applicable: int) -> bool:
    return applicable > 0 and scored >= applicable


def completeness_label(scored: int, applicable: int) -> str:
    if not scored:
        return _("not scored")
    if is_complete(scored, applicable):
        return _("complete")
    return _("%(scored)s of %(applicable)s tips") % {"scored": scored, "applicable": applicable}
