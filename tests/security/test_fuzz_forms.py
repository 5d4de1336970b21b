"""Hostile input through every form of the app, posted to the real views.

Each target starts from a valid submission and lets hypothesis replace, drop or repeat a
few of its fields with hostile values: 10k strings, control characters, HTML/script, SQL,
emoji, right-to-left marks, impossible dates (30 February, the spring DST gap, year 1 and
9999), huge and negative numbers, unknown choice values and ids of another organisation.
Besides the random examples, every date and number field gets its boundary values once
(explicit examples), so the overflow cases are always tried.

For every response: no server error (only 200/302/303/400/403/404/405/409, and 429 for a
throttled login), the raw script never appears unescaped, a redirect stays on this site,
and a rejected submission (any answer but a redirect) leaves the rows of the product's
models as they were. Accepted submissions are followed to the page they redirect to, and
the pages that show stored text are rendered at the end of each target.

Server errors found here become regression tests at the end of this file; while a bug is
open it can be tolerated (and counted) in the targets through KNOWN_BUGS, so that fuzzing
keeps guarding everything else. None is open now.
``test_every_form_is_fuzzed`` fails when a form class has no target.

``FUZZ_EXAMPLES`` (default 25) sets the random examples per target.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import os
import traceback
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import django_filters
import pytest
from django import forms
from django.conf import settings as django_settings
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts.forms import LoginForm, PasswordForgotForm, TokenForm
from accounts.invitations import send_invitation
from accounts.tokens import make_token
from gesprekken.forms import (
    ChecklistForm,
    ConversationForm,
    DeleteForm,
    FeedbackForm,
    FollowUpFormSet,
    HandoverEditForm,
    HandoverForm,
    PreparationForm,
)
from gesprekken.models import Conversation, Tip
from gesprekken.services import standard_tips
from inzicht.filters import ConversationFilter
from inzicht.forms import PeriodForm
from kinderen.forms import SearchForm
from organisatie.forms import OrganizationSettingsForm
from portaal.forms.staff import PlanTalkForm, ShareForm
from privacy.forms import ConsentForm, FamilyEraseForm
from tests.factories import TEST_PASSWORD, link_parent, make_child, make_parent
from tests.gesprekken.helpers import days_ago, log_conversation, sit_down_data

from .conftest import data_row_counts

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

OK_STATUSES = frozenset({200, 302, 303, 400, 403, 404, 405, 409})
REDIRECTS = frozenset({302, 303})

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
UNESCAPED = (SCRIPT.encode(), b"<img src=x onerror=alert(1)>")
HUGE = "99999999999999999999999"

HOSTILE_TEXT = [
    "x" * 10_000,
    "".join(chr(c) for c in range(0x20)),
    "\x00",
    "a\x00b",
    SCRIPT,
    IMG,
    "' OR 1=1 --",
    "'; DROP TABLE kinderen_child; --",
    "👩‍👧‍👦 😀 🇳🇱",
    "\u202eevil\u202c \u200fשלום\u200e",
    "",
    " ",
    "=1+1",
    "@SUM(A1)",
    "{{ 7|add:7 }}{% debug %}",
    "%s%n%x",
    "../../etc/passwd",
    "javascript:alert(1)",
    "//evil.example.com/",
    "https://evil.example.com/",
]
HOSTILE_DATES = [
    "2026-02-30",
    "2026-13-01",
    "2026-03-29T02:30",  # the spring DST gap: this time does not exist in Amsterdam
    "2026-03-29 02:30",
    "29-03-2026 02:30",
    "2026-10-25T02:30",  # the autumn hour that happens twice
    "0001-01-01",
    "0001-01-01T00:00",
    "01-01-0001 00:00",
    "9999-12-31",
    "9999-12-31T23:59",
    "31-12-9999",
    "1900-01-01",
]
HOSTILE_NUMBERS = [
    HUGE,
    "9223372036854775808",
    "2147483648",
    "32768",
    "-1",
    "-99999999999",
    "0",
    "-0",
    "1.5",
    "1e309",
    "NaN",
    "Infinity",
    "0x10",
]
HOSTILE_CHOICES = ["onbekend", "nvt", "NVT", "4", "-", "staff:", "staff:abc", "parent:-1"]
HOSTILE = HOSTILE_TEXT + HOSTILE_DATES + HOSTILE_NUMBERS + HOSTILE_CHOICES
TYPED_HOSTILE = {
    "date": HOSTILE_DATES,
    "number": HOSTILE_NUMBERS,
    "choice": HOSTILE_CHOICES + HOSTILE_NUMBERS[:6],
    "text": HOSTILE_TEXT,
}
# Always tried once per field of that kind (explicit examples).
BOUNDARY = {
    "date": ["0001-01-01", "0001-01-01T00:00", "9999-12-31", "9999-12-31T23:59"],
    "number": [HUGE, "-1"],
}


class _Omit:
    def __repr__(self) -> str:
        return "OMIT"


OMIT = _Omit()


@dataclass
class Spec:
    """One field of a submission: some valid values and the kind of hostile input it gets."""

    valid: list = field(default_factory=list)
    kind: str = "text"


def kind_of(form_field) -> str:
    if isinstance(form_field, forms.DateField | forms.DateTimeField):
        return "date"
    if isinstance(form_field, forms.ModelChoiceField | forms.IntegerField | forms.DecimalField):
        return "number"
    if isinstance(form_field, forms.ChoiceField | forms.BooleanField):
        return "choice"
    return "text"


def form_fields(form, *, skip: Iterable[str] = ()) -> dict[str, Spec]:
    """The form's fields by html name, with their choices (or initial value) as valid values."""
    found = {}
    for name, form_field in form.fields.items():
        if name in skip:
            continue
        valid: list = []
        choices = getattr(form_field, "choices", None)
        if choices is not None:
            keys = [key for key, _label in choices if key not in ("", None)]
            valid = [getattr(key, "value", key) for key in keys][:20]
        initial = form.initial.get(name, form_field.initial)
        if initial not in (None, "") and not callable(initial) and not valid:
            valid = [initial.isoformat() if hasattr(initial, "isoformat") else initial]
        found[form.add_prefix(name)] = Spec(valid, kind_of(form_field))
    return found


