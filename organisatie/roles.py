"""The three staff roles. Below the models and the access rule, so both can name them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PM = "pm", _("Pedagogical staff member")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Organisation admin")


# Managers and admins review history and coach; pm'ers do not.
REVIEWING_ROLES = frozenset({Role.MANAGER, Role.ADMIN})
