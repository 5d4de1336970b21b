"""Shared people and places for the whole suite.

One organisation ("Kinderopvang De Regenboog") with two locations, A (Zonnebloem)
and B (Klaproos), and a second organisation ("Kinderopvang Het Anker") whose
people must never see anything of the first:

- ``pm_a``, ``pm_a2``: pm'ers at A (``pm_a`` works in ``group_a`` and mentors ``child_a``)
- ``manager_a``: manager of A only
- ``pm_b``: pm'er at B
- ``admin_user``: admin of the whole organisation
- ``outsider``: pm'er of the other organisation
- ``no_staff_user``: can log in but has no staff record

Every fixture returns a django ``User``; the staff record is ``user.staff_member``.
"""

from __future__ import annotations

import email
import email.policy
import logging
import re
import socket
from collections.abc import Callable

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from organisatie.models import CareType, Role
from ouders.models import Relationship

from .factories import (
    link_parent,
    make_child,
    make_group,
    make_location,
    make_organization,
    make_parent,
    make_parent_account,
    make_staff,
    make_user,
)

# Two workers and a browser share two cores: generation time varies, so no deadlines.
# Derandomised: the same examples every run, so CI is repeatable (the examples still vary
# per test, and a failure reproduces exactly).
hypothesis_settings.register_profile(
    "ouderportaal",
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
hypothesis_settings.load_profile("ouderportaal")

_DB_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


@pytest.fixture(autouse=True)
def _fresh_tips_cache():
    """Each worker caches the ten tips; a test's rolled-back changes must not stay in it."""
    from gesprekken.services import forget_standard_tips

    forget_standard_tips()
    yield
    forget_standard_tips()


@pytest.fixture(autouse=True)
def _standard_checklist_present(request):
    """The ten tips come from a data migration; a transactional test's flush removes them
    for the tests that run after it in the same process, so put them back when missing."""
    if request.node.get_closest_marker("django_db") is None and not (
        _DB_FIXTURES & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("_django_db_helper")
    from django.apps import apps

    from gesprekken.models import Tip

    if not Tip.objects.exists():
        seed = __import__(
            "gesprekken.migrations.0002_seed_standard_checklist", fromlist=["seed"]
        ).seed
        seed(apps, None)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _empty_static_root(tmp_path_factory):
    return tmp_path_factory.mktemp("staticfiles")


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings, _empty_static_root):
    """Production serves collected, hashed static files; tests render pages without collectstatic.

    An existing (empty) STATIC_ROOT keeps WhiteNoise from warning on every client.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = _empty_static_root


# --- organisations, locations, groups ---------------------------------------------------


@pytest.fixture
def org(db):
    return make_organization("Kinderopvang De Regenboog")


@pytest.fixture
def location_a(org):
    return make_location(org, "Zonnebloem", city="Utrecht")


@pytest.fixture
def location_b(org):
    return make_location(org, "Klaproos", city="Amersfoort")


@pytest.fixture
def group_a(location_a):
    return make_group(location_a, "Rupsjes", care_type=CareType.DAYCARE)


@pytest.fixture
def group_b(location_b):
    return make_group(location_b, "Ontdekkers", care_type=CareType.OUT_OF_SCHOOL)


@pytest.fixture
def other_org(db):
    return make_organization("Kinderopvang Het Anker")


@pytest.fixture
def other_location(other_org):
    return make_location(other_org, "Vuurtoren", city="Zwolle")


@pytest.fixture
def other_group(other_location):
    return make_group(other_location, "Zeesterren", care_type=CareType.DAYCARE)


# --- people ----------------------------------------------------------------------------


@pytest.fixture
def pm_a(org, location_a, group_a):
    return make_staff(
        "pm_a",
        org,
        Role.PM,
        [location_a],
        [group_a],
        first_name="Maartje",
        last_name="Visser",
    )


@pytest.fixture
def pm_a2(org, location_a):
    return make_staff("pm_a2", org, Role.PM, [location_a], first_name="Sanne", last_name="de Boer")


@pytest.fixture
def manager_a(org, location_a):
    return make_staff(
        "manager_a", org, Role.MANAGER, [location_a], first_name="Ingrid", last_name="Smit"
    )


@pytest.fixture
def pm_b(org, location_b, group_b):
    return make_staff(
        "pm_b", org, Role.PM, [location_b], [group_b], first_name="Kees", last_name="Mulder"
    )


@pytest.fixture
def admin_user(org):
    return make_staff("admin_user", org, Role.ADMIN, first_name="Petra", last_name="Hendriks")


@pytest.fixture
def outsider(other_org, other_location, other_group):
    return make_staff(
        "outsider",
        other_org,
        Role.PM,
        [other_location],
        [other_group],
        first_name="Olaf",
        last_name="Buitenhuis",
    )


@pytest.fixture
def no_staff_user(db):
    return make_user("no_staff_user", first_name="Niek", last_name="Zonderrol")


# --- children and parents ---------------------------------------------------------------


@pytest.fixture
def child_a(group_a, pm_a):
    return make_child(group_a, first_name="Emma", last_name="de Vries", mentor=pm_a.staff_member)


@pytest.fixture
def child_b(group_b):
    return make_child(group_b, first_name="Daan", last_name="Jansen")


@pytest.fixture
def other_child(other_group):
    # Same first name as child_a on purpose: a search for "Emma" must stay in its organisation.
    return make_child(other_group, first_name="Emma", last_name="Bakker")


@pytest.fixture
def parent_a(org, child_a):
    parent = make_parent(
        org,
        first_name="Anouk",
        last_name="de Vries",
        email="anouk@example.nl",
        phone="06 12345678",
    )
    link_parent(child_a, parent, relationship=Relationship.MOTHER, is_primary_contact=True)
    return parent


@pytest.fixture
def parent_b(org, child_b):
    parent = make_parent(org, first_name="Mohammed", last_name="Jansen", phone="06 87654321")
    link_parent(child_b, parent, relationship=Relationship.FATHER, is_primary_contact=True)
    return parent


@pytest.fixture
def other_parent(other_org, other_child):
    parent = make_parent(other_org, first_name="Lotte", last_name="Bakker")
    link_parent(other_child, parent, relationship=Relationship.MOTHER, is_primary_contact=True)
    return parent


@pytest.fixture
def parent_user(parent_a):
    """parent_a's portal login: the mother of child_a (location A), with parental authority."""
    return make_parent_account(parent_a, "ouder.anouk")


@pytest.fixture
def other_family_user(org, group_a):
    """The portal login of a parent of another child at location A: another family."""
    child = make_child(group_a, first_name="Noor", last_name="Visser")
    parent = make_parent(org, first_name="Fleur", last_name="Visser", email="fleur@example.nl")
    link_parent(child, parent, relationship=Relationship.MOTHER, is_primary_contact=True)
    return make_parent_account(parent, "ouder.fleur")


# --- clients ---------------------------------------------------------------------------


@pytest.fixture
def client_for(db) -> Callable[..., Client]:
    """``client_for(user)``: a test client logged in as that user.

    Users whose role requires two-step verification (managers, admins) get a confirmed
    authenticator and a verified session, as after entering their code; pass
    ``verified=False`` to test the verification step itself.
    """

    def make(user, *, verified: bool = True) -> Client:
        client = Client()
        client.force_login(user)
        if verified:
            verify_two_factor(client, user)
        return client

    return make


def verify_two_factor(client: Client, user) -> None:
    """Mark the client's session as verified with a (new) authenticator of the user."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.services import role_requires_two_factor
    from organisatie.access import forget_scope

    required = role_requires_two_factor(user)
    forget_scope(user)  # don't leave a cached scope on the test's user object
    if not required:
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


# --- e-mail ------------------------------------------------------------------------------


class CollectedMail:
    """What the local SMTP server received: ``messages`` (parsed ``email.message``
    objects, oldest first) and helpers to read them."""

    def __init__(self) -> None:
        self.messages: list = []
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        self.envelopes.append(envelope)
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"

    @staticmethod
    def text(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def html(message) -> str:
        return message.get_body(preferencelist=("html",)).get_content()

    def first_link(self, message=None) -> str:
        """The first http(s) address in the plain-text part of the (newest) message."""
        message = message if message is not None else self.messages[-1]
        found = re.search(r"https?://\S+", self.text(message))
        assert found, "no link in the e-mail"
        return found.group(0)


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 at a free port, and the app's e-mail
    settings pointed at it: messages really travel over SMTP, as in production."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    collected = CollectedMail()
    # aiosmtpd logs every envelope (addresses included) at INFO: the app's logs are
    # what the tests look at.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    controller = Controller(collected, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    try:
        yield collected
    finally:
        controller.stop()