def value_strategy(spec: Spec, foreign: Iterable = ()) -> st.SearchStrategy:
    """A hostile value (mostly of the field's own kind), a foreign id, a valid or a random
    value; or several values at once; or the field left out."""
    typed = st.sampled_from(TYPED_HOSTILE[spec.kind])
    pool = st.sampled_from([str(v) for v in spec.valid] + [str(v) for v in foreign] + HOSTILE)
    single = st.one_of(typed, typed, pool, st.text(max_size=40))
    return st.one_of(
        single, single, single, st.lists(single, min_size=2, max_size=3), st.just(OMIT)
    )


def mutations(specs: dict[str, Spec], foreign: Iterable = ()) -> st.SearchStrategy[dict]:
    """One to four fields of the submission replaced (or dropped), the rest left valid."""
    foreign = list(foreign)
    strategies = {name: value_strategy(spec, foreign) for name, spec in specs.items()}
    names = sorted(specs)
    return st.sets(st.sampled_from(names), min_size=1, max_size=min(4, len(names))).flatmap(
        lambda chosen: st.fixed_dictionaries({name: strategies[name] for name in sorted(chosen)})
    )


def boundaries(specs: dict[str, Spec]) -> list[dict]:
    return [
        {name: value}
        for name, spec in sorted(specs.items())
        for value in BOUNDARY.get(spec.kind, [])
    ]


def apply(base: dict, changes: dict) -> dict:
    data = dict(base)
    for name, value in changes.items():
        if value is OMIT:
            data.pop(name, None)
        else:
            data[name] = value
    return data


class Stats:
    examples = 0
    known_bugs = 0
    targets: dict[str, int] = {}

    @classmethod
    def count(cls, target: str) -> None:
        cls.examples += 1
        cls.targets[target] = cls.targets.get(target, 0) + 1


def run(target: str, specs: dict[str, Spec], submit: Callable[[dict], None], foreign=()) -> None:
    """Fuzz one target: the boundary values of each field, then random mutations."""

    def one(changes):
        Stats.count(target)
        submit(changes)

    test = given(changes=mutations(specs, foreign))(one)
    for changes in boundaries(specs):
        test = example(changes=changes)(test)
    FUZZ(test)()


# --- sending and checking ---------------------------------------------------------------

# Open server errors the fuzzer found (none now), each with a test at the end of this file.
KNOWN_BUGS: dict[type[BaseException], str] = {}


class KnownBug(Exception):
    pass


