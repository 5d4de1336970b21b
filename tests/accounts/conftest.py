"""People waiting for their first password, and a way to invite them with the e-mail
really sent (over SMTP to the ``smtp_server`` fixture)."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from accounts.invitations import send_invitation
from accounts.models import AccessLink
from accounts.tokens import make_token
from organisatie.models import Role
from tests.factories import make_staff


@pytest.fixture
def invitee(org, location_a, group_a):
    """A new pm'er of location A without a password yet."""
    return make_staff(
        "nieuw@example.nl",
        org,
        Role.PM,
        [location_a],
        [group_a],
        first_name="Fenna",
        last_name="Bos",
        password=None,
        email="nieuw@example.nl",
    )


@pytest.fixture
def manager_invitee(org, location_a):
    return make_staff(
        "leiding@example.nl",
        org,
        Role.MANAGER,
        [location_a],
        first_name="Iris",
        last_name="Kok",
        password=None,
        email="leiding@example.nl",
    )


@pytest.fixture
def invite(admin_user, django_capture_on_commit_callbacks):
    """``invite(user) -> AccessLink``, its e-mail sent once the transaction commits."""

    def make(user) -> AccessLink:
        with django_capture_on_commit_callbacks(execute=True):
            return send_invitation(user, by=admin_user)

    return make


def path_of(url: str) -> str:
    return urlsplit(url).path


def expire(link: AccessLink) -> None:
    AccessLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
        created_at=timezone.now() - datetime.timedelta(hours=80),
    )


def token_of(link: AccessLink) -> str:
    return make_token(link)
