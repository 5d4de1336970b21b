"""manage.py purge_expired: children past end of care + retention are erased with everything
about them; everything else stays. Dates are explicit, counted back from the frozen today."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection

from audit.models import AuditEvent
from gesprekken.models import Conversation, Feedback, FollowUp, Preparation, TipScore
from kinderen.models import Child
from organisatie.models import Role
from ouders.models import ChildParent, Parent
from privacy import services
from privacy.models import Consent, ErasureKind, ErasureRecord
from privacy.services import add_months
from tests.factories import link_parent, make_child, make_parent, make_staff

from .conftest import TODAY
from .helpers import at, audit_child, audit_parent, full_conversation

pytestmark = pytest.mark.django_db

HistoricalConversation = Conversation.history.model
HistoricalFollowUp = FollowUp.history.model


def ended(group, months_ago: int, *, days: int = 0, **kwargs) -> Child:
    """A child whose care ended ``months_ago`` months (and ``days`` more days) before today."""
    end = add_months(TODAY, -months_ago) - datetime.timedelta(days=days)
    return make_child(
        group,
        date_of_birth=end - datetime.timedelta(days=4 * 365),
        start_date=end - datetime.timedelta(days=2 * 365),
        end_date=end,
        **kwargs,
    )


def purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_expired", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    return {
        "children": Child.objects.count(),
        "parents": Parent.objects.count(),
        "links": ChildParent.objects.count(),
        "conversations": Conversation.objects.count(),
        "tip_scores": TipScore.objects.count(),
        "agreements": FollowUp.objects.count(),
        "feedback": Feedback.objects.count(),
        "preparations": Preparation.objects.count(),
        "consents": Consent.objects.count(),
        "history": HistoricalConversation.objects.count() + HistoricalFollowUp.objects.count(),
        "pseudonymised": AuditEvent.objects.filter(pseudonymised=True).count(),
    }


@pytest.fixture
def world(org, group_a, pm_a, manager_a, other_org, other_group, outsider):
    """Expired and kept children in our organisation (retention 24) and the other one (36)."""
    expired = ended(group_a, 25, first_name="Verlopen")
    sibling = make_child(group_a, first_name="Broertje")  # still in care
    mother = make_parent(org, first_name="Moeder")  # also the sibling's mother: kept
    father = make_parent(org, first_name="Vader")  # only the expired child's: removed
    link_parent(expired, mother, is_primary_contact=True)
    link_parent(expired, father)
    link_parent(sibling, mother, is_primary_contact=True)
    talk = full_conversation(
        pm_a, expired, when=at(2024, 1, 10), parents=[mother, father], manager=manager_a
    )
    second = full_conversation(pm_a, expired, when=at(2024, 3, 5), parents=[father])
    Consent.objects.create(
        child=expired,
        recipient="Basisschool De Regenboog, groep 1",
        scope="Ontwikkeling en taal",
        given_by=mother,
        given_on=datetime.date(2024, 3, 1),
    )
    kept_talk = full_conversation(pm_a, sibling, when=at(2026, 5, 1), parents=[mother])
    audit_child(manager_a, expired)
    audit_child(manager_a, expired, object_type="dossier")
    audit_parent(manager_a, father)
    audit_parent(admin_for(org), father, object_type="access_request")
    audit_parent(manager_a, mother)
    audit_child(manager_a, sibling)

    # Our organisation, kept: 23 months ago, exactly 24 months ago, no end date.
    recent = ended(group_a, 23, first_name="Recent")
    boundary = ended(group_a, 24, first_name="Precies")
    full_conversation(pm_a, recent, when=at(2024, 5, 1))
    # Other organisation, retention 36: 25 months ago is not yet due.
    other_org.retention_months = 36
    other_org.save()
    other_expired = ended(other_group, 25, first_name="Ander")
    other_parent = make_parent(other_org)
    link_parent(other_expired, other_parent)
    full_conversation(outsider, other_expired, when=at(2024, 2, 1), parents=[other_parent])
    audit_child(outsider, other_expired)
    return {
        "expired": expired,
        "sibling": sibling,
        "mother": mother,
        "father": father,
        "talks": [talk, second],
        "kept_talk": kept_talk,
        "recent": recent,
        "boundary": boundary,
        "other_expired": other_expired,
        "other_parent": other_parent,
    }


def admin_for(org):
    return make_staff(None, org, Role.ADMIN)


def test_expired_child_is_erased_with_everything(world):
    expired, talks = world["expired"], world["talks"]
    talk_ids = [t.pk for t in talks]
    assert HistoricalConversation.objects.filter(child_id=expired.pk).exists()
    assert HistoricalFollowUp.objects.filter(conversation_id__in=talk_ids).exists()

    output = purge()

    assert not Child.objects.filter(pk=expired.pk).exists()
    assert not Conversation.objects.filter(pk__in=talk_ids).exists()
    assert not TipScore.objects.filter(conversation_id__in=talk_ids).exists()
    assert not FollowUp.objects.filter(conversation_id__in=talk_ids).exists()
    assert not Feedback.objects.filter(conversation_id__in=talk_ids).exists()
    assert not Preparation.objects.filter(child_id=expired.pk).exists()
    assert not Consent.objects.filter(child_id=expired.pk).exists()
    assert not ChildParent.objects.filter(child_id=expired.pk).exists()
    # History rows do not cascade: they are deleted explicitly, including the "deleted" rows
    # that simple-history writes while the conversations go.
    assert not HistoricalConversation.objects.filter(child_id=expired.pk).exists()
    assert not HistoricalConversation.objects.filter(id__in=talk_ids).exists()
    assert not HistoricalFollowUp.objects.filter(conversation_id__in=talk_ids).exists()
    assert not TipScore.history.model.objects.filter(conversation_id__in=talk_ids).exists()
    assert (
        "Kinderopvang De Regenboog (retention 24 months, care ended before 2024-06-15): "
        "children 1, conversations 2, tip scores 8, agreements 2, feedback 1, "
        "preparations 2, consents 1, parent links 2, parents 1, "
    ) in output
    assert "Removed: children 1, conversations 2" in output


def test_history_count_in_the_output(world):
    talk_ids = [t.pk for t in world["talks"]]
    history = (
        HistoricalConversation.objects.filter(child_id=world["expired"].pk).count()
        + HistoricalFollowUp.objects.filter(conversation_id__in=talk_ids).count()
        + TipScore.history.model.objects.filter(conversation_id__in=talk_ids).count()
    )
    assert f"history rows {history}," in purge("--dry-run")


def test_parent_with_a_sibling_in_care_is_kept(world):
    purge()
    mother, father, sibling = world["mother"], world["father"], world["sibling"]
    assert Parent.objects.filter(pk=mother.pk).exists()
    assert not Parent.objects.filter(pk=father.pk).exists()
    assert ChildParent.objects.filter(child=sibling, parent=mother).exists()
    assert Child.objects.filter(pk=sibling.pk).exists()
    kept = Conversation.objects.get(pk=world["kept_talk"].pk)
    assert list(kept.parents.all()) == [mother]
    assert kept.follow_ups.count() == 1 and kept.tip_scores.count() == 4  # one proposed
    assert HistoricalConversation.objects.filter(id=kept.pk).exists()


def test_children_inside_the_retention_period_are_kept(world, child_a):
    purge()
    for key in ("recent", "boundary", "sibling", "other_expired"):
        assert Child.objects.filter(pk=world[key].pk).exists(), key
    assert Child.objects.filter(pk=child_a.pk).exists()  # no end date
    assert HistoricalConversation.objects.filter(child_id=world["recent"].pk).exists()


def test_one_day_past_the_boundary_is_removed(group_a):
    due = ended(group_a, 24, days=1)
    purge()
    assert not Child.objects.filter(pk=due.pk).exists()


def test_other_organisation_with_longer_retention_is_untouched(world):
    before = world["other_expired"]
    purge()
    assert Child.objects.filter(pk=before.pk).exists()
    assert Parent.objects.filter(pk=world["other_parent"].pk).exists()
    assert Conversation.objects.filter(child=before).count() == 1
    assert AuditEvent.objects.filter(child_id=before.pk, pseudonymised=False).exists()
    assert not ErasureRecord.objects.filter(organization=before.location.organization).exists()


def test_other_organisation_purges_after_its_own_retention(other_group):
    other_org = other_group.location.organization
    other_org.retention_months = 36
    other_org.save()
    due = ended(other_group, 37)
    output = purge()
    assert not Child.objects.filter(pk=due.pk).exists()
    assert "Kinderopvang Het Anker (retention 36 months" in output


def test_audit_rows_of_removed_people_are_pseudonymised(world):
    """On PostgreSQL this also proves the append-only trigger allows the pseudonymisation."""
    expired, father, mother = world["expired"], world["father"], world["mother"]
    rows = list(AuditEvent.objects.filter(child_id=expired.pk).values_list("pk", flat=True)) + list(
        AuditEvent.objects.filter(
            object_type__in=["parent", "access_request"], object_id=father.pk
        ).values_list("pk", flat=True)
    )
    assert len(rows) >= 4

    purge()

    for event in AuditEvent.objects.filter(pk__in=rows):
        assert event.pseudonymised
        assert event.child_id is None and event.object_id is None and event.user_id is None
        assert event.action and event.object_type  # what happened, and when, stays
    assert not AuditEvent.objects.filter(child_id=expired.pk).exists()
    assert not AuditEvent.objects.filter(
        object_type__in=["parent", "access_request"], object_id=father.pk
    ).exists()
    # The kept parent and the sibling keep their trail.
    assert AuditEvent.objects.filter(
        object_type="parent", object_id=mother.pk, pseudonymised=False
    ).exists()
    assert AuditEvent.objects.filter(child_id=world["sibling"].pk, pseudonymised=False).exists()


def test_purge_is_logged_without_personal_data(world):
    purge()
    erasure = ErasureRecord.objects.get()
    assert erasure.kind == ErasureKind.RETENTION
    assert erasure.by_user is None
    assert erasure.counts["children"] == 1 and erasure.counts["parents"] == 1
    event = AuditEvent.objects.get(action="erase")
    assert event.object_type == "retention"
    assert event.object_id == erasure.pk
    assert event.organization_id == erasure.organization_id
    assert event.child_id is None


def test_dry_run_changes_nothing(world):
    before = snapshot()
    output = purge("--dry-run")
    assert snapshot() == before
    assert "children 1, conversations 2" in output
    assert "Dry run, nothing changed. Would remove: children 1" in output
    assert not ErasureRecord.objects.exists()


def test_dry_run_reports_what_the_real_run_removes(world):
    dry = purge("--dry-run").replace("Dry run, nothing changed. Would remove", "Removed")
    assert purge() == dry


def test_second_run_removes_nothing(world):
    purge()
    after_first = snapshot()
    output = purge()
    assert snapshot() == after_first
    assert "Removed: children 0, conversations 0, tip scores 0, agreements 0" in output
    assert "parents 0, history rows 0, audit rows pseudonymised 0" in output
    assert ErasureRecord.objects.count() == 1


def test_orphaned_parents_go_after_the_retention_period(org):
    old = make_parent(org, first_name="Los")
    Parent.objects.filter(pk=old.pk).update(
        created_at=datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)
    )
    new = make_parent(org, first_name="Nieuw")  # registered today, child not linked yet
    purge()
    assert not Parent.objects.filter(pk=old.pk).exists()
    assert Parent.objects.filter(pk=new.pk).exists()


def test_agreement_history_of_kept_talks_no_longer_names_a_removed_parent(world, pm_a):
    father, sibling = world["father"], world["sibling"]
    talk = full_conversation(pm_a, sibling, when=at(2026, 6, 1), parents=[father], text="Mee")
    follow_up = talk.follow_ups.get()
    assert HistoricalFollowUp.objects.filter(id=follow_up.pk, owner_parent_id=father.pk).exists()

    purge()

    follow_up.refresh_from_db()
    assert follow_up.owner_parent_id is None
    assert HistoricalFollowUp.objects.filter(id=follow_up.pk).exists()
    assert not HistoricalFollowUp.objects.filter(owner_parent_id=father.pk).exists()


def test_pseudonymisation_passes_the_append_only_trigger(world):
    """PostgreSQL only: the trigger that blocks changes is there, and the purge gets past it."""
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'audit_auditevent_append_only'")
        assert cursor.fetchone()
    about_them = AuditEvent.objects.filter(child_id=world["expired"].pk).count() + (
        AuditEvent.objects.filter(
            object_type__in=["parent", "access_request"], object_id=world["father"].pk
        ).count()
    )
    purge()
    assert AuditEvent.objects.filter(pseudonymised=True).count() == about_them == 4


def test_a_failing_organisation_is_rolled_back_and_the_others_still_purged(
    world, group_a, other_group, monkeypatch
):
    ours = world["expired"].location.organization_id
    other_due = ended(other_group, 37)
    real_execute = services.erasure_execute

    def failing_execute(plan):
        real_execute(plan)
        if plan.organization_id == ours:
            raise DatabaseError("simulated failure after erasing")

    monkeypatch.setattr(services, "erasure_execute", failing_execute)
    err = StringIO()
    with pytest.raises(CommandError, match="Kinderopvang De Regenboog"):
        call_command("purge_expired", stdout=StringIO(), stderr=err)

    assert Child.objects.filter(pk=world["expired"].pk).exists()  # rolled back
    assert HistoricalConversation.objects.filter(child_id=world["expired"].pk).exists()
    assert not AuditEvent.objects.filter(pseudonymised=True).exists()
    assert not Child.objects.filter(pk=other_due.pk).exists()  # the next one went ahead
    assert "not purged (DatabaseError)" in err.getvalue()
    assert world["expired"].first_name not in err.getvalue()