def _known(exc: BaseException | None) -> str | None:
    for kind, reason in KNOWN_BUGS.items():
        if isinstance(exc, kind):
            return reason
    return None


def body(response) -> bytes:
    if not response.streaming:
        return response.content
    try:
        return b"".join(response.streaming_content)
    except Exception as exc:
        if _known(exc):
            raise KnownBug(_known(exc)) from exc
        raise


def check(response, *, what: str, allowed=OK_STATUSES) -> bytes:
    exc_info = getattr(response, "exc_info", None)
    # 503: the server-error handler answers a DatabaseError as "database unavailable".
    if response.status_code in (500, 503) and exc_info and _known(exc_info[1]):
        raise KnownBug(_known(exc_info[1]))
    detail = "".join(traceback.format_exception(*exc_info)) if exc_info else ""
    assert response.status_code in allowed, f"{what}: status {response.status_code}\n{detail}"
    content = body(response)
    if response.get("Content-Type", "").startswith("text/html"):
        for raw in UNESCAPED:
            assert raw not in content, f"{what}: unescaped {raw!r} in the page"
    return content


def send(client, method: str, url: str, data: dict, *, what: str, allowed=OK_STATUSES):
    """Submit and check; follow an accepted submission's redirect (it must stay on this site);
    a rejected one must have changed no row."""
    before = data_row_counts()
    response = client.get(url, data) if method == "GET" else client.post(url, data)
    try:
        check(response, what=f"{what} {method} {url} {data!r:.300}", allowed=allowed)
    except KnownBug:
        Stats.known_bugs += 1
        return response
    if response.status_code in REDIRECTS:
        location = response["Location"]
        assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}), (
            f"{what}: redirect off the site to {location!r}"
        )
        if location.startswith("/"):
            check(client.get(location), what=f"{what} -> {location}")
    else:
        assert data_row_counts() == before, f"{what}: rejected ({response.status_code}) but saved"
    return response


def check_pages(client, urls: Iterable[str], *, what: str) -> None:
    """The pages showing stored text still render, escaped."""
    for url in urls:
        check(client.get(url), what=f"{what}: {url}", allowed={200})


# --- shared setup -------------------------------------------------------------------------


@pytest.fixture
def foreign(other_child, other_parent, outsider, other_location, other_group):
    """Ids of the other organisation's records, as a form would carry them."""
    conversation = log_conversation(outsider, other_child, parents=[other_parent])
    return {
        "key": str(conversation.idempotency_key),
        "all": [
            other_child.pk,
            other_parent.pk,
            outsider.staff_member.pk,
            other_location.pk,
            other_group.pk,
            conversation.pk,
            f"staff:{outsider.staff_member.pk}",
            f"parent:{other_parent.pk}",
        ],
    }


@pytest.fixture
def stored_pages(child_a, conversation_a):
    def urls() -> list[str]:
        conversations = Conversation.objects.filter(child=child_a).order_by("-pk")[:5]
        return [
            reverse("child_detail", args=[child_a.pk]),
            *[reverse("conversation_detail", args=[c.pk]) for c in conversations],
            reverse("history"),
            reverse("history_export"),
            reverse("my_conversations"),
            reverse("dossier", args=[child_a.pk]),
            reverse("overview"),
            reverse("prepare", args=[child_a.pk]),
        ]

    return urls


FUZZED: set[str] = set()


def fuzzes(*classes) -> Callable:
    FUZZED.update(cls.__name__ for cls in classes)
    return lambda test: test


# --- the targets --------------------------------------------------------------------------


@fuzzes(SearchForm)
def test_search(raw_client_for, pm_a, child_a, parent_a, foreign):
    client = raw_client_for(pm_a)
    specs = {"q": Spec(["Emma", "de Vries"])}

    def submit(changes):
        send(client, "POST", reverse("search"), apply({"q": "Emma"}, changes), what="search")

    run("search", specs, submit)


@fuzzes(HandoverForm)
def test_handover(raw_client_for, pm_a, child_a, parent_a, foreign, stored_pages, manager_a):
    client = raw_client_for(pm_a)
    url = reverse("handover", args=[child_a.pk])
    specs = form_fields(HandoverForm(child=child_a, tips=standard_tips()))
    specs["parents"] = Spec([parent_a.pk], "number")
    specs["idempotency_key"] = Spec([uuid.uuid4(), foreign["key"]], "choice")

    def submit(changes):
        base = {
            "soort": "breng",
            "tone": "fijn",
            "summary": f"Goed geslapen {SCRIPT}",
            "parents": [parent_a.pk],
            "tip_1": "3",
            "idempotency_key": str(uuid.uuid4()),
        }
        send(client, "POST", url, apply(base, changes), what="handover")

    run("handover", specs, submit, foreign["all"])
    check_pages(raw_client_for(manager_a), stored_pages(), what="handover")


