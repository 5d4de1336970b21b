"""Helpers for the tests of the portal's staff side (sharing, planning)."""

from __future__ import annotations

from gesprekken.models import ConversationShare, ParentResponse, PreTalkAnswer


def make_share(conversation, parents, *, summary="Samenvatting voor de ouders", agreements=True):
    share = ConversationShare.objects.create(
        conversation=conversation, summary_for_parents=summary, share_agreements=agreements
    )
    share.parents.set(parents)
    return share


def make_response(conversation, parent, *, own_view="", felt_heard=None, comment=""):
    return ParentResponse.objects.create(
        conversation=conversation,
        parent=parent,
        own_view=own_view,
        felt_heard=felt_heard,
        felt_heard_comment=comment,
    )


def make_answer(planned_talk, parent, **answers) -> PreTalkAnswer:
    return PreTalkAnswer.objects.create(planned_talk=planned_talk, parent=parent, **answers)
