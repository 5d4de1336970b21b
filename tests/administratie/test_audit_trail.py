"""The organisation's audit log in the app (/organisatie/logboek/): admins read their whole
organisation's, managers their own locations', pm'ers are refused; filters on a child, a
parent, a staff member, an action, a location and a period (Dutch local days); keyset paging;
a streamed CSV export for the privacy officer. Reading and exporting are audited themselves."""

from __future__ import annotations

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from audit.models import Action, AuditEvent
from audit.services import pseudonymise
from organisatie.access import forget_scope
from organisatie.models import Role
from tests.factories import (
    link_parent,
    make_child,
    make_children,
    make_location,
    make_parent,
    make_staff,
)

pytestmark = pytest.mark.django_db

URL = reverse("audit_trail")
EXPORT_URL = reverse("audit_trail_export")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
HEADERS = [
    "Number",
    "Date",
    "Time",
    "Done by",
    "User number",
    "Action",
    "What",
    "Object number",
    "Child number",
    "Parent number",
    "Child or parent",
    "Location",
    "Network",
    "Pseudonymised",
]


def nl(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


def at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def event(
    user,
    *,
    when=None,
    action=Action.VIEW,
    object_type="child",
    object_id=None,
    child=None,
    location=None,
    organization=None,
    ip="192.168.1.0",
) -> AuditEvent:
    """A row as record() writes it, at a chosen time."""
    staff = user.staff_member if user is not None else None
    if child is not None:
        object_id = object_id if object_id is not None else child.pk
        location = location or child.location
    return AuditEvent.objects.create(
        at=when or at(2025, 6, 2),
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        child_id=child.pk if child is not None else None,
        organization_id=(organization or staff.organization).pk,
        location_id=location.pk if location is not None else None,
        ip=ip,
    )


def parent_event(user, parent, **kwargs) -> AuditEvent:
    return event(user, object_type="parent", object_id=parent.pk, **kwargs)


def own_rows() -> set[int]:
    """The logins and readings the test itself made."""
    return set(
        AuditEvent.objects.filter(
            object_type__in=["session", "audit_trail", "audit_trail_csv"]
        ).values_list("pk", flat=True)
    )


def numbers(response) -> set[int]:
    """The event numbers on the page, without the test's own logins and readings."""
    return {row.number for row in response.context["page"].rows} - own_rows()


def export(client, **params) -> list[dict[str, str]]:
    response = client.get(EXPORT_URL, params)
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    assert lines[0] == [nl(h) for h in HEADERS]
    return [dict(zip(HEADERS, line, strict=True)) for line in lines[1:]]


@pytest.fixture
def other_admin(other_org, other_location):
    return make_staff(
        "other_admin", other_org, Role.ADMIN, [other_location], first_name="Otto", last_name="Anker"
    )


@pytest.fixture
def trail(pm_a, pm_b, outsider, child_a, child_b, other_child, parent_a, parent_b, other_parent):
    """One row of each kind that matters for the scope."""
    return {
        "a": event(pm_a, child=child_a, when=at(2025, 6, 2, 9)),
        "b": event(pm_b, child=child_b, when=at(2025, 6, 2, 10)),
        "parent_a": parent_event(pm_a, parent_a, when=at(2025, 6, 2, 11)),
        "parent_b": parent_event(pm_b, parent_b, when=at(2025, 6, 2, 12)),
        "other": event(outsider, child=other_child, when=at(2025, 6, 2, 13)),
        "other_parent": parent_event(outsider, other_parent, when=at(2025, 6, 2, 14)),
    }


# --- access ----------------------------------------------------------------------------------


def test_admin_reads_the_whole_organisation(client_for, admin_user, trail):
    response = client_for(admin_user).get(URL)

    assert response.status_code == 200
    assert numbers(response) == {trail[k].pk for k in ("a", "b", "parent_a", "parent_b")}
    html = response.content.decode()
    assert "Emma de Vries" in html and "Daan Jansen" in html
    assert "Anouk de Vries" in html and "Mohammed Jansen" in html
    assert "Bakker" not in html  # the other organisation's child and parent
    assert "192.168.1.0" in html


def test_manager_reads_only_their_locations(client_for, manager_a, trail):
    response = client_for(manager_a).get(URL)

    assert response.status_code == 200
    # The parent row has no location: it is shown because the manager sees that parent.
    assert numbers(response) == {trail["a"].pk, trail["parent_a"].pk}
    html = response.content.decode()
    assert "Emma de Vries" in html and "Anouk de Vries" in html
    assert "Daan Jansen" not in html and "Mohammed Jansen" not in html
    assert "Kees Mulder" not in html  # pm_b, who only acted at location B
    assert "Bakker" not in html


def test_the_other_organisations_admin_reads_only_theirs(client_for, other_admin, trail):
    response = client_for(other_admin).get(URL)

    assert numbers(response) == {trail["other"].pk, trail["other_parent"].pk}
    assert "Emma de Vries" not in response.content.decode()


@pytest.mark.parametrize("url", [URL, EXPORT_URL])
def test_pm_is_refused(client_for, pm_a, url):
    assert client_for(pm_a).get(url).status_code == 403


@pytest.mark.parametrize("url", [URL, EXPORT_URL])
def test_outsider_pm_is_refused(client_for, outsider, url):
    assert client_for(outsider).get(url).status_code == 403


@pytest.mark.parametrize("url", [URL, EXPORT_URL])
def test_login_required(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", [URL, EXPORT_URL])
def test_wrong_method(client_for, admin_user, url):
    client = client_for(admin_user)
    before = AuditEvent.objects.count()

    assert client.post(url).status_code == 405
    assert AuditEvent.objects.count() == before


def test_unverified_manager_is_sent_to_two_step_verification(client_for, manager_a):
    response = client_for(manager_a, verified=False).get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor"))


# --- filters ---------------------------------------------------------------------------------


def test_filter_on_a_child(client_for, admin_user, trail, child_a):
    response = client_for(admin_user).get(URL, {"kind": child_a.pk})

    assert numbers(response) == {trail["a"].pk}
    assert response.context["focus_child"] == child_a


def test_filter_on_a_parent(client_for, admin_user, manager_a, trail, parent_a, parent_b):
    assert numbers(client_for(admin_user).get(URL, {"ouder": parent_a.pk})) == {
        trail["parent_a"].pk
    }
    assert numbers(client_for(manager_a).get(URL, {"ouder": parent_a.pk})) == {trail["parent_a"].pk}
    # A parent outside the manager's locations: nothing, and no name.
    response = client_for(manager_a).get(URL, {"ouder": parent_b.pk})
    assert numbers(response) == set()
    assert "Mohammed" not in response.content.decode()


def test_access_request_rows_belong_to_the_parent(client_for, admin_user, parent_a):
    row = event(admin_user, object_type="access_request", object_id=parent_a.pk,
                action=Action.EXPORT)  # fmt: skip

    response = client_for(admin_user).get(URL, {"ouder": parent_a.pk})

    assert numbers(response) == {row.pk}


def test_filter_on_a_child_of_another_organisation_shows_nothing(
    client_for, admin_user, trail, other_child
):
    response = client_for(admin_user).get(URL, {"kind": other_child.pk})

    assert numbers(response) == set()
    assert "Bakker" not in response.content.decode()


def test_filter_on_a_staff_member(client_for, admin_user, pm_a, trail):
    response = client_for(admin_user).get(URL, {"medewerker": pm_a.staff_member.pk})

    assert numbers(response) == {trail["a"].pk, trail["parent_a"].pk}


def test_staff_of_another_organisation_is_not_a_choice(client_for, admin_user, outsider, trail):
    response = client_for(admin_user).get(URL, {"medewerker": outsider.staff_member.pk})

    assert response.status_code == 200
    assert "Olaf" not in response.content.decode()
    # An invalid choice is ignored, never widened beyond the scope.
    assert trail["other"].pk not in numbers(response)


def test_filter_on_an_action(client_for, admin_user, pm_a, child_a, trail):
    change = event(pm_a, child=child_a, action=Action.UPDATE, object_type="conversation",
                   object_id=7, when=at(2025, 6, 3))  # fmt: skip

    response = client_for(admin_user).get(URL, {"actie": Action.UPDATE})

    assert numbers(response) == {change.pk}
    html = response.content.decode()
    assert nl("changed") in html and nl("conversation") in html


def test_filter_on_a_location(client_for, admin_user, location_b, trail):
    response = client_for(admin_user).get(URL, {"locatie": location_b.pk})

    assert numbers(response) == {trail["b"].pk}


def test_period_is_in_dutch_local_days(client_for, admin_user, pm_a, child_a):
    """The night of the clock change: 30 March 2025, 02:00 became 03:00."""
    before = event(pm_a, child=child_a, when=at(2025, 3, 29, 23, 59))
    first = event(pm_a, child=child_a, when=at(2025, 3, 30, 0, 0))
    last = event(pm_a, child=child_a, when=at(2025, 3, 30, 23, 59))  # 21:59 UTC
    after = event(pm_a, child=child_a, when=at(2025, 3, 31, 0, 0))  # still 30 March in UTC
    client = client_for(admin_user)

    one_day = client.get(URL, {"van": "2025-03-30", "tot": "2025-03-30"})
    from_only = client.get(URL, {"van": "2025-03-30"})
    until_only = client.get(URL, {"tot": "2025-03-30"})

    assert numbers(one_day) == {first.pk, last.pk}
    assert {first.pk, last.pk, after.pk} <= numbers(from_only)
    assert before.pk not in numbers(from_only)
    assert numbers(until_only) == {before.pk, first.pk, last.pk}
    html = one_day.content.decode()
    assert 'datetime="2025-03-30T00:00:00+01:00"' in html
    assert 'datetime="2025-03-30T23:59:00+02:00"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "abc"},
        {"ouder": "99999999999999999999999"},
        {"medewerker": "1e9"},
        {"locatie": "-1"},
        {"actie": "steal"},
        {"van": "31-02-2025"},
        {"tot": "0001-01-01"},
        {"na": "x"},
        {"na": "123456789"},
    ],
)
def test_bad_parameters_never_give_a_server_error(client_for, admin_user, trail, params):
    response = client_for(admin_user).get(URL, params)

    assert response.status_code == 200