@fuzzes(HandoverEditForm)
def test_handover_edit(raw_client_for, pm_a, child_a, parent_a, foreign, stored_pages, manager_a):
    client = raw_client_for(pm_a)
    talk = log_conversation(pm_a, child_a, kind="breng", tone="fijn", occurred_at=timezone.now())
    url = reverse("handover_edit", args=[talk.pk])
    specs = form_fields(
        HandoverEditForm(child=child_a, tips=standard_tips(), conversation=talk),
        skip={"idempotency_key", "version"},
    )
    specs["parents"] = Spec([parent_a.pk], "number")

    def submit(changes):
        talk.refresh_from_db()
        base = {
            "soort": "haal",
            "tone": "lastig",
            "summary": f"Toch wat onrustig {SCRIPT}",
            "parents": [parent_a.pk],
            "tip_2": "1",
            "version": str(talk.version),
        }
        send(client, "POST", url, apply(base, changes), what="handover edit")

    run("handover edit", specs, submit, foreign["all"])
    check_pages(raw_client_for(manager_a), stored_pages(), what="handover edit")


def _conversation_specs(child, author, parent, instance=None) -> dict[str, Spec]:
    specs = form_fields(
        ConversationForm(child=child, author=author, instance=instance),
        skip={"idempotency_key", "version"},
    )
    specs["parents"] = Spec([parent.pk], "number")
    specs["co_staff"] = Spec([], "number")
    specs.update(form_fields(ChecklistForm(tips=standard_tips(), prefix="checklist")))
    formset = FollowUpFormSet(instance=instance, child=child, prefix="afspraken")
    specs.update(form_fields(formset.management_form))
    for row in formset.forms:
        specs.update(form_fields(row))
    specs["afspraken-0-DELETE"] = Spec(["on"], "choice")
    specs["afspraken-0-id"] = Spec([], "number")
    specs["afspraken-1-description"] = Spec(["Nog een afspraak"])
    specs["afspraken-1-owner"] = Spec([f"parent:{parent.pk}"], "choice")
    specs["voorbereiding"] = Spec([], "number")
    return specs


@fuzzes(ConversationForm, ChecklistForm, FollowUpFormSet)
def test_conversation_create(
    raw_client_for, pm_a, child_a, parent_a, foreign, stored_pages, manager_a
):
    client = raw_client_for(pm_a)
    url = reverse("conversation_create", args=[child_a.pk])
    specs = _conversation_specs(child_a, pm_a.staff_member, parent_a)
    specs["idempotency_key"] = Spec([uuid.uuid4(), foreign["key"]], "choice")
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()

    def submit(changes):
        base = sit_down_data(
            parents=[parent_a],
            topics=["slapen"],
            summary=f"Samenvatting {SCRIPT} {IMG}",
            levels={1: 3, 3: "nvt"},
            agreements=[
                {"description": f"Afspraak {SCRIPT}", "owner": f"parent:{parent_a.pk}",
                 "due_date": due},
            ],
        )  # fmt: skip
        send(client, "POST", url, apply(base, changes), what="conversation_create")

    run("conversation_create", specs, submit, foreign["all"])
    check_pages(raw_client_for(manager_a), stored_pages(), what="conversation_create")
    check_pages(client, [reverse("my_conversations")], what="conversation_create")


@fuzzes(ConversationForm, ChecklistForm, FollowUpFormSet)
def test_conversation_edit(
    raw_client_for, pm_a, child_a, parent_a, conversation_a, foreign, stored_pages, manager_a
):
    client = raw_client_for(pm_a)
    url = reverse("conversation_edit", args=[conversation_a.pk])
    specs = _conversation_specs(child_a, pm_a.staff_member, parent_a, conversation_a)
    specs["version"] = Spec([1, 2], "number")

    def submit(changes):
        conversation_a.refresh_from_db()
        agreements = [
            {"id": f.pk, "description": f.description, "owner": "", "due_date": ""}
            for f in conversation_a.follow_ups.all()
        ]
        base = sit_down_data(
            parents=[parent_a],
            occurred_at=conversation_a.occurred_at,
            summary=f"Aangepast {SCRIPT}",
            version=conversation_a.version,
            agreements=agreements,
            initial_agreements=len(agreements),
            idempotency_key=conversation_a.idempotency_key,
        )
        send(client, "POST", url, apply(base, changes), what="conversation_edit")

    run("conversation_edit", specs, submit, foreign["all"])
    check_pages(raw_client_for(manager_a), stored_pages(), what="conversation_edit")


