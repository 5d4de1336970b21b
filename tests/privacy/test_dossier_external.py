"""Printing a child's dossier for an external party needs an active consent of a parent
with parental authority; a refused print writes nothing, an allowed one is audited with it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from privacy.models import Consent
from tests.factories import link_parent, make_child, make_parent

from .conftest import TODAY

pytestmark = pytest.mark.django_db

REFUSED = (
    "Geen geldige toestemming van een ouder met gezag: het dossier kan niet voor een externe "
    "partij worden afgedrukt."
)
RECIPIENT = "Basisschool De Regenboog, groep 1"


def url(child) -> str:
    return reverse("dossier", args=[child.pk])


def consent_for(child, parent, **kwargs) -> Consent:
    kwargs.setdefault("given_on", datetime.date(2026, 5, 20))
    return Consent.objects.create(
        child=child, given_by=parent, recipient=RECIPIENT, scope="Taal en wennen", **kwargs
    )


def prints():
    return AuditEvent.objects.filter(action="print")


def test_internal_print_is_unchanged(client_for, manager_a, child_a, parent_a):
    response = client_for(manager_a).get(url(child_a))
    assert response.status_code == 200
    assert "Gedeeld met" not in response.content.decode()
    event = prints().get()
    assert (event.object_type, event.object_id, event.child_id) == (
        "dossier",
        child_a.pk,
        child_a.pk,
    )


def test_active_consent_allows_external_print(client_for, manager_a, child_a, parent_a):
    consent = consent_for(child_a, parent_a)
    response = client_for(manager_a).get(url(child_a), {"toestemming": consent.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        f"Gedeeld met {RECIPIENT} op grond van toestemming van {parent_a.full_name} van 20 mei 2026"
    ) in page
    event = prints().get()
    assert event.object_type == "dossier_external"
    assert event.object_id == consent.pk
    assert event.child_id == child_a.pk


def test_period_is_kept_with_the_consent(client_for, manager_a, child_a, parent_a):
    consent = consent_for(child_a, parent_a)
    response = client_for(manager_a).get(
        url(child_a), {"toestemming": consent.pk, "van": "2026-01-01", "tot": "2026-06-01"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 januari 2026" in page and "is verplicht" not in page
    assert f'name="toestemming" value="{consent.pk}"' in page


def test_dossier_offers_active_consents_only(client_for, manager_a, child_a, parent_a):
    active = consent_for(child_a, parent_a)
    withdrawn = consent_for(child_a, parent_a, withdrawn_on=TODAY)
    page = client_for(manager_a).get(url(child_a)).content.decode()
    assert f'<option value="{active.pk}"' in page
    assert f'<option value="{withdrawn.pk}"' not in page


def _refused(response) -> None:
    assert response.status_code == 403
    assert REFUSED in response.content.decode()
    assert not prints().exists()


def test_without_a_valid_id_is_refused(client_for, manager_a, child_a, parent_a):
    client = client_for(manager_a)
    for value in ("", "abc", "999999", "-1"):
        _refused(client.get(url(child_a), {"toestemming": value}))


def test_withdrawn_consent_is_refused(client_for, manager_a, child_a, parent_a):
    consent = consent_for(child_a, parent_a, withdrawn_on=TODAY)
    _refused(client_for(manager_a).get(url(child_a), {"toestemming": consent.pk}))


def test_consent_not_yet_given_is_refused(client_for, manager_a, child_a, parent_a):
    consent = consent_for(child_a, parent_a, given_on=TODAY + datetime.timedelta(days=1))
    _refused(client_for(manager_a).get(url(child_a), {"toestemming": consent.pk}))


def test_consent_of_another_child_is_refused(
    client_for, manager_a, org, group_a, child_a, parent_a
):
    sibling = make_child(group_a)
    link_parent(sibling, parent_a)
    theirs = consent_for(sibling, parent_a)  # active, visible, but about another child
    _refused(client_for(manager_a).get(url(child_a), {"toestemming": theirs.pk}))


def test_consent_outside_scope_is_refused(
    client_for, admin_user, other_child, other_parent, child_a
):
    foreign = consent_for(other_child, other_parent)
    _refused(client_for(admin_user).get(url(child_a), {"toestemming": foreign.pk}))


def test_pm_still_gets_403_without_message(client_for, pm_a, child_a, parent_a):
    consent = consent_for(child_a, parent_a)
    response = client_for(pm_a).get(url(child_a), {"toestemming": consent.pk})
    assert response.status_code == 403
    assert REFUSED not in response.content.decode()
    assert not prints().exists()


def test_out_of_scope_child_is_404(client_for, manager_a, child_b, parent_b):
    consent = consent_for(child_b, parent_b)
    assert client_for(manager_a).get(url(child_b), {"toestemming": consent.pk}).status_code == 404
    assert not prints().exists()


def test_consent_of_an_unrelated_parent_cannot_exist(org, child_a):
    """The printed consent always comes from a parent with authority (checked on saving)."""
    stranger = make_parent(org)
    consent = Consent(
        child=child_a, given_by=stranger, recipient=RECIPIENT, scope="x", given_on=TODAY
    )
    with pytest.raises(ValidationError):
        consent.full_clean()
