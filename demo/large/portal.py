"""The parent portal's rows (#15): shared talks, parents' answers, and the bench parent.

Two parts, both after the conversations are written:

- Over the whole organisation a few percent of the sit-down talks (every
  ``SHARE_EVERY``-th by id, chosen in SQL) are shared with the parents who took part,
  and many of those parents answered (felt heard 1-5, sometimes their own view): the
  manager's "parents' voice" page (``parent_voice``) has real figures.
- ``bench_parent``: the portal login of the first parent (with parental authority) of
  the busiest family at the benchmark manager's location. Their child's latest
  ``BENCH_SHARES`` talks with this parent are shared with them, they answered some, an
  open agreement of the latest sit-down talk is theirs, and a planned talk waits for
  their answers to its questions.

Rows are written like the rest of the seeder (explicit ids, ``TableWriter``), with their
own random generator, so the conversations stay what they were for the same seed.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Mod

from gesprekken.models import (
    Conversation,
    ConversationShare,
    FollowUp,
    ParentResponse,
    PlannedTalk,
)
from gesprekken.vocabulary import SIT_DOWN_KINDS, ConversationKind
from kinderen.models import Child
from ouders.models import ChildParent, ParentAccount

from ..texts import PARENT_VIEWS
from .writer import TableWriter, next_id, reset_sequences

BENCH_PARENT = "bench_parent"
SHARE_EVERY = 25  # one sit-down talk in 25 is shared (4 %)
BENCH_SHARES = 100
ANSWER_RATE = 0.6  # a parent a talk was shared with answered it
BENCH_ANSWER_RATE = 0.3
FELT_HEARD = ((1, 3), (2, 7), (3, 20), (4, 40), (5, 30))
SUMMARIES = (
    "We hebben besproken hoe het gaat met eten en slapen op de groep.",
    "Fijn gesprek over hoe uw kind speelt met andere kinderen.",
    "We hebben samen gekeken naar de overgang naar de volgende groep.",
    "We hebben afgesproken hoe we thuis en op de groep hetzelfde doen bij het afscheid.",
)
PORTAL_MODELS = (ConversationShare, ConversationShare.parents.through, ParentResponse)


class PortalBuilder:
    """The third part of the seeder, after the conversations (see the module's text)."""

    def portal(self, *, password_hash: str) -> None:
        rng = random.Random(self.rng.random())  # noqa: S311 - repeatable test data
        sampled = Conversation.objects.filter(kind__in=SIT_DOWN_KINDS).alias(
            one_in=Mod("id", SHARE_EVERY)
        )
        talks = {
            pk: (author, created)
            for pk, author, created in sampled.filter(one_in=0)
            .values_list("pk", "author_id", "created_at")
            .iterator(chunk_size=5000)
        }
        parent, child = self.bench_family()
        bench_talks = list(
            Conversation.objects.filter(child_id=child, parents=parent)
            .order_by("-occurred_at", "-pk")
            .values_list("pk", "author_id", "created_at", "kind")[:BENCH_SHARES]
        )
        for pk, author, created, _kind in bench_talks:
            talks[pk] = (author, created)
        present: dict[int, list[int]] = {}
        for conversation_id, parent_id in (
            Conversation.parents.through.objects.filter(conversation_id__in=list(talks))
            .order_by("conversation_id", "parent_id")
            .values_list("conversation_id", "parent_id")
            .iterator(chunk_size=5000)
        ):
            present.setdefault(conversation_id, []).append(parent_id)
        bench_ids = {pk for pk, *_rest in bench_talks}
        self.write_shares(rng, talks, present, bench_ids, parent)
        self.bench_parent(rng, parent, child, bench_talks, password_hash=password_hash)

    def bench_family(self) -> tuple[int, int]:
        """(parent id, child id): the primary parent with authority and the child in care
        at the manager's location they were at most talks of."""
        location_id = self.location_ids[0]
        pairs = set(
            ChildParent.objects.filter(
                child__in=Child.objects.in_care().filter(location_id=location_id),
                has_parental_authority=True,
                is_primary_contact=True,
            ).values_list("parent_id", "child_id")
        )
        counts = (
            Conversation.parents.through.objects.filter(
                conversation__location_id=location_id,
                parent_id__in={parent for parent, _child in pairs},
            )
            .values_list("parent_id", "conversation__child_id")
            .annotate(n=Count("id"))
            .order_by("-n", "parent_id", "conversation__child_id")
        )
        for parent, child, _n in counts:
            if (parent, child) in pairs:
                return parent, child
        raise RuntimeError("seed_large: no family with talks at the benchmark location")

    def write_shares(
        self,
        rng: random.Random,
        talks: dict[int, tuple[int, datetime.datetime]],
        present: dict[int, list[int]],
        bench_ids: set[int],
        bench_parent: int,
    ) -> None:
        shares, share_parents, responses = [], [], []
        share_id = next_id(ConversationShare)
        link_id = next_id(ConversationShare.parents.through)
        response_id = next_id(ParentResponse)
        felt_heard = [value for value, weight in FELT_HEARD for _ in range(weight)]
        for conversation_id in sorted(talks):
            parents = present.get(conversation_id)
            if not parents:
                continue
            author, created = talks[conversation_id]
            shared = min(
                created + datetime.timedelta(minutes=rng.randint(10, 3 * 24 * 60)), self.now
            )
            shares.append(
                (share_id, conversation_id, rng.choice(SUMMARIES), True, author, shared, shared)
            )
            for parent_id in parents:
                share_parents.append((link_id, share_id, parent_id))
                link_id += 1
                bench = conversation_id in bench_ids and parent_id == bench_parent
                if rng.random() >= (BENCH_ANSWER_RATE if bench else ANSWER_RATE):
                    continue
                answered = min(shared + datetime.timedelta(hours=rng.randint(1, 96)), self.now)
                own_view = rng.choice(PARENT_VIEWS) if rng.random() < 0.4 else ""
                comment = "Er werd goed naar ons geluisterd." if rng.random() < 0.15 else ""
                responses.append(
                    (
                        response_id,
                        conversation_id,
                        parent_id,
                        own_view,
                        rng.choice(felt_heard),
                        comment,
                        answered,
                        answered,
                    )
                )
                response_id += 1
            share_id += 1
        writers = (
            (
                TableWriter(
                    ConversationShare,
                    (
                        "id",
                        "conversation_id",
                        "summary_for_parents",
                        "share_agreements",
                        "shared_by_id",
                        "shared_at",
                        "updated_at",
                    ),
                ),
                shares,
            ),
            (
                TableWriter(
                    ConversationShare.parents.through, ("id", "conversationshare_id", "parent_id")
                ),
                share_parents,
            ),
            (
                TableWriter(
                    ParentResponse,
                    (
                        "id",
                        "conversation_id",
                        "parent_id",
                        "own_view",
                        "felt_heard",
                        "felt_heard_comment",
                        "created_at",
                        "updated_at",
                    ),
                ),
                responses,
            ),
        )
        with transaction.atomic():
            for writer, rows in writers:
                writer.write(rows)
        reset_sequences(PORTAL_MODELS)
        self.counts.update(
            shared_conversations=len(shares),
            shared_with_parents=len(share_parents),
            parent_responses=len(responses),
        )

    @transaction.atomic
    def bench_parent(
        self,
        rng: random.Random,
        parent: int,
        child: int,
        talks: list[tuple],
        *,
        password_hash: str,
    ) -> None:
        """The portal login, an open agreement of theirs and a planned talk with questions."""
        user = get_user_model().objects.create(
            username=BENCH_PARENT,
            email=f"{BENCH_PARENT}@example.nl",
            password=password_hash,
        )
        manager = self.bench_users["bench_manager"]
        ParentAccount.objects.create(parent_id=parent, user=user, invited_by=manager)
        sit_down = [talk for talk in talks if talk[3] in SIT_DOWN_KINDS] or talks
        latest = sit_down[0][0]
        conversation = Conversation.objects.only("pk", "location_id", "author_id").get(pk=latest)
        FollowUp.objects.create(
            conversation=conversation,
            description="Thuis een vast slaapritueel proberen en erover vertellen",
            owner_parent_id=parent,
            location_id=conversation.location_id,
            due_date=self.today + datetime.timedelta(days=rng.randint(7, 21)),
        )
        planned = PlannedTalk.objects.create(
            child_id=child,
            kind=ConversationKind.TEN_MINUTE,
            planned_for=self.today + datetime.timedelta(days=10),
            planned_by_id=conversation.author_id,
        )
        planned.parents.add(parent)
        self.counts.update(portal_accounts=1, planned_talks=1)
        self.log(
            f"  {BENCH_PARENT}: {len(talks)} talks shared, "
            f"{ParentResponse.objects.filter(parent_id=parent).count()} answered"
        )
