"""The real path in production: the job is stored by the database backend, a
``db_worker`` picks it up and the message reaches the SMTP server."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from accounts.invitations import send_invitation

from .conftest import path_of

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# Serialized rollback: the data migrations (content types, the ten tips) come back after
# the flush that ends a transactional test, for the tests after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_delivers_the_invitation(invitee, admin_user, smtp_server):
    with override_settings(TASKS=DATABASE_TASKS):
        link = send_invitation(invitee, by=admin_user)  # autocommit: enqueued at once

        job = DBTaskResult.objects.get()
        assert smtp_server.messages == []
        # Only the link's id is stored with the job: no token, no address.
        assert job.args_kwargs == {"args": [link.pk], "kwargs": {}}

        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    job.refresh_from_db()
    assert job.status == "SUCCESSFUL"
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["To"] == "nieuw@example.nl"
    url = path_of(smtp_server.first_link())
    assert Client().get(url).status_code == 200
