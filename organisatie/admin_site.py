"""What an organisation admin may reach in the admin site (/beheer/).

The admin site is the platform operators' tool; they are Django superusers. An
organisation admin is never a superuser: they get staff status and the permissions below
(through one permission group), and every admin page scopes what they see to their own
organisation (ScopedAdminMixin and friends in organisatie/admin.py, accounts/admin.py).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

PERMISSION_GROUP = "Organisatiebeheer"

# app label -> model -> actions. Only models whose admin is scoped to the organisation.
ORGANISATION_ADMIN_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "organisatie": {
        "organization": ("view", "change"),
        "location": ("view", "add", "change", "delete"),
        "group": ("view", "add", "change", "delete"),
        "staffmember": ("view", "add", "change", "delete"),
    },
    "auth": {"user": ("view", "add", "change")},
    "kinderen": {"child": ("view", "add", "change", "delete")},
    "ouders": {
        "parent": ("view", "add", "change", "delete"),
        "childparent": ("view", "add", "change", "delete"),
    },
    "gesprekken": {
        "conversation": ("view", "change", "delete"),
        "tipscore": ("view", "change", "delete"),
        "followup": ("view", "add", "change", "delete"),
    },
    "privacy": {"consent": ("view", "add", "change"), "erasurerecord": ("view",)},
    "audit": {"auditevent": ("view",)},
}


def _permission_filter() -> Q:
    condition = Q(pk__in=[])
    for app_label, models in ORGANISATION_ADMIN_PERMISSIONS.items():
        for model, actions in models.items():
            condition |= Q(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=[f"{action}_{model}" for action in actions],
            )
    return condition


@transaction.atomic
def grant_admin_site_access(user) -> None:
    """Staff status and the organisation admin's permissions; never superuser."""
    group, _created = Group.objects.get_or_create(name=PERMISSION_GROUP)
    group.permissions.set(Permission.objects.filter(_permission_filter()))
    user.is_staff = True
    user.is_superuser = False
    user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.add(group)