@fuzzes(FeedbackForm)
def test_feedback(raw_client_for, manager_a, conversation_a, foreign, stored_pages, pm_a):
    client = raw_client_for(manager_a)
    url = reverse("feedback_create", args=[conversation_a.pk])
    specs = form_fields(FeedbackForm(tips=standard_tips()))
    first_tip = str(Tip.objects.standard().first().pk)
    unknown_tip = Tip.objects.order_by("-pk").first().pk + 1

    def submit(changes):
        base = {"went_well": f"Rustig {SCRIPT}", "next_time": "Doorvragen", "tip": first_tip}
        send(client, "POST", url, apply(base, changes), what="feedback")

    run("feedback", specs, submit, [*foreign["all"], unknown_tip])
    check_pages(client, stored_pages(), what="feedback")
    check_pages(raw_client_for(pm_a), [reverse("my_conversations")], what="feedback")


@fuzzes(PeriodForm)
def test_period_overview(raw_client_for, admin_user, location_a, location_b, foreign):
    """As an admin with two locations, so the form has its location field too."""
    client = raw_client_for(admin_user)
    specs = form_fields(PeriodForm(locations=[location_a, location_b], today=timezone.localdate()))
    specs["locatie"] = Spec([location_a.pk, location_b.pk], "number")

    def submit(changes):
        today = timezone.localdate()
        base = {"van": (today - datetime.timedelta(days=30)).isoformat(), "tot": today.isoformat()}
        send(client, "GET", reverse("overview"), apply(base, changes), what="overview")

    run("period_overview", specs, submit, foreign["all"])


@fuzzes(PeriodForm)
def test_period_dossier(raw_client_for, manager_a, child_a, conversation_a, consent_a, foreign):
    client = raw_client_for(manager_a)
    url = reverse("dossier", args=[child_a.pk])
    specs = {
        "van": Spec(["2025-01-01"], "date"),
        "tot": Spec([timezone.localdate().isoformat()], "date"),
        "toestemming": Spec([consent_a.pk], "number"),
    }

    def submit(changes):
        send(client, "GET", url, apply({"van": "2025-01-01"}, changes), what="dossier")

    run("period_dossier", specs, submit, foreign["all"])


@fuzzes(DeleteForm)
def test_delete(raw_client_for, manager_a, pm_a, child_a):
    client = raw_client_for(manager_a)
    specs = {"reason": Spec(["Dubbel ingevoerd"])}

    def submit(changes):
        conversation = log_conversation(pm_a, child_a, occurred_at=days_ago(1))
        url = reverse("conversation_delete", args=[conversation.pk])
        send(client, "POST", url, apply({"reason": "Dubbel ingevoerd"}, changes), what="delete")

    run("delete", specs, submit)


@fuzzes(PreparationForm)
def test_preparation(raw_client_for, pm_a, child_a):
    client = raw_client_for(pm_a)
    url = reverse("prepare", args=[child_a.pk])
    specs = {"notes": Spec(["Vragen"])}

    def submit(changes):
        send(client, "POST", url, apply({"notes": f"Notities {SCRIPT}"}, changes), what="prep")

    run("preparation", specs, submit)
    check_pages(client, [url, reverse("conversation_create", args=[child_a.pk])], what="prep")


@fuzzes(ShareForm)
def test_share_with_parents(raw_client_for, pm_a, child_a, parent_a, conversation_a, foreign):
    client = raw_client_for(pm_a)
    url = reverse("conversation_share", args=[conversation_a.pk])
    valid = {
        "parents": [parent_a.pk],
        "summary_for_parents": f"Voor de ouders {SCRIPT}",
        "share_agreements": "on",
    }
    specs = form_fields(ShareForm(conversation=conversation_a))

    def submit(changes):
        send(client, "POST", url, apply(valid, changes), what="share")

    run("share_with_parents", specs, submit, foreign["all"])
    check_pages(
        client, [url, reverse("conversation_detail", args=[conversation_a.pk])], what="share"
    )


