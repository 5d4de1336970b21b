"""The parent's pages in the portal: what they show, what a parent can save, the errors
in the portal's voice, and their query counts."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from gesprekken.models import ParentResponse, PreTalkAnswer
from ouders.models import ParentAccount
from tests.factories import link_parent, make_children, make_group
from tests.gesprekken.helpers import days_ago, log_conversation

from .helpers import agreement_for, plan, share

pytestmark = pytest.mark.django_db

HOME = reverse("portal_home")


def conversation_url(conversation) -> str:
    return reverse("portal_conversation", args=[conversation.pk])


# --- start page -----------------------------------------------------------------------


def test_home_greets_and_says_so_when_nothing_waits(parent_client, parent_a, child_a):
    html = parent_client.get(HOME).content.decode()

    assert "Welkom, Anouk" in html
    assert "Emma" in html and child_a.group.name in html
    assert "de Vries" not in html.split("<main", 1)[1]  # first names only
    assert "Er staan geen vragen voor u klaar." in html
    assert "U heeft geen openstaande afspraken." in html
    assert "Er is nog niets met u gedeeld." in html


def test_home_lists_shared_talks_newest_first_with_answered_state(
    parent_client, pm_a, child_a, parent_a, shared_a
):
    newer = log_conversation(pm_a, child_a, parents=[parent_a], occurred_at=days_ago(1))
    share(newer, [parent_a])
    ParentResponse.objects.create(conversation=shared_a.conversation, parent=parent_a, felt_heard=4)

    html = parent_client.get(HOME).content.decode()

    newer_at = html.index(conversation_url(newer))
    older_at = html.index(conversation_url(shared_a.conversation))
    assert newer_at < older_at
    assert "met Maartje" in html and "Visser" not in html.split("<main", 1)[1]
    assert "Tienminutengesprek" in html
    assert html.count("nog niet beantwoord") == 1
    local = timezone.localtime(newer.occurred_at)
    assert f"{local.day} " in html


def test_home_paginates_shared_talks(parent_client, pm_a, child_a, parent_a):
    for days in range(1, 23):
        share(
            log_conversation(pm_a, child_a, parents=[parent_a], occurred_at=days_ago(days)),
            [parent_a],
        )

    first = parent_client.get(HOME).content.decode()
    second = parent_client.get(HOME, {"pagina": 2}).content.decode()

    assert first.count('class="timeline-link"') == 20
    assert second.count('class="timeline-link"') == 2
    assert "Pagina 2 van 2" in second or "2 van 2" in second


def test_home_asks_the_questions_of_upcoming_talks_only(parent_client, child_a, parent_a):
    upcoming = plan(child_a, [parent_a], days_ahead=5)
    past = plan(child_a, [parent_a], days_ahead=-1)
    answered = plan(child_a, [parent_a], days_ahead=9)
    PreTalkAnswer.objects.create(planned_talk=answered, parent=parent_a, going_well="Eten")

    html = parent_client.get(HOME).content.decode()

    assert reverse("portal_questions", args=[upcoming.pk]) in html
    assert reverse("portal_questions", args=[past.pk]) not in html
    assert "Vragen beantwoorden" in html
    assert "Mijn antwoorden wijzigen" in html


def test_home_agreements_of_this_parent_in_talks_shared_with_agreements(
    parent_client, pm_a, child_a, parent_a, shared_a, agreement_of_parent
):
    hidden_talk = log_conversation(pm_a, child_a, parents=[parent_a], occurred_at=days_ago(5))
    share(hidden_talk, [parent_a], share_agreements=False)
    agreement_for(hidden_talk, parent_a, "Niet gedeelde afspraak")
    agreement_for(shared_a.conversation, None, "Afspraak zonder eigenaar")

    html = parent_client.get(HOME).content.decode()

    assert "Knuffel meenemen op maandag" in html
    assert "Niet gedeelde afspraak" not in html
    assert "Afspraak zonder eigenaar" not in html
    assert reverse("portal_agreement_done", args=[agreement_of_parent.pk]) in html


def test_home_query_count_does_not_grow_with_talks_and_children(
    parent_client, pm_a, child_a, parent_a, group_a, location_b, django_assert_max_num_queries
):
    """guards against N+1"""
    share(log_conversation(pm_a, child_a, parents=[parent_a], occurred_at=days_ago(1)), [parent_a])
    with django_assert_max_num_queries(30) as few:
        parent_client.get(HOME)

    group_b2 = make_group(location_b, "Vlinders")
    for child in make_children(group_a, 4) + make_children(group_b2, 4):
        link_parent(child, parent_a)
    for days in range(2, 62):
        talk = log_conversation(pm_a, child_a, parents=[parent_a], occurred_at=days_ago(days))
        share(talk, [parent_a])
        agreement_for(talk, parent_a, f"Afspraak {days}")
        plan(child_a, [parent_a], days_ahead=days % 20)

    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = parent_client.get(HOME)
    with django_assert_max_num_queries(len(few.captured_queries)):
        parent_client.get(HOME, {"pagina": 3})

    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


# --- a shared talk --------------------------------------------------------------------


def test_conversation_shows_what_was_shared(parent_client, shared_a, agreement_of_parent):
    html = parent_client.get(conversation_url(shared_a.conversation)).content.decode()

    assert "<p>Emma bouwt graag torens.<br>Thuis speelt ze veel met blokken.</p>" in html
    assert "Tienminutengesprek" in html and "met Maartje" in html
    assert "Ze worden niet vertaald." in html
    assert "Knuffel meenemen op maandag" in html and "Voor u" in html
    assert "Foto&#x27;s van het bouwen sturen" in html  # the pm'er's own agreement, no button
    assert html.count('action="/ouder/afspraak/') == 1
    assert "Mijn kijk op het gesprek" in html
    assert "<legend" in html and "Voelde u zich gehoord?" in html
    assert html.count('type="radio" class="btn-check" name="felt_heard"') == 5


def test_conversation_hides_agreements_when_not_shared(parent_client, talk_a, parent_a):
    share(talk_a, [parent_a], share_agreements=False)

    html = parent_client.get(conversation_url(talk_a)).content.decode()

    assert "Foto&#x27;s van het bouwen sturen" not in html
    assert "Afspraken" not in html.split("<main", 1)[1]


def test_viewing_a_shared_talk_is_audited(parent_client, parent_user, shared_a):
    parent_client.get(conversation_url(shared_a.conversation))

    event = AuditEvent.objects.filter(object_type="conversation").latest("pk")
    assert event.user == parent_user
    assert event.object_id == shared_a.conversation_id


def test_parent_saves_a_response_and_saving_again_updates_it(
    parent_client, parent_a, parent_user, shared_a
):
    url = conversation_url(shared_a.conversation)

    first = parent_client.post(url, {"own_view": "Fijn gesprek", "felt_heard": "4"})
    second = parent_client.post(
        url,
        {
            "own_view": "Fijn gesprek, goed geluisterd",
            "felt_heard": "5",
            "felt_heard_comment": "Dank",
        },
    )

    assert first.status_code == second.status_code == 302
    assert first["Location"].endswith("#my-answer")
    response = ParentResponse.objects.get(conversation=shared_a.conversation, parent=parent_a)
    assert (response.own_view, response.felt_heard, response.felt_heard_comment) == (
        "Fijn gesprek, goed geluisterd",
        5,
        "Dank",
    )
    html = parent_client.get(url).content.decode()
    assert "Wat u heeft opgeslagen" in html and "Helemaal" in html
    assert "Fijn gesprek, goed geluisterd" in html
    actions = list(
        AuditEvent.objects.filter(object_type="parent_response")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update"]
    assert AuditEvent.objects.filter(object_type="parent_response", user=parent_user).count() == 2


def test_a_response_needs_a_view_or_felt_heard(parent_client, shared_a):
    response = parent_client.post(
        conversation_url(shared_a.conversation), {"own_view": "  ", "felt_heard_comment": "Hallo"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Schrijf uw kijk op het gesprek, of geef aan of u zich gehoord voelde." in html
    assert "Hallo" in html  # input kept
    assert not ParentResponse.objects.exists()


@pytest.mark.parametrize("level", ["0", "6", "veel", "3.5"])
def test_felt_heard_outside_the_five_steps_is_refused(parent_client, shared_a, level):
    response = parent_client.post(
        conversation_url(shared_a.conversation), {"own_view": "Mijn tekst", "felt_heard": level}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies een van de vijf antwoorden." in html
    assert "Mijn tekst" in html
    assert not ParentResponse.objects.exists()


def test_too_long_a_view_is_refused_in_dutch(parent_client, shared_a):
    response = parent_client.post(
        conversation_url(shared_a.conversation), {"own_view": "x" * 10_001, "felt_heard": "3"}
    )

    assert response.status_code == 200
    assert "gebruik hoogstens 10000 tekens" in response.content.decode()
    assert not ParentResponse.objects.exists()


# --- agreements -----------------------------------------------------------------------


def test_parent_marks_own_agreement_done_and_undoes_it(
    parent_client, parent_user, agreement_of_parent
):
    url = reverse("portal_agreement_done", args=[agreement_of_parent.pk])

    done = parent_client.post(url, {"done": "1", "next": HOME})
    agreement_of_parent.refresh_from_db()
    assert done.status_code == 302 and done["Location"] == HOME
    assert agreement_of_parent.done_at is not None
    assert agreement_of_parent.history.latest().history_user == parent_user

    undone = parent_client.post(url, {"done": "0"})
    agreement_of_parent.refresh_from_db()
    assert undone["Location"] == conversation_url(agreement_of_parent.conversation)
    assert agreement_of_parent.done_at is None


@pytest.mark.parametrize(
    "target", ["https://example.com/", "//example.com/x", "javascript:alert(1)"]
)
def test_agreement_done_ignores_a_foreign_next(parent_client, agreement_of_parent, target):
    response = parent_client.post(
        reverse("portal_agreement_done", args=[agreement_of_parent.pk]),
        {"done": "1", "next": target},
    )

    assert response["Location"] == conversation_url(agreement_of_parent.conversation)


def test_agreement_of_the_pm_or_in_a_talk_without_shared_agreements_is_404(
    parent_client, pm_a, child_a, parent_a, shared_a
):
    staff_one = shared_a.conversation.follow_ups.get()
    hidden_talk = log_conversation(pm_a, child_a, parents=[parent_a], occurred_at=days_ago(6))
    share(hidden_talk, [parent_a], share_agreements=False)
    hidden = agreement_for(hidden_talk, parent_a)

    for agreement in (staff_one, hidden):
        response = parent_client.post(
            reverse("portal_agreement_done", args=[agreement.pk]), {"done": "1"}
        )
        agreement.refresh_from_db()
        assert response.status_code == 404
        assert agreement.done_at is None


# --- questions before a talk ----------------------------------------------------------


def test_questions_page_asks_three_questions_and_names_the_reader(parent_client, child_a, parent_a):
    planned = plan(child_a, [parent_a])

    html = parent_client.get(reverse("portal_questions", args=[planned.pk])).content.decode()

    for question in ("Waarover wilt u graag praten?", "Wat ziet u thuis?", "Wat gaat er goed?"):
        assert question in html
    assert "U bent de deskundige" in html
    assert "Maartje, de mentor van uw kind, leest uw antwoorden" in html


def test_parent_answers_and_changes_the_answers(parent_client, parent_user, child_a, parent_a):
    planned = plan(child_a, [parent_a])
    url = reverse("portal_questions", args=[planned.pk])

    first = parent_client.post(
        url, {"wish_to_discuss": "Slapen", "seen_at_home": "", "going_well": "Eten"}
    )
    second = parent_client.post(
        url, {"wish_to_discuss": "Slapen en eten", "seen_at_home": "Moe", "going_well": ""}
    )

    assert first.status_code == second.status_code == 302
    assert second["Location"] == HOME
    answer = PreTalkAnswer.objects.get(planned_talk=planned, parent=parent_a)
    assert (answer.wish_to_discuss, answer.seen_at_home, answer.going_well) == (
        "Slapen en eten",
        "Moe",
        "",
    )
    html = parent_client.get(url).content.decode()
    assert "Slapen en eten" in html and "U antwoordde op" in html
    assert AuditEvent.objects.filter(object_type="pre_talk_answer", user=parent_user).count() == 2


def test_empty_answers_are_refused(parent_client, child_a, parent_a):
    planned = plan(child_a, [parent_a])

    response = parent_client.post(
        reverse("portal_questions", args=[planned.pk]),
        {"wish_to_discuss": " ", "seen_at_home": "", "going_well": "x" * 2001},
    )

    assert response.status_code == 200
    assert "gebruik hoogstens 2000 tekens" in response.content.decode()
    assert not PreTalkAnswer.objects.exists()


def test_questions_close_on_the_day_after_the_talk_and_once_it_was_held(
    parent_client, pm_a, child_a, parent_a, talk_a
):
    yesterday = plan(child_a, [parent_a], days_ahead=-1)
    held = plan(child_a, [parent_a], days_ahead=3)
    held.held = talk_a
    held.save()
    today = plan(child_a, [parent_a], days_ahead=0)

    for planned, status in ((yesterday, 404), (held, 404), (today, 200)):
        url = reverse("portal_questions", args=[planned.pk])
        assert parent_client.get(url).status_code == status
        assert parent_client.post(url, {"going_well": "Eten"}).status_code in (status, 302)
    assert list(PreTalkAnswer.objects.values_list("planned_talk_id", flat=True)) == [today.pk]


# --- joining in, settings, language ---------------------------------------------------


def test_parent_keeps_what_they_like_to_help_with(parent_client, parent_a):
    url = reverse("portal_participation")
    html = parent_client.get(url).content.decode()
    assert "Dit is nooit een verplichting." in html

    response = parent_client.post(
        url, {"likes_to_help_with": "Voorlezen in het Turks", "availability": "Woensdagmiddag"}
    )

    assert response.status_code == 302
    parent_a.refresh_from_db()
    assert parent_a.likes_to_help_with == "Voorlezen in het Turks"
    assert ParentAccount.objects.get(parent=parent_a).availability == "Woensdagmiddag"
    cleared = parent_client.post(url, {"likes_to_help_with": "", "availability": ""})
    parent_a.refresh_from_db()
    assert cleared.status_code == 302 and parent_a.likes_to_help_with == ""


def test_participation_too_long_keeps_the_input(parent_client, parent_a):
    response = parent_client.post(
        reverse("portal_participation"),
        {"likes_to_help_with": "y" * 2001, "availability": "Vrijdag"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "gebruik hoogstens 2000 tekens" in html and "Vrijdag" in html
    parent_a.refresh_from_db()
    assert parent_a.likes_to_help_with == ""


def test_settings_offer_each_language_in_its_own_name(parent_client):
    html = parent_client.get(reverse("portal_settings")).content.decode()

    assert 'lang="ar" dir="rtl">العربيّة</span>' in html
    assert 'lang="tr" dir="ltr">Türkçe</span>' in html
    assert 'lang="uk" dir="ltr">Українська</span>' in html
    assert reverse("password_change") in html and reverse("two_factor_settings") in html


def test_settings_save_notifications_and_language(parent_client, parent_a):
    response = parent_client.post(reverse("portal_settings"), {"language": "ar"})

    account = ParentAccount.objects.get(parent=parent_a)
    assert response.status_code == 302
    assert (account.notify_by_email, account.language) == (False, "ar")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    page = parent_client.get(reverse("portal_settings")).content.decode()
    assert 'dir="rtl"' in page.split(">", 2)[1]


def test_settings_refuse_an_unknown_language(parent_client, parent_a):
    response = parent_client.post(
        reverse("portal_settings"), {"language": "de", "notify_by_email": "on"}
    )

    assert response.status_code == 200
    assert "Kies een van de talen." in response.content.decode()
    assert ParentAccount.objects.get(parent=parent_a).language == "nl"


def test_language_switch_saves_the_language_on_the_account(parent_client, parent_a):
    response = parent_client.post(
        reverse("portal_language"), {"language": "tr", "next": reverse("portal_participation")}
    )

    account = ParentAccount.objects.get(parent=parent_a)
    assert response["Location"] == reverse("portal_participation")
    assert account.language == "tr" and account.notify_by_email is True
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "tr"
    html = parent_client.get(HOME).content.decode()
    assert '<html lang="tr"' in html


@pytest.mark.parametrize(("language", "target"), [("xx", HOME), ("en", "https://evil.example/")])
def test_language_switch_refuses_bad_input(parent_client, parent_a, language, target):
    response = parent_client.post(
        reverse("portal_language"), {"language": language, "next": target}
    )

    assert response.status_code == 302
    assert response["Location"] == HOME
    expected = "nl" if language == "xx" else language
    assert ParentAccount.objects.get(parent=parent_a).language == expected


def test_the_footer_switch_posts_to_the_account_for_parents_only(parent_client, client):
    parent_html = parent_client.get(HOME).content.decode()
    assert f'action="{reverse("portal_language")}"' in parent_html

    from django.template.loader import render_to_string

    anonymous = render_to_string(
        "includes/language_switch.html",
        {"language_choices": ["nl", "ar"], "is_portal_parent": False},
    )
    assert f'action="{reverse("set_language")}"' in anonymous


def test_nav_has_the_portal_pages(parent_client):
    html = parent_client.get(reverse("portal_participation")).content.decode()

    assert 'href="/ouder/meedoen/">Meedoen' in html.replace(' active" aria-current="page', "")
    assert reverse("portal_settings") in html and "Instellingen" in html


# --- query counts of the other pages --------------------------------------------------


def test_conversation_query_count_does_not_grow_with_agreements(
    parent_client, parent_a, shared_a, django_assert_max_num_queries
):
    """guards against N+1"""
    url = conversation_url(shared_a.conversation)
    with django_assert_max_num_queries(40) as few:
        parent_client.get(url)
    for n in range(40):
        agreement_for(shared_a.conversation, parent_a if n % 2 else None, f"Afspraak {n}")
    ParentResponse.objects.create(conversation=shared_a.conversation, parent=parent_a, felt_heard=3)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = parent_client.get(url)

    assert response.content.decode().count('action="/ouder/afspraak/') == 20


def test_questions_page_query_count(
    parent_client, child_a, parent_a, django_assert_max_num_queries
):
    """guards against N+1"""
    planned = plan(child_a, [parent_a])
    for _ in range(20):
        plan(child_a, [parent_a])
    with django_assert_max_num_queries(25):
        assert parent_client.get(reverse("portal_questions", args=[planned.pk])).status_code == 200


def test_a_parents_actions_are_in_the_managers_audit_trail(
    parent_client, parent_user, manager_a, admin_user, org, shared_a
):
    parent_client.get(conversation_url(shared_a.conversation))
    parent_client.post(conversation_url(shared_a.conversation), {"felt_heard": "3"})
    parent_client.post(reverse("portal_settings"), {"language": "nl"})

    rows = AuditEvent.objects.filter(user=parent_user).exclude(action="login")
    assert rows.count() == 3
    assert set(rows.values_list("organization_id", flat=True)) == {org.pk}
    about_the_talk = AuditEvent.objects.visible_to(manager_a).filter(user=parent_user)
    assert set(about_the_talk.values_list("object_type", flat=True)) == {
        "conversation",
        "parent_response",
    }
    assert AuditEvent.objects.visible_to(admin_user).filter(pk__in=rows).count() == 3
