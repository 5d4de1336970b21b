"""Consent for sharing (warme overdracht): the rules of the model, the form, and the pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from ouders.models import Relationship
from privacy.forms import ConsentForm
from privacy.models import Consent
from tests.factories import link_parent, make_parent

from .conftest import TODAY

pytestmark = pytest.mark.django_db

RECIPIENT = "Basisschool De Regenboog, groep 1"


def consent_for(child, parent, **kwargs) -> Consent:
    kwargs.setdefault("recipient", RECIPIENT)
    kwargs.setdefault("scope", "Taalontwikkeling en wennen")
    kwargs.setdefault("given_on", TODAY - datetime.timedelta(days=3))
    return Consent.objects.create(child=child, given_by=parent, **kwargs)


# --- the rules ---------------------------------------------------------------------------------


def test_parent_with_authority_may_consent(child_a, parent_a):
    Consent(
        child=child_a, given_by=parent_a, recipient=RECIPIENT, scope="x", given_on=TODAY
    ).full_clean()


def test_parent_without_authority_is_rejected(org, child_a):
    stepfather = make_parent(org, first_name="Stiefvader")
    link_parent(child_a, stepfather, relationship=Relationship.OTHER, has_parental_authority=False)
    consent = Consent(
        child=child_a, given_by=stepfather, recipient=RECIPIENT, scope="x", given_on=TODAY
    )
    with pytest.raises(ValidationError) as error:
        consent.full_clean()
    assert "given_by" in error.value.message_dict


def test_parent_of_another_child_is_rejected(child_a, parent_b):
    consent = Consent(
        child=child_a, given_by=parent_b, recipient=RECIPIENT, scope="x", given_on=TODAY
    )
    with pytest.raises(ValidationError) as error:
        consent.full_clean()
    assert "given_by" in error.value.message_dict


def test_consent_cannot_be_given_in_the_future_or_withdrawn_before_given(child_a, parent_a):
    consent = Consent(
        child=child_a,
        given_by=parent_a,
        recipient=RECIPIENT,
        scope="x",
        given_on=TODAY + datetime.timedelta(days=1),
        withdrawn_on=TODAY,
    )
    with pytest.raises(ValidationError) as error:
        consent.full_clean()
    assert {"given_on", "withdrawn_on"} <= set(error.value.message_dict)


def test_form_offers_only_parents_with_authority(org, child_a, parent_a, parent_b):
    stepfather = make_parent(org)
    link_parent(child_a, stepfather, has_parental_authority=False)
    form = ConsentForm(child=child_a)
    assert list(form.fields["given_by"].queryset) == [parent_a]
    for parent in (stepfather, parent_b):
        form = ConsentForm(
            {
                "recipient": RECIPIENT,
                "scope": "x",
                "given_by": parent.pk,
                "given_on": TODAY.isoformat(),
            },
            child=child_a,
        )
        assert not form.is_valid()
        assert "given_by" in form.errors


def test_active_means_given_and_not_withdrawn(child_a, parent_a):
    active = consent_for(child_a, parent_a)
    withdrawn = consent_for(child_a, parent_a, withdrawn_on=TODAY)
    later = consent_for(child_a, parent_a, given_on=TODAY + datetime.timedelta(days=2))
    assert list(Consent.objects.active()) == [active]
    assert active.is_active() and not withdrawn.is_active() and not later.is_active()


def test_visible_to_follows_the_child_location(
    pm_a, pm_b, manager_a, admin_user, outsider, child_a, parent_a
):
    consent = consent_for(child_a, parent_a)
    for user in (pm_a, manager_a, admin_user):
        assert list(Consent.objects.visible_to(user)) == [consent]
    for user in (pm_b, outsider):
        assert not Consent.objects.visible_to(user).exists()


# --- recording a consent -----------------------------------------------------------------------


def create_url(child) -> str:
    return reverse("consent_create", args=[child.pk])


def post_consent(client: Client, child, parent, **overrides):
    data = {
        "recipient": RECIPIENT,
        "scope": "Taalontwikkeling en wennen",
        "given_by": parent.pk,
        "given_on": TODAY.isoformat(),
        **overrides,
    }
    return client.post(create_url(child), data)


def test_manager_records_a_consent(client_for, manager_a, child_a, parent_a):
    client = client_for(manager_a)
    assert client.get(create_url(child_a)).status_code == 200
    response = post_consent(client, child_a, parent_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("child_detail", args=[child_a.pk]) + "#toestemmingen"
    consent = Consent.objects.get()
    assert consent.child == child_a and consent.given_by == parent_a
    assert consent.created_by == manager_a.staff_member
    assert consent.is_active()
    event = AuditEvent.objects.get(action="create", object_type="consent")
    assert event.object_id == consent.pk and event.child_id == child_a.pk


def test_invalid_consent_keeps_the_input(client_for, manager_a, child_a, parent_a):
    response = post_consent(client_for(manager_a), child_a, parent_a, given_on="2099-01-01")
    assert response.status_code == 200
    assert RECIPIENT in response.content.decode()
    assert not Consent.objects.exists()


def test_pm_may_not_record(client_for, pm_a, child_a, parent_a):
    client = client_for(pm_a)
    assert client.get(create_url(child_a)).status_code == 403
    assert post_consent(client, child_a, parent_a).status_code == 403
    assert not Consent.objects.exists()


def test_out_of_scope_is_404(client_for, manager_a, outsider, child_b, parent_b, child_a, parent_a):
    assert client_for(manager_a).get(create_url(child_b)).status_code == 404
    assert post_consent(client_for(manager_a), child_b, parent_b).status_code == 404
    assert post_consent(client_for(outsider), child_a, parent_a).status_code == 404
    assert not Consent.objects.exists()


def test_create_requires_login(child_a):
    response = Client().get(create_url(child_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_create_wrong_method_is_405(client_for, manager_a, child_a):
    assert client_for(manager_a).put(create_url(child_a)).status_code == 405


# --- withdrawing -------------------------------------------------------------------------------


def withdraw_url(consent) -> str:
    return reverse("consent_withdraw", args=[consent.pk])


def test_manager_withdraws(client_for, manager_a, child_a, parent_a):
    consent = consent_for(child_a, parent_a)
    response = client_for(manager_a).post(withdraw_url(consent))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    assert AuditEvent.objects.filter(
        action="update", object_type="consent", object_id=consent.pk
    ).exists()


def test_withdrawing_twice_keeps_the_first_date(client_for, manager_a, child_a, parent_a):
    earlier = TODAY - datetime.timedelta(days=1)
    consent = consent_for(child_a, parent_a, withdrawn_on=earlier)
    client_for(manager_a).post(withdraw_url(consent))
    consent.refresh_from_db()
    assert consent.withdrawn_on == earlier


def test_pm_may_not_withdraw(client_for, pm_a, child_a, parent_a):
    consent = consent_for(child_a, parent_a)
    assert client_for(pm_a).post(withdraw_url(consent)).status_code == 403
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_withdraw_out_of_scope_is_404(
    client_for, manager_a, outsider, child_b, parent_b, child_a, parent_a
):
    theirs = consent_for(child_b, parent_b)
    ours = consent_for(child_a, parent_a)
    assert client_for(manager_a).post(withdraw_url(theirs)).status_code == 404
    assert client_for(outsider).post(withdraw_url(ours)).status_code == 404
    assert client_for(manager_a).post(reverse("consent_withdraw", args=[999999])).status_code == 404
    for consent in (theirs, ours):
        consent.refresh_from_db()
        assert consent.withdrawn_on is None


def test_withdraw_is_post_only(client_for, manager_a, child_a, parent_a):
    consent = consent_for(child_a, parent_a)
    assert client_for(manager_a).get(withdraw_url(consent)).status_code == 405
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_withdraw_requires_login(child_a, parent_a):
    consent = consent_for(child_a, parent_a)
    response = Client().post(withdraw_url(consent))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


# --- on the child's page -----------------------------------------------------------------------


def test_child_page_lists_consents(client_for, manager_a, pm_a, child_a, parent_a):
    consent = consent_for(child_a, parent_a)
    child_page = reverse("child_detail", args=[child_a.pk])
    managers = client_for(manager_a).get(child_page).content.decode()
    pms = client_for(pm_a).get(child_page).content.decode()
    for page in (managers, pms):
        assert 'id="toestemmingen"' in page
        assert RECIPIENT in page
    assert withdraw_url(consent) in managers and create_url(child_a) in managers
    assert withdraw_url(consent) not in pms and create_url(child_a) not in pms
