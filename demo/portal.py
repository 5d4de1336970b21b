"""The parent portal in the demo: two parents with a login, talks shared with them, their
answers and one question still waiting; and enough answers at Zonnebloem for the
manager's "felt heard" figures (shown from 5 answers of 3 parents per team and month).

- ``ouder.sophie`` (Sophie Bakker, mother of Mees in the Rupsjes, mentor maartje): a
  ten-minute talk shared with her that she answered, an agreement of hers, a shared intake
  she has not answered yet, and questions before next week's ten-minute talk, waiting.
- ``ouder.rania`` (Rania Haddad, who reads Arabic; mother of Yara in the Vlinders, mentor
  maartje): a talk held with an interpreter, shared; her view, written in Arabic, and
  "felt heard". Her portal is in Arabic.

Everything goes through the services the pages use. The parents get their login after
the sharing, so seeding sends no e-mail.
"""

from __future__ import annotations

import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from administratie.services.children import enrol_child
from administratie.services.parents import create_parent, link_parent
from gesprekken.models import Conversation
from gesprekken.services import conversation_log
from gesprekken.vocabulary import (
    HANDOVER_KINDS,
    ConversationKind,
    Interpreter,
    OwnStance,
    ParentStance,
    Tone,
    Topic,
)
from organisatie.models import Group, Organization, StaffMember
from ouders.models import ParentAccount, Relationship
from portaal.services.planning import plan_talk
from portaal.services.responses import save_response
from portaal.services.sharing import share_conversation

from .conversations import _aware, _weekday_before

# Felt heard of the other demo answers at Zonnebloem: mostly heard, not always.
_FELT_HEARD = (5, 4, 4, 3, 5, 4, 2, 4, 5, 3)
_OWN_VIEWS = (
    "Fijn dat we even de tijd namen. Thuis zien we hetzelfde.",
    "Ik had graag meer over het eten gehoord, verder duidelijk.",
    "",
    "Goed dat jullie vroegen hoe het thuis gaat.",
)


def seed_portal(*, organization: Organization, today: datetime.date, password: str) -> int:
    """The demo's portal for ``organization`` (De Regenboog); returns the number of logins."""
    maartje = StaffMember.objects.select_related("user").get(user__username="maartje")
    rupsjes = Group.objects.get(location__organization=organization, name="Rupsjes")
    vlinders = Group.objects.get(location__organization=organization, name="Vlinders")
    logins = [
        _sophie(organization, maartje, rupsjes, today),
        _rania(organization, maartje, vlinders, today),
    ]
    logins += _team_answers(maartje.locations.get(name="Zonnebloem"), today)
    users = get_user_model()
    hashed = make_password(password)
    for parent, username, language in logins:
        user = users.objects.create(
            username=username,
            email=parent.email,
            first_name=parent.first_name,
            last_name=parent.last_name,
            password=hashed if username.startswith("ouder.") else "!",
        )
        ParentAccount.objects.create(
            parent=parent,
            user=user,
            language=language,
            availability=_AVAILABILITY.get(username, ""),
        )
    return len(logins)


# For the command's report (and the README's demo table).
PORTAL_DEMO_USERS = {
    "ouder.sophie": "parent (portal): Sophie Bakker, mother of Mees (Zonnebloem, Rupsjes)",
    "ouder.rania": "parent (portal, Arabic): Rania Haddad, mother of Yara (Zonnebloem, Vlinders)",
}

_AVAILABILITY = {
    "ouder.sophie": "Woensdagmiddag, en soms op vrijdag.",
    "ouder.rania": "Dinsdagochtend.",
}


def _family(
    organization,
    group,
    mentor,
    today,
    *,
    child,
    mother,
    father,
    language="nl",
    likes="",
    age_days=700,
):
    first, last = child
    kid = enrol_child(
        group=group,
        first_name=first,
        last_name=last,
        date_of_birth=today - datetime.timedelta(days=age_days),
        start_date=today - datetime.timedelta(days=300),
        mentor=mentor,
        by=None,
    )
    parents = []
    for index, (names, relationship, email, phone) in enumerate((mother, father)):
        parent = create_parent(
            organization=organization,
            first_name=names[0],
            last_name=names[1],
            email=email,
            phone=phone,
            preferred_language=language,
            likes_to_help_with=likes if index == 0 else "",
            by=None,
        )
        link_parent(
            child=kid,
            parent=parent,
            relationship=relationship,
            has_parental_authority=True,
            is_primary_contact=index == 0,
            by=None,
        )
        parents.append(parent)
    return kid, parents


