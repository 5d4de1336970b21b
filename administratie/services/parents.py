"""Parents and their links to children: contact details, language, interpreter, what they
like to help with (tip 4), and per child the relationship, parental authority and whether
they are the primary contact.

Keyword-only, atomic and audited (as changes to the parent; a link's row also names the
child, so the child's trail shows it and erasure of either pseudonymises it). The rules are
the models': ``Parent``'s validators, ``ChildParent.clean`` (same organisation) and its
constraints (one link per child and parent, one primary contact per child), which come
back here as errors at the field the user can change.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from audit.models import Action
from audit.services import record
from kinderen.models import Child
from organisatie.models import Organization
from ouders.models import ChildParent, Parent

from .validation import check, guarded

PARENT_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "email",
        "phone",
        "preferred_language",
        "interpreter_needed",
        "likes_to_help_with",
    }
)
LINK_FIELDS = frozenset({"relationship", "has_parental_authority", "is_primary_contact"})

ALREADY_LINKED = _("This parent is already linked to this child.")
PRIMARY_TAKEN = _(
    "This child already has a primary contact. Change that link first, then choose this one."
)
LINK_MOVES = {
    "unique_together": ("child", ALREADY_LINKED),
    "childparent_one_primary_contact": ("is_primary_contact", PRIMARY_TAKEN),
}


def _record(parent_id: int, action: str, by, request, *, child: Child | None = None) -> None:
    record(
        request=request,
        user=by,
        action=action,
        object_type="parent",
        object_id=parent_id,
        child_id=child.pk if child else None,
        location_id=child.location_id if child else None,
    )


def _save_parent(parent: Parent) -> Parent:
    check(parent)
    return guarded(lambda: parent.save() or parent)


def _save_link(link: ChildParent) -> ChildParent:
    check(link, moves=LINK_MOVES)
    # The database has the last word when two people save at once.
    return guarded(lambda: link.save() or link, field="is_primary_contact", message=PRIMARY_TAKEN)


@transaction.atomic
def create_parent(
    *,
    organization: Organization,
    first_name: str,
    last_name: str,
    email: str = "",
    phone: str = "",
    preferred_language: str = "nl",
    interpreter_needed: bool = False,
    likes_to_help_with: str = "",
    by,
    request: HttpRequest | None = None,
) -> Parent:
    parent = _save_parent(
        Parent(
            organization=organization,
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=phone,
            preferred_language=preferred_language,
            interpreter_needed=interpreter_needed,
            likes_to_help_with=likes_to_help_with,
        )
    )
    _record(parent.pk, Action.CREATE, by, request)
    return parent


@transaction.atomic
def update_parent(*, parent: Parent, by, request: HttpRequest | None = None, **changes) -> Parent:
    if not changes:  # nothing to save, nothing to audit
        return parent
    unknown = set(changes) - PARENT_FIELDS
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(parent, name, value)
    _save_parent(parent)
    _record(parent.pk, Action.UPDATE, by, request)
    return parent


@transaction.atomic
def link_parent(
    *,
    child: Child,
    parent: Parent,
    relationship: str,
    has_parental_authority: bool,
    is_primary_contact: bool,
    by,
    request: HttpRequest | None = None,
) -> ChildParent:
    link = _save_link(
        ChildParent(
            child=child,
            parent=parent,
            relationship=relationship,
            has_parental_authority=has_parental_authority,
            is_primary_contact=is_primary_contact,
        )
    )
    _record(parent.pk, Action.CREATE, by, request, child=child)
    return link


@transaction.atomic
def update_link(
    *, link: ChildParent, by, request: HttpRequest | None = None, **changes
) -> ChildParent:
    """Change the relationship, parental authority or primary contact of one link."""
    if not changes:  # nothing to save, nothing to audit
        return link
    unknown = set(changes) - LINK_FIELDS
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(link, name, value)
    _save_link(link)
    _record(link.parent_id, Action.UPDATE, by, request, child=link.child)
    return link


@transaction.atomic
def unlink_parent(*, child: Child, parent: Parent, by, request: HttpRequest | None = None) -> None:
    """Remove the link; the parent stays (with other children, or for the admin to find)."""
    deleted, _rows = ChildParent.objects.filter(child=child, parent=parent).delete()
    if deleted:
        _record(parent.pk, Action.DELETE, by, request, child=child)
