"""Parents in the administration: contact details, links to children; the list."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from administratie.services import parents as services
from audit.models import Action, AuditEvent
from ouders.models import ChildParent, Parent, Relationship
from tests.factories import link_parent, make_child, make_children, make_parent

pytestmark = pytest.mark.django_db


def _parent_data(**overrides) -> dict:
    data = {
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "email": "fatima@example.nl",
        "phone": "06 22223333",
        "preferred_language": "ar",
        "interpreter_needed": "on",
        "likes_to_help_with": "Koken met de kinderen",
    }
    data.update(overrides)
    return data


# --- services ---------------------------------------------------------------------------


def test_link_parent_and_the_one_primary_contact(org, child_a, parent_a, manager_a):
    second = services.create_parent(
        organization=org, first_name="Joost", last_name="de Vries", by=manager_a
    )

    with pytest.raises(ValidationError) as raised:
        services.link_parent(
            child=child_a,
            parent=second,
            relationship=Relationship.FATHER,
            has_parental_authority=True,
            is_primary_contact=True,
            by=manager_a,
        )
    assert "is_primary_contact" in raised.value.message_dict
    assert "eerste contactpersoon" in raised.value.message_dict["is_primary_contact"][0]

    link = services.link_parent(
        child=child_a,
        parent=second,
        relationship=Relationship.FATHER,
        has_parental_authority=True,
        is_primary_contact=False,
        by=manager_a,
    )
    with pytest.raises(ValidationError) as raised:
        services.link_parent(
            child=child_a,
            parent=second,
            relationship=Relationship.FATHER,
            has_parental_authority=True,
            is_primary_contact=False,
            by=manager_a,
        )
    assert "child" in raised.value.message_dict
    events = AuditEvent.objects.filter(object_type="parent", object_id=second.pk)
    assert {e.action for e in events} == {Action.CREATE}
    assert events.filter(child_id=child_a.pk).count() == 1

    services.unlink_parent(child=child_a, parent=second, by=manager_a)
    assert not ChildParent.objects.filter(pk=link.pk).exists()
    assert events.filter(action=Action.DELETE, child_id=child_a.pk).exists()


def test_a_parent_of_another_organisation_cannot_be_linked(other_parent, child_a, admin_user):
    with pytest.raises(ValidationError) as raised:
        services.link_parent(
            child=child_a,
            parent=other_parent,
            relationship=Relationship.PARENT,
            has_parental_authority=True,
            is_primary_contact=False,
            by=admin_user,
        )
    assert "parent" in raised.value.message_dict


def test_update_parent_checks_the_phone(parent_a, manager_a):
    with pytest.raises(ValidationError) as raised:
        services.update_parent(parent=parent_a, phone="bel mij", by=manager_a)
    assert "phone" in raised.value.message_dict
    parent_a.refresh_from_db()
    assert parent_a.phone == "06 12345678"


# --- pages ------------------------------------------------------------------------------


def test_parent_edit_page_audits_the_view(client_for, manager_a, parent_a, child_a):
    response = client_for(manager_a).get(reverse("admin_parent_edit", args=[parent_a.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "anouk@example.nl" in content and "Emma de Vries" in content
    assert reverse("parent_detail", args=[parent_a.pk]) in content
    assert AuditEvent.objects.filter(
        action=Action.VIEW, object_type="parent", object_id=parent_a.pk, user=manager_a
    ).exists()


def test_parent_edit_saves_contact_details_and_help(client_for, manager_a, parent_a):
    response = client_for(manager_a).post(
        reverse("admin_parent_edit", args=[parent_a.pk]),
        _parent_data(first_name="Anouk", last_name="de Vries"),
    )

    parent_a.refresh_from_db()
    assert response.status_code == 302
    assert parent_a.email == "fatima@example.nl"
    assert parent_a.preferred_language == "ar" and parent_a.interpreter_needed
    assert parent_a.likes_to_help_with == "Koken met de kinderen"
    assert AuditEvent.objects.filter(
        action=Action.UPDATE, object_type="parent", object_id=parent_a.pk
    ).exists()


def test_parent_edit_bad_input_is_dutch_and_kept(client_for, manager_a, parent_a):
    response = client_for(manager_a).post(
        reverse("admin_parent_edit", args=[parent_a.pk]),
        _parent_data(phone="bel mij maar", email="geen-adres"),
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="bel mij maar"' in content
    assert "Voer een geldig e-mailadres in." in content
    parent_a.refresh_from_db()
    assert parent_a.first_name == "Anouk" and parent_a.phone == "06 12345678"


def test_parent_edit_access(client_for, pm_a, pm_b, outsider, manager_a, parent_a, parent_b):
    url = reverse("admin_parent_edit", args=[parent_a.pk])
    assert client_for(pm_a).get(url).status_code == 403
    assert client_for(pm_b).get(url).status_code == 404
    assert client_for(outsider).post(url, _parent_data()).status_code == 404
    assert (
        client_for(manager_a).get(reverse("admin_parent_edit", args=[parent_b.pk])).status_code
        == 404
    )
    assert client_for(manager_a).delete(url).status_code == 405
    parent_a.refresh_from_db()
    assert parent_a.first_name == "Anouk"


def test_admin_creates_a_parent_without_a_child(client_for, admin_user, org):
    response = client_for(admin_user).post(reverse("admin_parent_create"), _parent_data())

    parent = Parent.objects.get(first_name="Fatima")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin_parent_edit", args=[parent.pk])
    assert parent.organization == org


def test_manager_adds_a_parent_from_a_child(client_for, manager_a, child_a):
    client = client_for(manager_a)
    without_child = client.post(reverse("admin_parent_create"), _parent_data())

    data = _parent_data(voor_kind=child_a.pk)
    data.update({"koppeling-relationship": "ouder", "koppeling-has_parental_authority": "on"})
    with_child = client.post(reverse("admin_parent_create"), data)

    assert without_child.status_code == 200
    parent = Parent.objects.get(first_name="Fatima")
    assert with_child.status_code == 302
    assert ChildParent.objects.filter(parent=parent, child=child_a).exists()


def test_new_parent_as_second_primary_contact_saves_nothing(client_for, manager_a, parent_a):
    child = parent_a.children.get()
    data = _parent_data(voor_kind=child.pk)
    data.update(
        {
            "koppeling-relationship": "vader",
            "koppeling-has_parental_authority": "on",
            "koppeling-is_primary_contact": "on",
        }
    )

    response = client_for(manager_a).post(reverse("admin_parent_create"), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Dit kind heeft al een eerste contactpersoon." in content
    assert 'value="Fatima"' in content
    assert not Parent.objects.filter(first_name="Fatima").exists()


def test_parent_create_from_a_child_out_of_scope(client_for, manager_a, child_b, outsider):
    url = reverse("admin_parent_create")
    assert client_for(manager_a).get(url, {"voor_kind": child_b.pk}).status_code == 404
    assert client_for(outsider).post(url, _parent_data()).status_code == 403
    assert not Parent.objects.filter(first_name="Fatima").exists()


def test_link_edit_primary_contact_conflict_is_a_field_error(
    client_for, admin_user, org, parent_a, child_a
):
    second = make_parent(org, first_name="Joost")
    link = link_parent(child_a, second, relationship=Relationship.FATHER)

    response = client_for(admin_user).post(
        reverse("admin_parent_link_edit", args=[link.pk]),
        {"relationship": "vader", "has_parental_authority": "on", "is_primary_contact": "on"},
    )

    assert response.status_code == 200
    assert "Dit kind heeft al een eerste contactpersoon." in response.content.decode()
    link.refresh_from_db()
    assert not link.is_primary_contact


def test_link_add_finds_the_child_without_its_name_in_the_url(
    client_for, manager_a, org, group_a, child_b
):
    sibling = make_child(group_a, first_name="Noor", last_name="Yilmaz")
    parent = make_parent(org, first_name="Fatma", last_name="Yilmaz")
    link_parent(make_child(group_a, first_name="Ayse", last_name="Yilmaz"), parent)
    client = client_for(manager_a)
    url = reverse("admin_parent_link_add", args=[parent.pk])

    found = client.post(url, {"q": "yilmaz", "stap": "zoek"}).content.decode()
    linked = client.post(
        url,
        {
            "q": "yilmaz",
            "stap": "koppel",
            "child": sibling.pk,
            "relationship": "moeder",
            "has_parental_authority": "on",
        },
    )
    foreign = client.post(
        url,
        {"q": "jansen", "stap": "koppel", "child": child_b.pk, "relationship": "moeder"},
    )

    assert "Noor Yilmaz" in found and "Ayse" not in found  # already linked: not offered
    assert linked.status_code == 302
    assert ChildParent.objects.filter(parent=parent, child=sibling).exists()
    assert foreign.status_code == 200
    assert not ChildParent.objects.filter(parent=parent, child=child_b).exists()


def test_link_remove(client_for, manager_a, admin_user, org, parent_a, child_a, group_a):
    other_child = make_child(group_a)
    kept = link_parent(other_child, parent_a)
    link = parent_a.child_links.get(child=child_a)

    response = client_for(manager_a).post(reverse("admin_parent_link_remove", args=[link.pk]))
    last = client_for(manager_a).post(reverse("admin_parent_link_remove", args=[kept.pk]))

    assert response["Location"] == reverse("admin_parent_edit", args=[parent_a.pk])
    # No child of the manager's locations left: back to the child, the parent is kept.
    assert last["Location"] == reverse("admin_child_edit", args=[other_child.pk])
    assert Parent.objects.filter(pk=parent_a.pk).exists()
    assert not ChildParent.objects.filter(parent=parent_a).exists()
    assert AuditEvent.objects.filter(action=Action.DELETE, object_id=parent_a.pk).count() == 2
    assert client_for(manager_a).get(
        reverse("admin_parent_link_remove", args=[kept.pk])
    ).status_code in (404, 405)


def test_parent_list_scope_and_search(client_for, manager_a, parent_a, parent_b, org, group_a):
    other = make_parent(org, first_name="Bart", last_name="Kok")
    link_parent(make_child(group_a), other)
    client = client_for(manager_a)

    everything = client.get(reverse("admin_parent_list")).content.decode()
    posted = client.post(reverse("admin_parent_list"), {"q": "anouk"})
    found = client.get(posted["Location"]).content.decode()

    assert "Anouk" in everything and "Bart" in everything and "Mohammed" not in everything
    assert "anouk" not in posted["Location"].lower()
    assert "Anouk" in found and "Bart" not in found


def test_parent_list_query_count_and_paging(
    client_for, admin_user, org, group_a, django_assert_max_num_queries
):
    """guards against N+1"""
    client = client_for(admin_user)
    url = reverse("admin_parent_list")

    def add(count: int) -> None:
        children = make_children(group_a, count)
        parents = Parent.objects.bulk_create(
            Parent(organization=org, first_name=f"Ouder{n}", last_name=f"Familie{n:04}")
            for n in range(count)
        )
        ChildParent.objects.bulk_create(
            ChildParent(child=c, parent=p) for c, p in zip(children, parents, strict=True)
        )

    add(5)
    few = _queries(client, url)
    add(300)

    many = _queries(client, url)
    with django_assert_max_num_queries(12):
        page = client.get(url, {"pagina": 4})

    assert many == few
    assert "Pagina 4 van 7" in page.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)
