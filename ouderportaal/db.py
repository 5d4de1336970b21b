"""Model helpers shared by the apps."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual


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


# Free text: long enough for any real note, short enough that a pasted document is refused
# and every edit's history copy stays small. The form shows Django's Dutch message at the
# field; the database refuses the rest (an import, the admin, a script).
LONG_TEXT = 10_000
NOTE_TEXT = 5_000
SHORT_TEXT = 2_000


def text_length_limits(prefix: str, limits: dict[str, int]) -> list[models.CheckConstraint]:
    """One CHECK per field: the text is at most its limit (the same numbers as max_length)."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(field), limit),
            name=f"{prefix}_{field}_max_length",
        )
        for field, limit in limits.items()
    ]
