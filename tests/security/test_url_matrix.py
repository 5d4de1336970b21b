"""Every URL of the app, requested as every kind of user, answers as decided in EXPECTED.

The URL list is not written by hand: it is walked from Django's resolver (the admin site
under ``beheer/`` and static serving excepted), so a new URL without a decision here makes
``test_every_url_has_a_decision`` (and its own matrix rows) fail with its name.

At the time of writing: 34 URL patterns x 7 roles = 238 requests (see ``test_matrix_size``),
plus the valid POST of the 8 form pages as every role (56): who may not see a page may not
post it either, and nothing changes.

Roles: ``anonymous``; ``pm_a`` (pm'er at location A, author of the conversation, mentor of
the child); ``manager_a`` (manager of A); ``pm_b`` (pm'er at location B of the same
organisation); ``outsider`` (pm'er of another organisation); ``admin_user`` (admin of our
organisation); ``other_admin`` (admin of the other organisation); ``parent_user`` (parent_a's
portal account: the mother of child_a, with parental authority); ``other_family_user`` (the
portal account of a parent of another child at location A). A parent gets 404 on every
staff page (portaal/access.py) and is sent from the start page to the portal (302).

Statuses: 200 the page; 302 a redirect (for ``anonymous`` always to the login page, unless
the URL is public); 403 the user may see the record but not use this page (role); 404 the
record is outside the user's scope, exactly like one that does not exist.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterator

import pytest
from django.contrib.staticfiles import views as staticfiles_views
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.views import static

from gesprekken.models import Conversation
from organisatie.models import Organization
from tests.administratie.import_helpers import (
    import_mapping_post,
    import_run_for,
    import_upload_file,
)
from tests.gesprekken.helpers import sit_down_data
from tests.portaal.helpers import planned_talk_for, portal_agreement_for, portal_share_for

from .conftest import World, data_row_counts

ROLES = (
    "anonymous",
    "pm_a",
    "manager_a",
    "pm_b",
    "outsider",
    "admin_user",
    "other_admin",
    "parent_user",
    "other_family_user",
)

# Reachable without logging in. Anything else must send an anonymous visitor to the login page.
PUBLIC = frozenset(
    {
        "healthz",
        "login",
        "logout",
        "set_language",
        "invitation_accept",
        "invitation_renew",
        "password_forgot",
        "password_reset_confirm",
    }
)

SKIPPED_PREFIXES = ("beheer/",)  # Django's admin site: its own permission system
STATIC_VIEWS = {static.serve, staticfiles_views.serve}


def walk(patterns, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, route)
        elif getattr(entry.callback, "__wrapped__", entry.callback) not in STATIC_VIEWS:
            yield route, entry


def app_urls() -> dict[str, str]:
    """``{url name: route}`` of every pattern; an unnamed or a second pattern of the same
    name is listed under its route, so the tests below can name it."""
    found: dict[str, str] = {}
    for route, pattern in walk(get_resolver().url_patterns):
        if not pattern.name:
            found[f"<unnamed {route}>"] = route
        elif pattern.name in found:
            found[f"<duplicate name {pattern.name}: {route}>"] = route
        else:
            found[pattern.name] = route
    return found


URLS = app_urls()

# fmt: off
# Columns: anonymous, pm_a, manager_a, pm_b, outsider, admin_user, other_admin, parent_user,
# other_family_user.
_TABLE: dict[str, tuple[int, ...]] = {
    # the parent portal (/ouder/): parents only; staff get the 404 of a page that is not theirs
    "portal_home":          (302, 404, 404, 404, 404, 404, 404, 200, 200),
    # the parent's portal pages (#15, parent side): the shared talk, its agreement and the
    # planned talk are parent_a's; the other family gets the 404 of a missing record
    "portal_conversation":  (302, 404, 404, 404, 404, 404, 404, 200, 404),
    "portal_agreement_done": (302, 404, 404, 404, 404, 404, 404, 302, 404),  # POST
    "portal_questions":     (302, 404, 404, 404, 404, 404, 404, 200, 404),
    "portal_participation": (302, 404, 404, 404, 404, 404, 404, 200, 200),
    "portal_settings":      (302, 404, 404, 404, 404, 404, 404, 200, 200),
    "portal_language":      (302, 404, 404, 404, 404, 404, 404, 302, 302),  # POST
    # public
    "healthz":              (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "login":                (200, 302, 302, 302, 302, 302, 302, 302, 302),  # logged in: on to home
    "logout":               (302, 302, 302, 302, 302, 302, 302, 302, 302),  # POST
    "set_language":         (302, 302, 302, 302, 302, 302, 302, 302, 302),  # POST
    # e-mailed links (a tampered token here: "link not valid", 404) and forgotten password
    "invitation_accept":    (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "invitation_renew":     (404, 404, 404, 404, 404, 404, 404, 404, 404),  # POST
    "password_reset_confirm": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "password_forgot":      (200, 200, 200, 200, 200, 200, 200, 200, 200),
    # own account: every logged-in user
    "password_change":      (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "password_change_done": (302, 200, 200, 200, 200, 200, 200, 200, 200),
    # a pm'er without 2FA gets the set-up page; a verified manager/admin is sent on
    "two_factor":           (302, 200, 302, 200, 200, 302, 302, 200, 200),
    "two_factor_settings":  (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "two_factor_disable":   (302, 302, 302, 302, 302, 302, 302, 302, 302),  # POST; not for managers
    # POST; an unverified pm'er is sent to verify first, a verified manager gets new codes
    "recovery_codes_renew": (302, 302, 200, 302, 302, 200, 200, 302, 302),
    # pages of the user's own scope
    "home":                 (302, 200, 200, 200, 200, 200, 200, 302, 302),
    "search":               (302, 200, 200, 200, 200, 200, 200, 404, 404),
    "tip_list":             (302, 200, 200, 200, 200, 200, 200, 404, 404),
    "my_conversations":     (302, 200, 200, 200, 200, 200, 200, 404, 404),
    # records of location A
    "child_detail":         (302, 200, 200, 404, 404, 200, 404, 404, 404),
    "parent_detail":        (302, 200, 200, 404, 404, 200, 404, 404, 404),
    "handover":             (302, 200, 200, 404, 404, 200, 404, 404, 404),
    "conversation_create":  (302, 200, 200, 404, 404, 200, 404, 404, 404),
    "prepare":              (302, 200, 200, 404, 404, 200, 404, 404, 404),
    "conversation_detail":  (302, 200, 200, 404, 404, 200, 404, 404, 404),
    "conversation_edit":    (302, 200, 200, 404, 404, 200, 404, 404, 404),  # pm_a is the author
    "conversation_delete":  (302, 403, 200, 404, 404, 200, 404, 404, 404),  # managers only
    "follow_up_toggle":     (302, 302, 302, 404, 404, 302, 404, 404, 404),  # POST
    # the small handover form: its author on the day, managers; undo: its author, minutes
    "handover_edit":        (302, 200, 200, 404, 404, 200, 404, 404, 404),
    "handover_undo":        (302, 302, 403, 404, 404, 403, 404, 404, 404),  # POST
    # manager pages: a pm'er is refused (403); the other organisation's admin sees only theirs
    "history":              (302, 403, 200, 403, 403, 200, 200, 404, 404),
    "history_export":       (302, 403, 200, 403, 403, 200, 200, 404, 404),
    "history_export_xlsx":  (302, 403, 200, 403, 403, 200, 200, 404, 404),
    "overview":             (302, 403, 200, 403, 403, 200, 200, 404, 404),
    "dossier":              (302, 403, 200, 403, 403, 200, 404, 404, 404),
    # the parents' voice beside the staff's (#15): managers and admins, like the overview
    "parent_voice":         (302, 403, 200, 403, 403, 200, 200, 404, 404),
    "feedback_create":      (302, 403, 302, 403, 403, 302, 404, 404, 404),  # POST
    "consent_create":       (302, 403, 200, 404, 404, 200, 404, 404, 404),
    "consent_withdraw":     (302, 403, 302, 404, 404, 302, 404, 404, 404),  # POST
    # administration (administratie/): managers and admins
    "administration":       (302, 403, 200, 403, 403, 200, 200, 404, 404),
    # locations and groups: admins the locations, managers and admins the groups
    "location_list":        (302, 403, 200, 403, 403, 200, 200, 404, 404),
    "location_create":      (302, 403, 403, 403, 403, 200, 200, 404, 404),
    "location_edit":        (302, 403, 403, 404, 404, 200, 404, 404, 404),
    "group_create":         (302, 403, 200, 404, 404, 200, 404, 404, 404),
    "group_edit":           (302, 403, 200, 404, 404, 200, 404, 404, 404),
    # children and parents in the administration: managers of their locations, admins
    "admin_child_list":     (302, 403, 200, 403, 403, 200, 200, 404, 404),
    "admin_child_create":   (302, 403, 200, 403, 403, 200, 200, 404, 404),
    "admin_child_edit":     (302, 403, 200, 404, 404, 200, 404, 404, 404),
    "admin_parent_list":    (302, 403, 200, 403, 403, 200, 200, 404, 404),
    "admin_parent_create":  (302, 403, 200, 403, 403, 200, 200, 404, 404),
    "admin_parent_edit":    (302, 403, 200, 404, 404, 200, 404, 404, 404),
    "admin_parent_link_add": (302, 403, 200, 404, 404, 200, 404, 404, 404),
    "admin_parent_link_edit": (302, 403, 200, 404, 404, 200, 404, 404, 404),
    "admin_parent_link_remove": (302, 403, 302, 404, 404, 302, 404, 404, 404),  # POST
    "audit_trail":          (302, 403, 200, 403, 403, 200, 200, 404, 404),
    "audit_trail_export":   (302, 403, 200, 403, 403, 200, 200, 404, 404),
    "audit_trail_person":   (302, 403, 200, 403, 403, 200, 200, 404, 404),
    # admin pages
    "organization_settings": (302, 403, 403, 403, 403, 200, 200, 404, 404),
    "family_erase":         (302, 403, 403, 404, 404, 200, 404, 404, 404),
    "access_request":       (302, 403, 403, 404, 404, 200, 404, 404, 404),
    "access_request_json":  (302, 403, 403, 404, 404, 200, 404, 404, 404),
    # the import (administratie/): organisation admins; the run belongs to our organisation
    "import_list":          (302, 403, 403, 403, 403, 200, 200, 404, 404),
    "import_upload":        (302, 403, 403, 403, 403, 200, 200, 404, 404),
    "import_run":           (302, 403, 403, 403, 403, 200, 404, 404, 404),
    "import_mapping":       (302, 403, 403, 403, 403, 200, 404, 404, 404),
    "import_run_status":    (302, 403, 403, 403, 403, 200, 404, 404, 404),
    "import_report":        (302, 403, 403, 403, 403, 200, 404, 404, 404),
    "import_commit":        (302, 403, 403, 403, 403, 302, 404, 404, 404),  # POST
    "import_discard":       (302, 403, 403, 403, 403, 302, 404, 404, 404),  # POST
    "import_end_care":      (302, 403, 403, 403, 403, 302, 404, 404, 404),  # POST
    # administration, staff (admins only; the staff member is pm_a of our organisation)
    "staff_list":           (302, 403, 403, 403, 403, 200, 200, 404, 404),
    "staff_invite":         (302, 403, 403, 403, 403, 200, 200, 404, 404),
    "staff_edit":           (302, 403, 403, 403, 403, 200, 404, 404, 404),
    "staff_deactivate":     (302, 403, 403, 403, 403, 302, 404, 404, 404),  # POST
    "staff_reactivate":     (302, 403, 403, 403, 403, 302, 404, 404, 404),  # POST
    "staff_invite_resend":  (302, 403, 403, 403, 403, 302, 404, 404, 404),  # POST
    "staff_two_factor_reset": (302, 403, 403, 403, 403, 302, 404, 404, 404),  # POST
    # parents' portal logins (#15, accounts): every staff member who sees the parent
    "parent_portal_invite": (302, 302, 302, 404, 404, 302, 404, 404, 404),  # POST
    "parent_portal_revoke": (302, 302, 302, 404, 404, 302, 404, 404, 404),  # POST
    # the parent portal, staff side: sharing a talk (its author and managers; a colleague
    # of the location 403, see test_sharing.py) and planning one (anyone with the child)
    "conversation_share":   (302, 200, 200, 404, 404, 200, 404, 404, 404),
    "conversation_unshare": (302, 302, 302, 404, 404, 302, 404, 404, 404),  # POST
    "talk_plan":            (302, 200, 200, 404, 404, 200, 404, 404, 404),
    "talk_plan_cancel":     (302, 302, 302, 404, 404, 302, 404, 404, 404),  # POST
}
# fmt: on

EXPECTED: dict[str, dict[str, int]] = {
    name: dict(zip(ROLES, statuses, strict=True)) for name, statuses in _TABLE.items()
}

# Path arguments, from the objects of location A.
KWARGS: dict[str, Callable[[World], dict]] = {
    "child_detail": lambda w: {"pk": w.child_a.pk},
    "parent_detail": lambda w: {"pk": w.parent_a.pk},
    "handover": lambda w: {"child_pk": w.child_a.pk},
    "conversation_create": lambda w: {"child_pk": w.child_a.pk},
    "prepare": lambda w: {"child_pk": w.child_a.pk},
    "dossier": lambda w: {"child_pk": w.child_a.pk},
    "conversation_detail": lambda w: {"pk": w.conversation_a.pk},
    "conversation_edit": lambda w: {"pk": w.conversation_a.pk},
    "conversation_delete": lambda w: {"pk": w.conversation_a.pk},
    "feedback_create": lambda w: {"pk": w.conversation_a.pk},
    "follow_up_toggle": lambda w: {"pk": w.agreement_a.pk},
    "handover_edit": lambda w: {"pk": w.handover_a.pk},
    "handover_undo": lambda w: {"pk": w.handover_a.pk},
    "family_erase": lambda w: {"child_pk": w.child_a.pk},
    "consent_create": lambda w: {"child_pk": w.child_a.pk},
    "consent_withdraw": lambda w: {"pk": w.consent_a.pk},
    "access_request": lambda w: {"pk": w.parent_a.pk},
    "access_request_json": lambda w: {"pk": w.parent_a.pk},
    "location_edit": lambda w: {"pk": w.child_a.location_id},
    "group_create": lambda w: {"location_pk": w.child_a.location_id},
    "group_edit": lambda w: {"pk": w.child_a.group_id},
    "admin_child_edit": lambda w: {"pk": w.child_a.pk},
    "admin_parent_edit": lambda w: {"pk": w.parent_a.pk},
    "admin_parent_link_add": lambda w: {"pk": w.parent_a.pk},
    "admin_parent_link_edit": lambda w: {"pk": w.parent_a.child_links.get().pk},
    "admin_parent_link_remove": lambda w: {"pk": w.parent_a.child_links.get().pk},
    "import_run": lambda w: {"pk": import_run_for(w).pk},
    "import_mapping": lambda w: {"pk": import_run_for(w).pk},
    "import_run_status": lambda w: {"pk": import_run_for(w).pk},
    "import_report": lambda w: {"pk": import_run_for(w).pk},
    "import_commit": lambda w: {"pk": import_run_for(w).pk},
    "import_discard": lambda w: {"pk": import_run_for(w).pk},
    "import_end_care": lambda w: {"pk": import_run_for(w).pk},
    "staff_edit": lambda w: {"pk": w.child_a.mentor_id},
    "staff_deactivate": lambda w: {"pk": w.child_a.mentor_id},
    "staff_reactivate": lambda w: {"pk": w.child_a.mentor_id},
    "staff_invite_resend": lambda w: {"pk": w.child_a.mentor_id},
    "staff_two_factor_reset": lambda w: {"pk": w.child_a.mentor_id},
    # the parent's portal pages (#15, parent side)
    "portal_conversation": lambda w: {"pk": portal_share_for(w).conversation_id},
    "portal_agreement_done": lambda w: {"pk": portal_agreement_for(w).pk},
    "portal_questions": lambda w: {"pk": planned_talk_for(w).pk},
    "invitation_accept": lambda w: {"token": "bm90LXNpZ25lZA:1tampered:x"},
    "invitation_renew": lambda w: {"token": "bm90LXNpZ25lZA:1tampered:x"},
    "password_reset_confirm": lambda w: {"token": "bm90LXNpZ25lZA:1tampered:x"},
    # parents' portal logins (#15, accounts)
    "parent_portal_invite": lambda w: {"pk": w.parent_a.pk},
    "parent_portal_revoke": lambda w: {"pk": w.parent_a.pk},
    # the parent portal, staff side
    "conversation_share": lambda w: {"pk": w.conversation_a.pk},
    "conversation_unshare": lambda w: {"pk": w.conversation_a.pk},
    "talk_plan": lambda w: {"child_pk": w.child_a.pk},
    "talk_plan_cancel": lambda w: {"pk": planned_talk_for(w).pk},
}

# Views that only answer POST, with a body that a real form would send.
POSTS: dict[str, Callable[[World], dict]] = {
    "logout": lambda w: {},
    "set_language": lambda w: {"language": "nl", "next": "/"},
    "two_factor_disable": lambda w: {},
    "recovery_codes_renew": lambda w: {},
    "feedback_create": lambda w: {"went_well": "Je liet de ouder uitpraten."},
    "follow_up_toggle": lambda w: {"done": "1"},
    "handover_undo": lambda w: {},
    "consent_withdraw": lambda w: {},
    "admin_parent_link_remove": lambda w: {},
    "import_commit": lambda w: {},
    "import_discard": lambda w: {},
    "import_end_care": lambda w: {"children": [w.child_a.pk], "end_date": "2026-12-31"},
    "staff_deactivate": lambda w: {},
    "staff_reactivate": lambda w: {},
    "staff_invite_resend": lambda w: {},
    "staff_two_factor_reset": lambda w: {"reason": "Nieuwe telefoon"},
    "invitation_renew": lambda w: {},
    # parents' portal logins (#15, accounts)
    "parent_portal_invite": lambda w: {},
    "parent_portal_revoke": lambda w: {},
    # the parent portal, staff side
    "conversation_unshare": lambda w: {},
    "talk_plan_cancel": lambda w: {},
    # the parent's portal pages (#15, parent side)
    "portal_agreement_done": lambda w: {"done": "1", "next": "/ouder/"},
    "portal_language": lambda w: {"language": "nl", "next": "/ouder/"},
}

# A logged-in user may be sent to the login page only by these.
REDIRECTS_TO_LOGIN = frozenset({"logout"})


def url_for(name: str, world: World) -> str:
    builder = KWARGS.get(name)
    return reverse(name, kwargs=builder(world) if builder else None)


def request_as(client, name: str, world: World):
    url = url_for(name, world)
    if name in POSTS:
        return client.post(url, POSTS[name](world))
    return client.get(url)


def test_every_url_has_a_decision():
    """A new URL cannot be added without deciding who may use it."""
    missing = sorted(set(URLS) - set(EXPECTED))
    assert not missing, (
        f"URL patterns without an access decision in EXPECTED: {missing}. "
        "Add a row to _TABLE in tests/security/test_url_matrix.py."
    )
    stale = sorted(set(EXPECTED) - set(URLS))
    assert not stale, f"EXPECTED names URLs that no longer exist: {stale}"


def test_every_pattern_has_its_own_name():
    unnamed = [name for name in URLS if name.startswith("<")]
    assert not unnamed, f"URL patterns without a name of their own cannot be checked: {unnamed}"


@pytest.mark.parametrize("role", ["anonymous", "pm_a", "manager_a", "admin_user"])
def test_admin_site_is_closed_to_the_app_roles(role, client_as):
    """The admin site (skipped above) is for Django staff accounts only."""
    response = client_as(role).get("/beheer/")

    assert response.status_code == 302
    assert response["Location"].startswith("/beheer/login/")


def test_admin_site_needs_two_step_verification(admin_user, raw_client_for):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()

    unverified = raw_client_for(admin_user, verified=False).get("/beheer/")
    verified = raw_client_for(admin_user).get("/beheer/")

    assert unverified.status_code == 302
    assert unverified["Location"].startswith(reverse("two_factor"))
    assert verified.status_code == 200


def test_path_arguments_are_known():
    for name, route in URLS.items():
        if "<" in route:
            assert name in KWARGS, f"{name} ({route}) has path arguments: add it to KWARGS"


def test_public_allow_list_matches_the_table():
    """Anonymous visitors reach only the allow-listed URLs; every other one says 302 (login)."""
    for name, statuses in EXPECTED.items():
        if name not in PUBLIC:
            assert statuses["anonymous"] == 302, f"{name} must send anonymous visitors to login"


def test_matrix_size():
    patterns, roles = len(URLS), len(ROLES)
    print(f"\nURL matrix: {patterns} patterns x {roles} roles = {patterns * roles} requests")
    assert patterns * roles == len(MATRIX), (
        f"URL matrix: {patterns} patterns x {roles} roles = {patterns * roles}"
    )


MATRIX = [(name, role) for name in sorted(URLS) for role in ROLES]


@pytest.mark.parametrize(("name", "role"), MATRIX, ids=[f"{n}-{r}" for n, r in MATRIX])
def test_access(name, role, world, client_as):
    assert name in EXPECTED, (
        f"URL {name!r} ({URLS[name]}) has no entry in EXPECTED: decide its access per role"
    )
    client = client_as(role)

    response = request_as(client, name, world)

    expected = EXPECTED[name][role]
    assert response.status_code == expected, (
        f"{name} as {role}: expected {expected}, got {response.status_code} "
        f"(location: {response.get('Location')})"
    )
    login = reverse("login")
    if response.status_code == 302:
        location = response["Location"]
        if role == "anonymous" and name not in PUBLIC:
            assert location.startswith(f"{login}?next="), f"{name}: redirected to {location}"
        elif role != "anonymous" and name not in REDIRECTS_TO_LOGIN:
            assert not location.startswith(login), f"{name} as {role}: sent to login"


# --- posting to the form pages -----------------------------------------------------------

# A valid submission for every page that takes a form (GET shows it, POST saves it).
FORM_POSTS: dict[str, Callable[[World], dict]] = {
    "handover": lambda w: {"soort": "breng", "tone": "fijn", "idempotency_key": str(uuid.uuid4())},
    "conversation_create": lambda w: sit_down_data(parents=[w.parent_a]),
    "prepare": lambda w: {"notes": "Vragen voor het gesprek"},
    "conversation_edit": lambda w: sit_down_data(
        parents=[w.parent_a], version=w.conversation_a.version, summary="Overschreven"
    ),
    "conversation_delete": lambda w: {"reason": "Dubbel ingevoerd"},
    "consent_create": lambda w: {
        "recipient": "Basisschool",
        "scope": "Taal",
        "given_by": w.parent_a.pk,
        "given_on": w.consent_a.given_on.isoformat(),
    },
    "family_erase": lambda w: {"reason": "Verzoek per e-mail ontvangen", "confirm": "on"},
    "import_upload": lambda w: {"file": import_upload_file(w)},
    "import_mapping": lambda w: import_mapping_post(w),
    "organization_settings": lambda w: {
        "reach_alert_weeks": "2",
        "sit_down_alert_months": "12",
        "retention_months": "3",
    },
    # The create pages of children and parents take a group or child from the form, which
    # is valid for one organisation only: their POSTs are tested in tests/administratie/.
    "location_create": lambda w: {"name": "Paardenbloem", "city": "Zeist"},
    "location_edit": lambda w: {"name": "Zonnebloem", "city": "Utrecht", "is_active": "on"},
    "group_create": lambda w: {"name": "Vlinders", "care_type": "dagopvang"},
    "group_edit": lambda w: {
        "name": "Rupsjes",
        "care_type": "dagopvang",
        "min_age_months": "0",
        "max_age_months": "48",
        "is_active": "on",
    },
    "admin_child_edit": lambda w: {
        "first_name": w.child_a.first_name,
        "last_name": w.child_a.last_name,
        "date_of_birth": w.child_a.date_of_birth.isoformat(),
        "group": w.child_a.group_id,
        "mentor": w.child_a.mentor_id,
        "start_date": w.child_a.start_date.isoformat(),
        "end_date": "",
    },
    "admin_parent_edit": lambda w: {
        "first_name": w.parent_a.first_name,
        "last_name": w.parent_a.last_name,
        "email": "anouk.devries@example.nl",
        "phone": "06 11112222",
        "preferred_language": "nl",
        "likes_to_help_with": "Voorlezen",
    },
    "admin_parent_link_edit": lambda w: {
        "relationship": "moeder",
        "has_parental_authority": "on",
        "is_primary_contact": "on",
    },
    "audit_trail_person": lambda w: {"q": w.child_a.first_name},
    # An admin needs no locations: valid for the admin of either organisation.
    "staff_invite": lambda w: {
        "first_name": "Nieuwe",
        "last_name": "Collega",
        "email": "nieuwe.collega@example.nl",
        "role": "admin",
    },
    # the parent's portal pages (#15, parent side)
    "portal_conversation": lambda w: {"own_view": "Fijn gesprek", "felt_heard": "4"},
    "portal_questions": lambda w: {"wish_to_discuss": "Slapen", "going_well": "Eten"},
    "portal_participation": lambda w: {"likes_to_help_with": "Koken", "availability": "Ma"},
    "portal_settings": lambda w: {"language": "nl", "notify_by_email": "on"},
    "staff_edit": lambda w: {
        "role": "pm",
        "locations": [w.child_a.location_id],
        "groups": [w.child_a.group_id],
    },
    # the parent portal, staff side
    "conversation_share": lambda w: {
        "parents": [w.parent_a.pk],
        "summary_for_parents": "We spraken over het slapen.",
        "share_agreements": "on",
    },
    "talk_plan": lambda w: {
        "soort": "tienminutengesprek",
        "planned_for": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        "parents": [w.parent_a.pk],
    },
}
POST_MATRIX = [(name, role) for name in sorted(FORM_POSTS) for role in ROLES]


def fingerprint(world: World) -> tuple:
    """The state a foreign POST could change."""
    conversation = Conversation.objects.filter(pk=world.conversation_a.pk).values(
        "version", "summary"
    )
    organization = Organization.objects.filter(pk=world.child_a.location.organization_id)
    return (
        data_row_counts(),
        list(conversation),
        list(organization.values("reach_alert_weeks", "retention_months")),
    )


@pytest.mark.parametrize(("name", "role"), POST_MATRIX, ids=[f"{n}-{r}" for n, r in POST_MATRIX])
def test_post_as_role(name, role, world, client_as):
    """Who may not see a form page may not post it either: same answer, nothing changed.
    Who may see it gets the valid submission saved (a redirect)."""
    client = client_as(role)
    url = url_for(name, world)  # may build the record it names (KWARGS): before the count
    before = fingerprint(world)

    response = client.post(url, FORM_POSTS[name](world))

    allowed = EXPECTED[name][role]
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif allowed == 200:
        assert response.status_code == 302, f"{name} as {role}: valid POST not saved"
        return
    else:
        assert response.status_code == allowed, f"{name} as {role}: {response.status_code}"
    assert fingerprint(world) == before, f"{name} as {role} changed data"