def test_large_chain_staff_list_waits_for_a_location(client_for, org, admin_user, pm_a):
    for n in range(6):
        make_location(org, f"Extra {n}")
    forget_scope(admin_user)
    client = client_for(admin_user)

    waiting = client.get(URL).context["filter"].form.fields["medewerker"].queryset
    chosen = client.get(URL, {"locatie": pm_a.staff_member.locations.get().pk})

    assert list(waiting) == []
    assert pm_a.staff_member in chosen.context["filter"].form.fields["medewerker"].queryset


# --- rows ------------------------------------------------------------------------------------


def test_pseudonymised_rows_say_so(client_for, admin_user, pm_a, child_a):
    row = event(pm_a, child=child_a)
    pseudonymise(child_ids=[child_a.pk])

    response = client_for(admin_user).get(URL)
    shown = next(r for r in response.context["page"].rows if r.number == row.pk)

    assert shown.pseudonymised and shown.staff == "" and shown.child_id is None
    html = response.content.decode()
    assert nl("pseudonymised") in html
    assert "192.168.1.0" not in html


def test_a_deleted_child_keeps_its_number_not_its_name(client_for, admin_user, pm_a, group_a):
    child = make_child(group_a, first_name="Vera", last_name="Weg")
    row = event(pm_a, child=child)
    child_id = child.pk
    child.delete()

    response = client_for(admin_user).get(URL)
    shown = next(r for r in response.context["page"].rows if r.number == row.pk)

    assert shown.child_id == child_id and shown.person == ""
    assert "Vera" not in response.content.decode()