@fuzzes(PlanTalkForm)
def test_plan_talk(raw_client_for, pm_a, child_a, parent_a, foreign):
    client = raw_client_for(pm_a)
    url = reverse("talk_plan", args=[child_a.pk])
    valid = {
        "soort": "tienminutengesprek",
        "planned_for": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        "parents": [parent_a.pk],
    }
    specs = form_fields(PlanTalkForm(child=child_a))

    def submit(changes):
        send(client, "POST", url, apply(valid, changes), what="plan talk")

    run("plan_talk", specs, submit, foreign["all"])
    check_pages(client, [url, reverse("prepare", args=[child_a.pk])], what="plan talk")


@fuzzes(OrganizationSettingsForm)
def test_organization_settings(raw_client_for, admin_user, org):
    client = raw_client_for(admin_user)
    specs = form_fields(OrganizationSettingsForm(instance=org))

    def submit(changes):
        base = {"reach_alert_weeks": "4", "sit_down_alert_months": "12", "retention_months": "24"}
        send(client, "POST", reverse("organization_settings"), apply(base, changes), what="org")

    run("organization_settings", specs, submit)


@fuzzes(ConsentForm)
def test_consent(raw_client_for, manager_a, child_a, parent_a, foreign):
    client = raw_client_for(manager_a)
    url = reverse("consent_create", args=[child_a.pk])
    # A parent of the child without parental authority may not give consent.
    no_authority = make_parent(
        child_a.location.organization, first_name="Zonder", last_name="Gezag"
    )
    link_parent(child_a, no_authority, has_parental_authority=False)
    specs = form_fields(ConsentForm(child=child_a))

    def submit(changes):
        base = {
            "recipient": f"Basisschool {SCRIPT}",
            "scope": "Taalontwikkeling",
            "given_by": str(parent_a.pk),
            "given_on": timezone.localdate().isoformat(),
        }
        send(client, "POST", url, apply(base, changes), what="consent")

    run("consent", specs, submit, [*foreign["all"], no_authority.pk])
    check_pages(client, [reverse("child_detail", args=[child_a.pk])], what="consent")


@fuzzes(FamilyEraseForm)
def test_family_erase(raw_client_for, admin_user, group_a, org):
    client = raw_client_for(admin_user)
    specs = form_fields(FamilyEraseForm())

    def submit(changes):
        child = make_child(group_a)
        link_parent(child, make_parent(org))
        url = reverse("family_erase", args=[child.pk])
        base = {"reason": "Verzoek per e-mail van 1 juni", "confirm": "on"}
        send(client, "POST", url, apply(base, changes), what="family_erase")

    run("family_erase", specs, submit)


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@fuzzes(TokenForm)
def test_two_factor_verify(raw_client_for, manager_a):
    device = TOTPDevice.objects.create(user=manager_a, name="test", confirmed=True)
    specs = {"token": Spec(["000000", "12345678"], "number"), "next": Spec(["/"])}

    def submit(changes):
        client = raw_client_for(manager_a, verified=False)
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
        device.refresh_from_db()
        base = {"token": _code(device), "next": reverse("history")}
        send(client, "POST", reverse("two_factor"), apply(base, changes), what="2fa")

    run("two_factor_verify", specs, submit)


@fuzzes(TokenForm)
def test_two_factor_setup(raw_client_for, pm_a):
    specs = {"token": Spec(["000000"], "number"), "next": Spec(["/"])}

    def submit(changes):
        TOTPDevice.objects.filter(user=pm_a).delete()
        client = raw_client_for(pm_a)
        check(client.get(reverse("two_factor")), what="2fa setup page", allowed={200})
        device = TOTPDevice.objects.get(user=pm_a, confirmed=False)
        base = {"token": _code(device), "next": "/"}
        send(client, "POST", reverse("two_factor"), apply(base, changes), what="2fa setup")

    run("two_factor_setup", specs, submit)


