"""The talk at the door: child page, Breng/Haal, a tone button that saves; exactly once."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from gesprekken.models import Conversation, TipScore

from .helpers import nl

pytestmark = pytest.mark.django_db

TONE_BUTTON = '<button type="submit" name="tone" value="{}"'


def _url(child) -> str:
    return reverse("handover", args=[child.pk])


def _post_data(**overrides) -> dict:
    data = {
        "soort": "breng",
        "summary": "Emma had een onrustige nacht.",
        "tone": "fijn",
        "idempotency_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


# --- the three taps -------------------------------------------------------------------


def test_child_page_links_to_drop_off_and_pick_up(client_for, pm_a, child_a):
    response = client_for(pm_a).get(reverse("child_detail", args=[child_a.pk]))

    assertContains(response, f'href="{_url(child_a)}?soort=breng"')
    assertContains(response, f'href="{_url(child_a)}?soort=haal"')
    assertContains(response, nl("Drop-off"))
    assertContains(response, nl("Pick-up"))


@pytest.mark.parametrize("kind", ["breng", "haal"])
def test_get_shows_kind_and_three_tone_buttons(client_for, pm_a, child_a, parent_a, kind):
    response = client_for(pm_a).get(_url(child_a), {"soort": kind})

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="soort" id="id_soort_0" value="breng"' in content
    assert 'name="soort" id="id_soort_1" value="haal"' in content
    assert f'value="{kind}" checked' in content
    assertContains(response, nl("Drop-off talk"))
    assertContains(response, nl("Pick-up talk"))
    for tone in ("fijn", "neutraal", "lastig"):
        assertContains(response, TONE_BUTTON.format(tone), count=1)
    assertContains(response, 'name="idempotency_key"')
    assertContains(response, "Anouk de Vries")  # who did you talk to
    assert Conversation.objects.count() == 0


def test_tone_button_saves_the_talk(client_for, pm_a, child_a, parent_a, tips):
    client = client_for(pm_a)
    key = uuid.uuid4()

    response = client.post(
        _url(child_a),
        _post_data(
            soort="haal",
            tone="lastig",
            parents=[str(parent_a.pk)],
            tip_1="3",
            tip_2="0",  # "niet" can be said at the door too
            idempotency_key=str(key),
        ),
    )

    assertRedirects(
        response,
        f"{reverse('home')}?locatie={child_a.location_id}",
        fetch_redirect_response=False,
    )
    conversation = Conversation.objects.get()
    assert conversation.kind == "haal"
    assert conversation.tone == "lastig"
    assert conversation.summary == "Emma had een onrustige nacht."
    assert conversation.child == child_a
    assert conversation.location_id == child_a.location_id
    assert conversation.author == pm_a.staff_member
    assert conversation.idempotency_key == key
    assert list(conversation.parents.all()) == [parent_a]
    # The levels as given; the others stay unscored, not zero.
    assert dict(TipScore.objects.values_list("tip__number", "level")) == {1: 3, 2: 0}
    assert conversation.score_percentage == 50
    assert (conversation.score_scored, conversation.score_applicable) == (2, 6)
    assert conversation.history.count() == 1

    home = client.get(response.url)
    with translation.override("nl"):
        kind = gettext("Pick-up talk")
    assertContains(
        home, nl("%(kind)s with the parents of %(child)s saved.", kind=kind, child="Emma")
    )


def test_handover_without_tips_is_unscored(client_for, pm_a, child_a):
    response = client_for(pm_a).post(_url(child_a), _post_data(tone="neutraal"))

    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert conversation.score_percentage is None
    assert (conversation.score_scored, conversation.score_applicable) == (0, 6)
    assert not conversation.tip_scores.exists()


def test_double_submit_saves_once(client_for, pm_a, child_a, parent_a):
    client = client_for(pm_a)
    data = _post_data(parents=[str(parent_a.pk)], tip_1="3")

    first = client.post(_url(child_a), data)
    second = client.post(_url(child_a), data)

    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert Conversation.objects.count() == 1
    assert TipScore.objects.count() == 1


def test_back_button_resubmit_with_a_fresh_form_saves_once(client_for, pm_a, child_a):
    """Back reloads the form (pages are no-store), so the repeat comes with a new key."""
    client = client_for(pm_a)
    first = client.post(_url(child_a), _post_data())
    repeat = client.post(_url(child_a), _post_data(), follow=True)

    assert first.status_code == 302
    assert Conversation.objects.count() == 1
    assertContains(
        repeat,
        nl(
            "This %(kind)s with the parents of %(child)s was already saved.",
            kind=nl("Drop-off talk").lower(),
            child=child_a.first_name,
        ),
    )


def test_a_second_tap_moments_later_corrects_the_first(client_for, pm_a, child_a):
    """Back, then another tone: within five minutes the same author, child and moment is a
    correction of the first talk (its earlier state in the history), not a second talk."""
    client = client_for(pm_a)
    client.post(_url(child_a), _post_data(tone="fijn"))
    corrected = client.post(_url(child_a), _post_data(tone="lastig"), follow=True)
    client.post(_url(child_a), _post_data(soort="haal", tone="fijn"))

    assert Conversation.objects.count() == 2
    drop_off = Conversation.objects.get(kind="breng")
    assert drop_off.tone == "lastig"
    assert drop_off.history.count() == 2
    assertContains(
        corrected,
        nl(
            "%(kind)s with the parents of %(child)s corrected: still one talk.",
            kind=nl("Drop-off talk"),
            child=child_a.first_name,
        ),
    )


def test_same_key_from_another_user_is_refused(client_for, pm_a, pm_a2, child_a):
    data = _post_data()
    assert client_for(pm_a).post(_url(child_a), data).status_code == 302

    response = client_for(pm_a2).post(_url(child_a), data)

    assert response.status_code == 400
    assert Conversation.objects.get().author == pm_a.staff_member


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_double_submit_saves_once(pm_a, child_a):
    """Four taps arriving at once: the unique key lets exactly one through."""
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions (PostgreSQL)")
    data = _post_data(tip_1="3")
    clients = []
    for _ in range(4):
        client = Client()
        client.force_login(pm_a)
        clients.append(client)
    start = threading.Barrier(len(clients))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def tap(client: Client) -> None:
        try:
            start.wait(timeout=10)
            statuses.append(client.post(_url(child_a), data).status_code)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    assert statuses == [302] * 4
    assert Conversation.objects.filter(idempotency_key=data["idempotency_key"]).count() == 1
    assert TipScore.objects.count() == 1


# --- bad input: 200, the error at the field, nothing saved -----------------------------------


def test_without_tone_nothing_is_saved(client_for, pm_a, child_a):
    response = client_for(pm_a).post(_url(child_a), _post_data(tone=None))

    assert response.status_code == 200
    assertContains(response, nl("This field is required."))
    assertContains(response, "Emma had een onrustige nacht.")  # the note is kept
    assert Conversation.objects.count() == 0


def test_sit_down_kind_is_refused_at_the_door(client_for, pm_a, child_a):
    response = client_for(pm_a).post(_url(child_a), _post_data(soort="intake"))

    assert response.status_code == 200
    assertContains(
        response,
        nl("Select a valid choice. %(value)s is not one of the available choices.", value="intake"),
    )
    assert Conversation.objects.count() == 0


def test_unknown_parent_is_refused(client_for, pm_a, child_a, parent_a):
    response = client_for(pm_a).post(_url(child_a), _post_data(parents=["999999"]))

    assert response.status_code == 200
    assertContains(
        response,
        nl("Select a valid choice. %(value)s is not one of the available choices.", value="999999"),
    )
    assert Conversation.objects.count() == 0


def test_parent_of_another_child_is_refused(client_for, pm_a, child_a, parent_a, parent_b):
    response = client_for(pm_a).post(_url(child_a), _post_data(parents=[str(parent_b.pk)]))

    assert response.status_code == 200
    assertContains(
        response,
        nl(
            "Select a valid choice. %(value)s is not one of the available choices.",
            value=str(parent_b.pk),
        ),
    )
    assertNotContains(response, "Mohammed Jansen")
    assert Conversation.objects.count() == 0


def test_tip_that_does_not_apply_at_the_door_is_refused(client_for, pm_a, child_a):
    response = client_for(pm_a).post(_url(child_a), _post_data(tip_3="2"))

    assert response.status_code == 200
    assertContains(response, nl("Tip %(number)s does not apply to a talk at the door.", number=3))
    assert Conversation.objects.count() == 0


# --- access ---------------------------------------------------------------------------


def test_requires_login(client, child_a):
    url = _url(child_a)
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")
    response = client.post(url, _post_data())
    assert response.status_code == 302
    assert Conversation.objects.count() == 0


@pytest.mark.parametrize("user", ["pm_b", "outsider", "no_staff_user"])
def test_child_outside_scope_is_404(client_for, request, child_a, user):
    client = client_for(request.getfixturevalue(user))

    assert client.get(_url(child_a)).status_code == 404
    assert client.post(_url(child_a), _post_data()).status_code == 404
    assert Conversation.objects.count() == 0


def test_missing_child_is_404(client_for, pm_a, child_a):
    missing = reverse("handover", args=[child_a.pk + 10_000])
    assert client_for(pm_a).get(missing).status_code == 404


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_rejects_other_methods(client_for, pm_a, child_a, method):
    response = getattr(client_for(pm_a), method)(_url(child_a))
    assert response.status_code == 405
    assert Conversation.objects.count() == 0


def test_manager_and_admin_can_log_at_the_door(client_for, manager_a, admin_user, child_a):
    for user in (manager_a, admin_user):
        assert client_for(user).post(_url(child_a), _post_data()).status_code == 302
    assert set(Conversation.objects.values_list("author__user__username", flat=True)) == {
        "manager_a",
        "admin_user",
    }


def test_saving_a_handover_takes_at_most_ten_queries(client_for, pm_a, child_a, parent_a):
    """The benchmark's target for the talk at the door: session, user and scope, child,
    parents, the check for an earlier submission, the insert with its history and links,
    the audit row and the message."""
    client = client_for(pm_a)
    url = reverse("handover", args=[child_a.pk])
    client.get(url)  # a worker that served a page before: the ten tips are in memory
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            url,
            {
                "soort": "breng",
                "tone": "fijn",
                "summary": "Vrolijk binnengekomen",
                "parents": [parent_a.pk],
                "idempotency_key": str(uuid.uuid4()),
            },
        )
    assert response.status_code == 302
    # The test runs inside a transaction, so each atomic block adds a SAVEPOINT and its
    # RELEASE; outside tests they are one BEGIN/COMMIT the driver sends by itself.
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) <= 10, statements
    assert child_a.conversations.get().parents.get() == parent_a