def test_rows_without_a_user_are_the_system(client_for, admin_user, org):
    row = AuditEvent.objects.create(action=Action.ERASE, object_type="retention",
                                    object_id=3, organization_id=org.pk)  # fmt: skip

    response = client_for(admin_user).get(URL)
    shown = next(r for r in response.context["page"].rows if r.number == row.pk)

    assert shown.staff == nl("the system")
    assert shown.what == nl("retention period (erasure)")


def test_an_unknown_object_type_is_shown_as_its_code(client_for, admin_user, pm_a, location_a):
    event(pm_a, object_type="some_new_page", location=location_a)

    assert "some new page" in client_for(admin_user).get(URL).content.decode()


# --- paging, counting, and reading leaves a trace ---------------------------------------------


def test_keyset_paging_without_gaps_or_repeats(client_for, admin_user, pm_a, child_a):
    same_time = at(2025, 6, 2, 9)
    rows = [event(pm_a, child=child_a, when=same_time) for _ in range(60)]
    rows += [event(pm_a, child=child_a, when=at(2025, 6, 1)) for _ in range(50)]
    client = client_for(admin_user)

    seen: list[int] = []
    params: dict = {"kind": child_a.pk}
    for _ in range(5):
        response = client.get(URL, params)
        seen += [row.number for row in response.context["page"].rows]
        after = response.context["page"].next_after
        if after is None:
            break
        params = {"kind": child_a.pk, "na": after}

    assert seen == sorted((r.pk for r in rows), key=lambda pk: (pk > rows[59].pk, -pk))
    assert len(seen) == len(set(seen)) == 110


