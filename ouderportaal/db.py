"""Model helpers shared by the apps."""

from __future__ import annotations

from django.db import models


class TriggerKeptFieldsMixin(models.Model):
    """Columns the database keeps (triggers, inzicht/rollups/) are never written back.

    A row loaded before a talk was logged still holds the old value; saving it in full
    (an admin edit, a form) would overwrite what the trigger just wrote. Updates leave
    the columns in TRIGGER_KEPT out; an insert still writes them (empty at first).
    """

    TRIGGER_KEPT: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding and kwargs.get("update_fields") is None and not args:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.TRIGGER_KEPT
            ]
        elif kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = [
                name for name in kwargs["update_fields"] if name not in self.TRIGGER_KEPT
            ]
        super().save(*args, **kwargs)
