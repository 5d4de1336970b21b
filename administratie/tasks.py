"""Background jobs of the administration (Django's tasks framework; the database backend
in production, run by ``manage.py db_worker``)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .importing import commit as committing
from .importing import preview as previewing
from .importing.parsing import ImportFileError
from .models import ImportRun

logger = logging.getLogger(__name__)


@task
def import_preview(run_id: int) -> None:
    """Check every row of an uploaded file and store what it would do."""
    run = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.PREVIEWING).first()
    if run is None:  # discarded meanwhile, or already checked
        return
    with translation.override(settings.LANGUAGE_CODE):
        try:
            previewing.preview(run)
        except ImportFileError as error:
            _fail(run_id, str(error))
        except Exception:
            logger.exception("import %s: preview failed", run_id)
            _fail(run_id, _("Checking the file failed. Try again, or ask for help."))


@task
def import_commit(run_id: int, user_id: int | None = None) -> None:
    """Write a checked import, all or nothing."""
    run = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.IMPORTING).first()
    if run is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        try:
            committing.commit(run, user_id=user_id)
        except (ImportFileError, committing.CommitRefused) as error:
            _fail(run_id, str(error))
        except Exception:
            logger.exception("import %s: commit failed", run_id)
            _fail(run_id, _("The import failed; nothing was written. Try again, or ask for help."))


def _fail(run_id: int, message: str) -> None:
    with transaction.atomic():
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportRun.Status.FAILED, error=message, finished_at=timezone.now()
        )