def test_count_is_capped(client_for, admin_user, pm_a, child_a, settings):
    AuditEvent.objects.bulk_create(
        AuditEvent(
            user=pm_a,
            action=Action.VIEW,
            object_type="child",
            object_id=child_a.pk,
            child_id=child_a.pk,
            organization_id=child_a.location.organization_id,
            location_id=child_a.location_id,
            at=at(2025, 6, 1),
        )  # fmt: skip
        for _ in range(1002)
    )

    response = client_for(admin_user).get(URL)

    assert response.context["page"].count_capped
    assert nl("More than 1,000 events") in response.content.decode()


def test_reading_is_audited_once_per_search_not_per_page(client_for, admin_user, pm_a, child_a):
    for _ in range(60):
        event(pm_a, child=child_a)
    client = client_for(admin_user)

    first = client.get(URL, {"kind": child_a.pk})
    client.get(URL, {"kind": child_a.pk, "na": first.context["page"].next_after})

    readings = AuditEvent.objects.filter(object_type="audit_trail")
    assert readings.count() == 1
    reading = readings.get()
    assert (reading.user, reading.action, reading.child_id, reading.location_id) == (
        admin_user,
        Action.VIEW,
        child_a.pk,
        child_a.location_id,
    )


def _many_events(org, group, pm, *, children: int, per_child: int) -> None:
    kids = make_children(group, children)
    parents = [make_parent(org) for _ in range(children // 5)]
    for n, parent in enumerate(parents):
        link_parent(kids[n], parent)
    rows = []
    for n in range(children * per_child):
        kid = kids[n % children]
        rows.append(
            AuditEvent(
                user=pm,
                action=Action.VIEW,
                object_type="child",
                object_id=kid.pk,
                child_id=kid.pk,
                organization_id=org.pk,
                location_id=group.location_id,
                at=at(2025, 5, 1) + datetime.timedelta(minutes=n),
            )  # fmt: skip
        )
    for n, parent in enumerate(parents):
        rows.append(
            AuditEvent(
                user=pm,
                action=Action.VIEW,
                object_type="parent",
                object_id=parent.pk,
                organization_id=org.pk,
                at=at(2025, 5, 2) + datetime.timedelta(minutes=n),
            )  # fmt: skip
        )
    AuditEvent.objects.bulk_create(rows)


def _queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["admin_user", "manager_a"])
def test_query_count_does_not_grow_with_rows(
    request, org, group_a, pm_a, role, client_for, django_assert_max_num_queries
):
    """guards against N+1: 500 events across 100 children cost what 10 do, on every page."""
    user = request.getfixturevalue(role)
    client = client_for(user)
    _many_events(org, group_a, pm_a, children=5, per_child=2)
    few = _queries(client)

    _many_events(org, group_a, pm_a, children=100, per_child=5)
    many = _queries(client)
    page = client.get(URL).context["page"]
    later = _queries(client, {"na": page.next_after})

    assert len(page.rows) == 50
    assert many == few
    assert later <= many + 1  # the cursor's time, minus the reading's own row
    with django_assert_max_num_queries(15):
        client.get(URL)


# --- links -----------------------------------------------------------------------------------


def test_child_and_parent_pages_link_to_their_log(client_for, manager_a, pm_a, child_a, parent_a):
    manager = client_for(manager_a)
    pm = client_for(pm_a)
    child_link = f"{URL}?kind={child_a.pk}"
    parent_link = f"{URL}?ouder={parent_a.pk}"

    assert child_link in manager.get(reverse("child_detail", args=[child_a.pk])).content.decode()
    assert parent_link in manager.get(reverse("parent_detail", args=[parent_a.pk])).content.decode()
    assert child_link not in pm.get(reverse("child_detail", args=[child_a.pk])).content.decode()
    assert parent_link not in pm.get(reverse("parent_detail", args=[parent_a.pk])).content.decode()


def test_card_on_the_administration_page(client_for, manager_a):
    html = client_for(manager_a).get(reverse("administration")).content.decode()

    assert f'href="{URL}"' in html


# --- export ----------------------------------------------------------------------------------


def test_export_content(client_for, admin_user, pm_a, child_a, trail):
    rows = export(client_for(admin_user))
    row = next(r for r in rows if r["Number"] == str(trail["a"].pk))

    assert row == {
        "Number": str(trail["a"].pk),
        "Date": "2025-06-02",
        "Time": "09:00:00",
        "Done by": "Maartje Visser",
        "User number": str(pm_a.pk),
        "Action": nl("viewed"),
        "What": nl("child"),
        "Object number": str(child_a.pk),
        "Child number": str(child_a.pk),
        "Parent number": "",
        "Child or parent": "Emma de Vries",
        "Location": "Zonnebloem",
        "Network": "192.168.1.0",
        "Pseudonymised": nl("no"),
    }
    parent_row = next(r for r in rows if r["Number"] == str(trail["parent_a"].pk))
    assert parent_row["Parent number"] == str(trail["parent_a"].object_id)
    assert parent_row["Child or parent"] == "Anouk de Vries"


def test_export_scope_and_other_organisation(client_for, admin_user, manager_a, trail):
    admin_numbers = {int(r["Number"]) for r in export(client_for(admin_user))} - own_rows()
    manager_numbers = {int(r["Number"]) for r in export(client_for(manager_a))} - own_rows()

    assert admin_numbers == {trail[k].pk for k in ("a", "b", "parent_a", "parent_b")}
    assert manager_numbers == {trail["a"].pk, trail["parent_a"].pk}


def test_export_uses_the_filters(client_for, admin_user, child_b, trail):
    rows = export(client_for(admin_user), kind=child_b.pk)

    assert [int(r["Number"]) for r in rows] == [trail["b"].pk]


def test_export_escapes_formulas(client_for, admin_user, org, group_a, location_a):
    child = make_child(group_a, first_name='=HYPERLINK("http://x")', last_name="Test")
    staff = make_staff("formula", org, Role.PM, [location_a], first_name="+31", last_name="")
    event(staff, child=child)

    rows = export(client_for(admin_user))
    row = next(r for r in rows if r["Child number"] == str(child.pk))

    assert row["Child or parent"] == '\'=HYPERLINK("http://x") Test'
    assert row["Done by"] == "'+31"


def test_export_is_audited_as_an_export(client_for, admin_user, trail):
    export(client_for(admin_user), actie=Action.VIEW)

    assert (
        AuditEvent.objects.filter(
            user=admin_user, action=Action.EXPORT, object_type="audit_trail_csv"
        ).count()
        == 1
    )


def test_export_of_a_pseudonymised_row(client_for, admin_user, pm_a, child_a):
    row = event(pm_a, child=child_a)
    pseudonymise(user_ids=[pm_a.pk])

    exported = next(r for r in export(client_for(admin_user)) if r["Number"] == str(row.pk))

    assert exported["Done by"] == "" and exported["User number"] == ""
    assert exported["Network"] == ""
    assert exported["Pseudonymised"] == nl("yes")


def test_a_cursor_outside_the_scope_starts_at_the_top(client_for, manager_a, trail):
    """Another organisation's row number as cursor reveals nothing, not even its time."""
    client = client_for(manager_a)

    response = client.get(URL, {"na": trail["other"].pk})

    assert response.context["page"].first
    assert numbers(response) == {trail["a"].pk, trail["parent_a"].pk}
    assert AuditEvent.objects.filter(object_type="audit_trail", user=manager_a).count() == 1


# --- following a person found by name ----------------------------------------------------------

PERSON_URL = reverse("audit_trail_person")


def test_one_match_goes_straight_to_their_log(client_for, manager_a, child_a, other_child):
    """ "Emma" is also a child of the other organisation: not a match."""
    response = client_for(manager_a).post(PERSON_URL, {"q": "emma"})

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?kind={child_a.pk}"
    assert AuditEvent.objects.filter(user=manager_a, object_type="search").count() == 1


def test_a_parent_found_by_name(client_for, admin_user, parent_a, parent_b):
    response = client_for(admin_user).post(PERSON_URL, {"q": "Mohammed"})

    assert response["Location"] == f"{URL}?ouder={parent_b.pk}"


def test_several_matches_are_listed_without_the_name_in_the_url(
    client_for, manager_a, child_a, parent_a, child_b, parent_b
):
    client = client_for(manager_a)

    response = client.post(PERSON_URL, {"q": "de Vries"})

    assert response.status_code == 302
    assert response["Location"] == PERSON_URL
    html = client.get(PERSON_URL).content.decode()
    assert f'href="{URL}?kind={child_a.pk}"' in html
    assert f'href="{URL}?ouder={parent_a.pk}"' in html
    # Location B's Jansen family is outside the manager's scope.
    outside = client.post(PERSON_URL, {"q": "Jansen"}, follow=True).content.decode()
    assert "Daan" not in outside and "Mohammed" not in outside
    assert nl("No child or parent with that name in your scope.") in outside


def test_a_too_short_name_is_a_dutch_error_at_the_field(client_for, manager_a):
    response = client_for(manager_a).post(PERSON_URL, {"q": "e"})

    assert response.status_code == 200
    assert 'id="id_q"' in response.content.decode()
    assert response.context["form"].errors["q"]


def test_person_search_refuses_pms(client_for, pm_a, child_a):
    client = client_for(pm_a)

    assert client.get(PERSON_URL).status_code == 403
    assert client.post(PERSON_URL, {"q": "Emma"}).status_code == 403


def test_the_log_page_offers_the_person_search(client_for, manager_a, child_a):
    client = client_for(manager_a)

    assert f'action="{PERSON_URL}"' in client.get(URL).content.decode()
    assert f'action="{PERSON_URL}"' not in client.get(URL, {"kind": child_a.pk}).content.decode()


def test_a_bad_date_leaves_the_other_filters_working(client_for, admin_user, trail, child_a):
    response = client_for(admin_user).get(URL, {"kind": child_a.pk, "van": "31-02-2025"})

    assert response.status_code == 200
    assert numbers(response) == {trail["a"].pk}
    assert response.context["focus_child"] == child_a
    assert response.context["filter"].form.errors["van"]
