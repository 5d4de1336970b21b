"""Running a model's own rules from a service, with the database's answers as field errors.

The rules live in the models (``clean()``, constraints); a service calls ``full_clean`` and
saves. Two things are added here: a constraint that spans several fields comes back from
``full_clean`` as an error of the whole form, which a service moves to the field the user
can change; and a conflict that only the database sees (two people saving at once) is a
``ValidationError`` too, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

# A whole-form error of full_clean, recognised by its code ("unique_together") or by the
# name of the constraint that raised it, and the field and message it becomes.
Moves = Mapping[str, tuple[str, str]]

CONFLICT = _("Someone else changed this at the same time. Check the data and save again.")


def _constraint_messages(model: type[models.Model]) -> dict[str, str]:
    return {
        str(constraint.get_violation_error_message()): constraint.name
        for constraint in model._meta.constraints
    }


def _moved(error: ValidationError, model: type[models.Model], moves: Moves) -> ValidationError:
    if not moves or not hasattr(error, "error_dict"):
        return error
    by_message = _constraint_messages(model)
    errors = {field: list(items) for field, items in error.error_dict.items()}
    kept = []
    for item in errors.pop(NON_FIELD_ERRORS, []):
        key = item.code if item.code in moves else by_message.get(" ".join(item.messages))
        if key in moves:
            field, message = moves[key]
            errors.setdefault(field, []).append(ValidationError(message, code="conflict"))
        else:
            kept.append(item)
    if kept:
        errors[NON_FIELD_ERRORS] = kept
    return ValidationError(errors)


def check(instance: models.Model, *, moves: Moves | None = None) -> None:
    """``full_clean`` with the whole-form errors named in ``moves`` put at their field."""
    try:
        instance.full_clean()
    except ValidationError as error:
        raise _moved(error, type(instance), moves or {}) from None


def guarded[T](write: Callable[[], T], *, field: str | None = None, message=CONFLICT) -> T:
    """Run a write in a savepoint; a constraint the database enforces becomes a form error."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError:
        raise ValidationError({field or NON_FIELD_ERRORS: [message]}) from None