@fuzzes(LoginForm)
def test_login(raw_client_for, pm_a):
    specs = {
        "username": Spec(["pm_a", "PM_A", "niemand"]),
        "password": Spec([TEST_PASSWORD, "fout"]),
        "next": Spec(["/", reverse("search")]),
    }

    def submit(changes):
        base = {"username": "pm_a", "password": TEST_PASSWORD, "next": "/"}
        data = apply(base, changes)
        # A throttled login (429) is a correct answer after a few wrong passwords.
        send(
            raw_client_for(),
            "POST",
            reverse("login"),
            data,
            what="login",
            allowed=OK_STATUSES | {429},
        )

    run("login", specs, submit)


@fuzzes(PasswordChangeForm)
def test_password_change(raw_client_for, pm_a):
    new = "een lange wachtzin voor de test"
    specs = {
        "old_password": Spec([TEST_PASSWORD]),
        "new_password1": Spec([new, "kort"]),
        "new_password2": Spec([new]),
    }

    def submit(changes):
        pm_a.set_password(TEST_PASSWORD)
        pm_a.save()
        client = raw_client_for(pm_a)
        base = {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new}
        send(client, "POST", reverse("password_change"), apply(base, changes), what="password")

    run("password_change", specs, submit)


@fuzzes(PasswordForgotForm)
def test_password_forgot(raw_client_for, pm_a):
    pm_a.email = "maartje@example.nl"
    pm_a.save()
    specs = {"email": Spec(["maartje@example.nl", "MAARTJE@example.nl", "niemand@example.nl"])}

    def submit(changes):
        data = apply({"email": "maartje@example.nl"}, changes)
        send(raw_client_for(), "POST", reverse("password_forgot"), data, what="password_forgot")

    run("password_forgot", specs, submit)


@fuzzes(SetPasswordForm)
def test_invitation_accept(raw_client_for, pm_a, admin_user):
    """The set-password form behind an e-mailed link (a fresh link for every example)."""
    new = "een lange wachtzin voor de test"
    specs = {"new_password1": Spec([new, "kort", "wachtwoord12"]), "new_password2": Spec([new])}

    def submit(changes):
        pm_a.set_unusable_password()
        pm_a.save()
        token = make_token(send_invitation(pm_a, by=admin_user))
        url = reverse("invitation_accept", kwargs={"token": token})
        data = apply({"new_password1": new, "new_password2": new}, changes)
        send(raw_client_for(), "POST", url, data, what="invitation_accept")

    run("invitation_accept", specs, submit)


@fuzzes(ConversationFilter)
def test_history_filters(
    raw_client_for, manager_a, child_a, parent_a, conversation_a, foreign, location_a
):
    """The history's filters, on the page and on its CSV export."""
    client = raw_client_for(manager_a)
    request = RequestFactory().get("/")
    request.user = manager_a
    filterset = ConversationFilter({}, queryset=Conversation.objects.none(), request=request)
    specs = form_fields(filterset.form)
    specs["kind"].valid.append(child_a.pk)
    specs["ouder"].valid.append(parent_a.pk)
    specs["sorteer"].valid += ["datum", "-score", "kind", "-kind"]
    specs["pagina"] = Spec(["1", "2", "last"], "number")

    def submit(changes):
        data = apply({"locatie": str(location_a.pk), "van": "2025-01-01"}, changes)
        send(client, "GET", reverse("history"), data, what="history")
        send(client, "GET", reverse("history_export"), data, what="history_export")

    run("history_filters", specs, submit, foreign["all"])


def test_query_parameters(
    raw_client_for, pm_a, child_a, conversation_a, preparation_a, foreign, location_a
):
    """The loose GET parameters of the other pages (no form class of their own)."""
    client = raw_client_for(pm_a)
    pages = {
        reverse("home"): "locatie",
        reverse("my_conversations"): "pagina",
        reverse("handover", args=[child_a.pk]): "soort",
        reverse("conversation_create", args=[child_a.pk]): "voorbereiding",
        reverse("login"): "next",
    }
    spec = Spec([location_a.pk, preparation_a.pk, "breng", "haal", "1"], "number")

    @FUZZ
    @given(page=st.sampled_from(sorted(pages)), value=value_strategy(spec, foreign["all"]))
    def one(page, value):
        Stats.count("query_parameters")
        data = {} if value is OMIT else {pages[page]: value}
        send(client, "GET", page, data, what="query")

    one()


# --- completeness -------------------------------------------------------------------------

