"""E-mails to parents when a talk is shared or questions wait: in the account's language,
with nothing of the talk in them, at most one per kind per hour, and a record of each."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gesprekken.models import ConversationShare
from portaal.models import PortalNotification
from portaal.notifications import notify_parents
from tests.factories import make_parent, make_parent_account
from tests.gesprekken.helpers import log_conversation

pytestmark = pytest.mark.django_db

SECRET_SUMMARY = "Emma slaapt slecht sinds de verhuizing"


@pytest.fixture
def shared(pm_a, child_a, parent_a, parent_user):
    """A talk about child_a (Emma) shared with parent_a, whose summary must stay out of mail."""
    talk = log_conversation(pm_a, child_a, parents=[parent_a], summary="Interne notitie")
    share = ConversationShare.objects.create(
        conversation=talk, summary_for_parents=SECRET_SUMMARY, shared_by=pm_a.staff_member
    )
    share.parents.set([parent_a])
    return share


def notify(parents, kind: str, capture) -> None:
    with capture(execute=True):
        with transaction.atomic():
            notify_parents(parents, kind)


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_a_shared_talk_sends_one_e_mail_without_its_content(
    shared, parent_a, parent_user, pm_a, child_a, capture, settings
):
    pm_a.first_name, pm_a.last_name = "Maartje", "Smit"
    pm_a.save()

    notify([parent_a], "shared", capture)

    (message,) = mail.outbox
    assert message.to == [parent_user.email]
    assert message.subject == "Er staat iets nieuws voor u klaar in Ouderportaal"
    html = message.alternatives[0][0]
    for part in (message.subject, message.body, html):
        for secret in (SECRET_SUMMARY, "Interne notitie", child_a.first_name, "Maartje", "Smit"):
            assert secret not in part
    login_url = settings.SITE_URL + reverse("login")
    assert login_url in message.body
    assert f'href="{login_url}"' in html
    assert "Instellingen" in message.body  # how to switch them off
    assert "gesprek over uw kind met u gedeeld" in message.body


def test_questions_have_their_own_text(parent_a, parent_user, capture):
    notify([parent_a], "question", capture)

    (message,) = mail.outbox
    assert message.subject == "Er staan vragen voor u klaar in Ouderportaal"
    assert "vragen voor u klaar" in message.body


def test_the_e_mail_speaks_the_account_language(org, child_a, capture):
    parent = make_parent(org, first_name="Sam")
    user = make_parent_account(parent, "ouder.sam", language="en")

    notify([parent], "shared", capture)

    (message,) = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "Something new for you in Ouderportaal"
    assert "Switch them off in Ouderportaal" in message.body


def test_arabic_html_runs_right_to_left(org, capture):
    parent = make_parent(org)
    make_parent_account(parent, "ouder.amal", language="ar")

    notify([parent], "question", capture)

    html = mail.outbox[0].alternatives[0][0]
    assert 'lang="ar"' in html and 'dir="rtl"' in html


def test_one_e_mail_per_kind_per_hour(parent_a, parent_user, capture):
    notify([parent_a], "shared", capture)
    notify([parent_a], "shared", capture)
    notify([parent_a], "question", capture)

    assert len(mail.outbox) == 2
    records = PortalNotification.objects.filter(account__parent=parent_a)
    assert sorted(records.values_list("kind", flat=True)) == ["question", "shared"]

    records.update(sent_at=timezone.now() - datetime.timedelta(hours=1, minutes=1))
    notify([parent_a], "shared", capture)

    assert len(mail.outbox) == 3
    assert records.filter(kind="shared").count() == 2


def test_the_record_holds_account_kind_and_time(parent_a, parent_user, capture):
    before = timezone.now()

    notify([parent_a], "shared", capture)

    record = PortalNotification.objects.get()
    assert record.account == parent_user.parent_account
    assert record.kind == "shared"
    assert record.sent_at >= before


def test_nobody_without_an_account_or_with_e_mails_off(
    parent_a, parent_user, parent_b, other_family_user, capture
):
    account = other_family_user.parent_account
    account.notify_by_email = False
    account.save()

    notify([parent_b, account.parent], "shared", capture)

    assert not mail.outbox
    assert not PortalNotification.objects.exists()


def test_no_e_mail_to_a_revoked_or_not_yet_accepted_login(parent_a, parent_user, capture):
    parent_user.is_active = False
    parent_user.save()
    notify([parent_a], "shared", capture)

    parent_user.is_active = True
    parent_user.set_unusable_password()
    parent_user.save()
    notify([parent_a], "shared", capture)

    assert not mail.outbox


def test_nothing_is_sent_when_the_share_is_rolled_back(parent_a, parent_user, capture):
    with capture(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                notify_parents([parent_a], "shared")
                raise RuntimeError("the share failed")

    assert not mail.outbox


def test_e_mails_are_sent_after_the_commit_with_ids_only(
    parent_a, parent_user, capture, monkeypatch
):
    enqueued = []

    class Recorder:
        @staticmethod
        def enqueue(*args):
            enqueued.append(args)

    monkeypatch.setattr("portaal.notifications.send_portal_notification", Recorder)

    with capture(execute=False) as callbacks:
        notify_parents([parent_a], "question")

    assert not enqueued
    for callback in callbacks:
        callback()
    assert enqueued == [(parent_user.parent_account.pk, "question")]


def test_parent_ids_work_too(parent_a, parent_user, capture):
    notify([parent_a.pk], "shared", capture)

    assert len(mail.outbox) == 1


def test_unknown_kind_is_a_programming_error(parent_a):
    with pytest.raises(ValueError):
        notify_parents([parent_a], "gossip")


def test_a_real_delivery_over_smtp(shared, parent_a, parent_user, capture, smtp_server, settings):
    notify([parent_a], "shared", capture)

    (message,) = smtp_server.messages
    assert message["To"] == parent_user.email
    assert message["Subject"] == "Er staat iets nieuws voor u klaar in Ouderportaal"
    text = smtp_server.text(message)
    assert SECRET_SUMMARY not in text and "Emma" not in text
    assert smtp_server.first_link(message) == settings.SITE_URL + reverse("login")
    assert SECRET_SUMMARY not in smtp_server.html(message)
