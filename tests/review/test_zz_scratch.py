import datetime
import pytest
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from gesprekken.models import Conversation, FollowUp
from gesprekken.search import _CONVERSATION_MATCH, _FOLLOW_UP_MATCH, search_conversations
from .helpers import at, talk

pytestmark = pytest.mark.django_db

def test_plan(manager_a, admin_user, pm_a, child_a):
    for n in range(30):
        talk(pm_a, child_a, when=at(2025, 1, 1) + datetime.timedelta(hours=n), summary=f"Tekst {n} slapen" if n == 3 else f"Tekst {n}",
             follow_ups=[{"description": "slapen knuffel"}] if n == 5 else [])
    term = "slapen"
    text_ids = Conversation.objects.filter(RawSQL(_CONVERSATION_MATCH, [term], output_field=BooleanField())).values("pk")
    agreement_ids = FollowUp.objects.filter(RawSQL(_FOLLOW_UP_MATCH, [term], output_field=BooleanField())).values("conversation_id")
    for user in (manager_a, admin_user):
        qs = Conversation.objects.visible_to(user).for_list().filter(pk__in=text_ids.union(agreement_ids))
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        print(qs.query)
        print(qs.explain())
        print(sorted(qs.values_list("summary", flat=True)))
        print(sorted(search_conversations(Conversation.objects.visible_to(user), term).values_list("summary", flat=True)))
        print(search_conversations(Conversation.objects.visible_to(user), term).explain())