def _log(author, child, parents, fields, *, key, levels=None, follow_ups=()):
    conversation, _created = conversation_log(
        author=author,
        child=child,
        idempotency_key=uuid.UUID(int=random.Random(key).getrandbits(128)),
        fields=fields,
        parents=parents,
        levels=levels or {},
        follow_ups=follow_ups,
    )
    return conversation


def _sophie(organization, maartje, rupsjes, today):
    mees, (sophie, thomas) = _family(
        organization,
        rupsjes,
        maartje,
        today,
        child=("Mees", "Bakker"),
        mother=(
            ("Sophie", "Bakker"),
            Relationship.MOTHER,
            "sophie.bakker@example.nl",
            "06 0000 9901",
        ),
        father=(
            ("Thomas", "Bakker"),
            Relationship.FATHER,
            "thomas.bakker@example.nl",
            "06 0000 9902",
        ),
        likes="Voorlezen in de groep; meegaan met een uitje naar de kinderboerderij.",
        age_days=560,
    )
    talk_day = _weekday_before(random.Random(21), today, 18, 22)
    talk = _log(
        maartje,
        mees,
        [sophie],
        {
            "kind": ConversationKind.TEN_MINUTE,
            "occurred_at": _aware(talk_day, 17, 10),
            "duration_minutes": 15,
            "topics": [Topic.SLEEP],
            "summary": "Mees slaapt onrustig tussen de middag; moeder herkent het van thuis.",
            "parent_view": "Thuis slaapt hij beter met zijn knuffel en een vast liedje.",
            "parent_stance": ParentStance.EQUAL,
            "own_stance": OwnStance.BESIDE,
            "staff_seconds": 420,
            "parent_seconds": 400,
            "reflection_went_well": "Ik vroeg eerst hoe het thuis gaat.",
        },
        key="demo-sophie-talk",
        levels={1: 3, 3: 3, 5: 2, 6: 2, 9: 3, 10: 3},
        follow_ups=[
            {
                "description": "Knuffel en slaapliedje meegeven",
                "owner_parent": sophie,
                "due_date": talk_day + datetime.timedelta(days=7),
            },
            {
                "description": "Na twee weken samen kijken hoe het slapen gaat",
                "owner_staff": maartje,
                "due_date": talk_day + datetime.timedelta(days=14),
            },
        ],
    )
    share_conversation(
        conversation=talk,
        by=maartje.user,
        parents=[sophie],
        summary_for_parents=(
            "We spraken over het slapen tussen de middag. Mees slaapt op het "
            "kinderdagverblijf onrustig; u vertelde dat hij thuis goed slaapt met zijn "
            "knuffel en een vast liedje. Dat proberen we ook in de groep."
        ),
        share_agreements=True,
    )
    save_response(
        parent=sophie,
        conversation=talk,
        own_view=(
            "Fijn dat jullie vroegen hoe we het thuis doen. Het liedje is 'Slaap kindje slaap'."
        ),
        felt_heard=5,
        felt_heard_comment="",
    )
    intake_day = _weekday_before(random.Random(22), today, 5, 9)
    intake = _log(
        maartje,
        mees,
        [sophie, thomas],
        {
            "kind": ConversationKind.EVALUATION,
            "occurred_at": _aware(intake_day, 16, 45),
            "duration_minutes": 20,
            "topics": [Topic.PLAY],
            "summary": "Evaluatie na de wenperiode in de nieuwe groep: speelt graag buiten.",
            "parent_stance": ParentStance.TIMID,
            "own_stance": OwnStance.BESIDE,
        },
        key="demo-sophie-evaluation",
        levels={1: 3, 5: 3, 7: 2, 9: 3, 10: 3},
    )
    share_conversation(
        conversation=intake,
        by=maartje.user,
        parents=[sophie, thomas],
        summary_for_parents=(
            "Mees is goed gewend in de groep. Hij speelt het liefst buiten, in de zandbak "
            "en op de fietsjes. Wij vinden het fijn om te horen wat u thuis ziet."
        ),
        share_agreements=True,
    )
    plan_talk(
        child=mees,
        kind=ConversationKind.TEN_MINUTE,
        planned_for=today + datetime.timedelta(days=8),
        parents=[sophie, thomas],
        by=maartje.user,
    )
    door_day = _weekday_before(random.Random(24), today, 1, 3)
    _log(
        maartje,
        mees,
        [sophie],
        {
            "kind": ConversationKind.PICK_UP,
            "occurred_at": _aware(door_day, 17, 5),
            "tone": Tone.GOOD,
        },
        key="demo-sophie-door",
    )
    return sophie, "ouder.sophie", "nl"