FORM_MODULES = (
    "accounts.forms",
    "kinderen.forms",
    "ouders.forms",
    "gesprekken.forms.agreements",
    "gesprekken.forms.conversation",
    "gesprekken.forms.handover",
    "gesprekken.forms.pages",
    "inzicht.forms",
    "inzicht.filters",
    "organisatie.forms",
    "privacy.forms",
    "portaal.forms.staff",
)
# Used only inside FollowUpFormSet, which is fuzzed as a whole.
NOT_POSTED_ALONE = {"FollowUpForm", "BaseFollowUpFormSet"}


def test_every_form_is_fuzzed():
    """A new form (or filter set) cannot be added without a fuzz target here."""
    found = {FollowUpFormSet.__name__}
    for module_name in FORM_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if obj.__module__ != module_name:
                continue
            if issubclass(obj, forms.BaseForm | forms.BaseFormSet | django_filters.FilterSet):
                found.add(name)
    missing = sorted(found - FUZZED - NOT_POSTED_ALONE)
    assert not missing, f"forms without a fuzz target in test_fuzz_forms.py: {missing}"


def test_summary():
    """How much was fuzzed (printed with -s; counts the targets that ran before it)."""
    print(
        f"\nfuzzed {len(FUZZED)} form classes through {len(Stats.targets)} targets, "
        f"{Stats.examples} examples ({Stats.known_bugs} hit a known bug): {Stats.targets}"
    )


# --- server errors found by the fuzzer ------------------------------------------------------
# Each was a server error; they stay as regression tests.

ON_SQLITE = "sqlite" in django_settings.DATABASES["default"]["ENGINE"]


def _no_server_error(response) -> None:
    try:
        body(response)
    except KnownBug:
        pytest.fail("server error while streaming")
    assert response.status_code != 500


@pytest.mark.parametrize("name", ["history", "history_export"])
def test_history_end_date_in_year_9999(name, raw_client_for, manager_a, conversation_a):
    _no_server_error(raw_client_for(manager_a).get(reverse(name), {"tot": "9999-12-31"}))


@pytest.mark.parametrize("name", ["history", "history_export"])
def test_history_start_date_in_year_1(name, raw_client_for, manager_a, conversation_a):
    _no_server_error(raw_client_for(manager_a).get(reverse(name), {"van": "0001-01-01"}))


@pytest.mark.parametrize("name", ["history", "history_export"])
def test_history_child_id_beyond_64_bits(name, raw_client_for, manager_a, conversation_a):
    _no_server_error(raw_client_for(manager_a).get(reverse(name), {"kind": HUGE}))


@pytest.mark.parametrize("name", ["overview", "dossier"])
def test_period_in_year_9999(name, raw_client_for, manager_a, child_a, conversation_a):
    url = reverse(name, args=[child_a.pk]) if name == "dossier" else reverse(name)
    response = raw_client_for(manager_a).get(url, {"van": "9999-12-01", "tot": "9999-12-31"})
    _no_server_error(response)


@pytest.mark.parametrize("name", ["conversation_create", "conversation_edit"])
def test_conversation_time_in_year_1(name, raw_client_for, pm_a, child_a, parent_a, conversation_a):
    if name == "conversation_create":
        url, data = reverse(name, args=[child_a.pk]), sit_down_data(parents=[parent_a])
    else:
        url = reverse(name, args=[conversation_a.pk])
        data = sit_down_data(parents=[parent_a], version=conversation_a.version)
    data["occurred_at"] = "0001-01-01T00:00"
    _no_server_error(raw_client_for(pm_a).post(url, data))


@pytest.mark.parametrize("field_name", ["parents", "co_staff"])
def test_conversation_ids_beyond_64_bits(field_name, raw_client_for, pm_a, child_a, parent_a):
    data = sit_down_data(parents=[parent_a])
    data[field_name] = HUGE
    response = raw_client_for(pm_a).post(reverse("conversation_create", args=[child_a.pk]), data)
    _no_server_error(response)


def test_handover_parent_id_beyond_64_bits(raw_client_for, pm_a, child_a, parent_a):
    data = {"soort": "breng", "tone": "fijn", "parents": HUGE, "idempotency_key": str(uuid.uuid4())}
    response = raw_client_for(pm_a).post(reverse("handover", args=[child_a.pk]), data)
    _no_server_error(response)


def test_login_with_a_very_long_user_name(raw_client_for):
    response = raw_client_for().post(reverse("login"), {"username": "x" * 300, "password": "y"})

    assert response.status_code == 200