def _rania(organization, maartje, vlinders, today):
    yara, (rania, _karim) = _family(
        organization,
        vlinders,
        maartje,
        today,
        child=("Yara", "Haddad"),
        mother=(
            ("Rania", "Haddad"),
            Relationship.MOTHER,
            "rania.haddad@example.nl",
            "06 0000 9903",
        ),
        father=(
            ("Karim", "Haddad"),
            Relationship.FATHER,
            "karim.haddad@example.nl",
            "06 0000 9904",
        ),
        language="ar",
        likes="Koken met de kinderen",
        age_days=1100,
    )
    day = _weekday_before(random.Random(23), today, 10, 14)
    talk = _log(
        maartje,
        yara,
        [rania],
        {
            "kind": ConversationKind.TEN_MINUTE,
            "occurred_at": _aware(day, 17, 20),
            "duration_minutes": 25,
            "topics": [Topic.LANGUAGE],
            "summary": "Met tolk: Yara praat veel Arabisch thuis en begint Nederlands te spreken.",
            "language": "ar",
            "interpreter": Interpreter.PROFESSIONAL,
            "parent_stance": ParentStance.TIMID,
            "own_stance": OwnStance.BESIDE,
            "staff_seconds": 500,
            "parent_seconds": 380,
        },
        key="demo-rania-talk",
        levels={1: 3, 3: 2, 5: 3, 7: 3, 9: 3, 10: 3},
        follow_ups=[
            {
                "description": "Een Arabisch prentenboek meenemen voor de voorleeskring",
                "owner_parent": rania,
                "due_date": day + datetime.timedelta(days=10),
            }
        ],
    )
    share_conversation(
        conversation=talk,
        by=maartje.user,
        parents=[rania],
        summary_for_parents=(
            "We spraken met een tolk over taal. Yara spreekt thuis Arabisch en begint op "
            "de groep Nederlandse woorden te zeggen. Twee talen is goed voor haar. U neemt "
            "een Arabisch prentenboek mee voor de voorleeskring."
        ),
        share_agreements=True,
    )
    save_response(
        parent=rania,
        conversation=talk,
        own_view="شكراً على الوقت. يارا تحب الغناء كثيراً في البيت.",
        felt_heard=4,
        felt_heard_comment="المترجمة ساعدتنا كثيراً.",
    )
    return rania, "ouder.rania", "ar"


def _team_answers(zonnebloem, today):
    """Answers of other parents to recent sit-down talks at Zonnebloem, so the manager's
    "felt heard" figures show (the accounts get no password: these parents never log in
    in the demo)."""
    since = today - datetime.timedelta(days=45)
    talks = (
        Conversation.objects.filter(location=zonnebloem, day__gte=since)
        .exclude(kind__in=HANDOVER_KINDS)
        .exclude(share__isnull=False)
        .select_related("author", "child")
        .prefetch_related("parents", "child__parent_links")
        .order_by("pk")
    )
    logins = []
    answered: set[int] = set()
    for index, talk in enumerate(talks):
        with_authority = {
            link.parent_id for link in talk.child.parent_links.all() if link.has_parental_authority
        }
        parents = [
            p
            for p in talk.parents.all()
            if p.email and p.pk in with_authority and p.pk not in answered
        ]
        if not parents or index >= len(_FELT_HEARD) * 2:
            continue
        parent = parents[0]
        share_conversation(
            conversation=talk,
            by=talk.author.user,
            parents=[parent],
            summary_for_parents="We spraken over hoe het gaat in de groep en thuis.",
            share_agreements=True,
        )
        if index % 2 == 0:
            number = len(answered)
            save_response(
                parent=parent,
                conversation=talk,
                own_view=_OWN_VIEWS[number % len(_OWN_VIEWS)],
                felt_heard=_FELT_HEARD[number % len(_FELT_HEARD)],
                felt_heard_comment="",
            )
        answered.add(parent.pk)
        logins.append((parent, f"portaal-{parent.pk}", "nl"))
    return logins
