"""Erasure on request, the access request, and consents for sharing.

A record outside the user's scope is a 404 (looked up first, through visible_to); a record
in scope that the user's role may not act on is a 403. Erasing and the access request are
for organisation admins; consents are recorded and withdrawn by managers (and admins), and
every pm'er of the child's location can read them.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import Action
from audit.services import record
from gesprekken.models import (
    Conversation,
    ConversationShare,
    Feedback,
    FollowUp,
    ParentResponse,
    PlannedTalk,
    Preparation,
    PreTalkAnswer,
    TipScore,
)
from kinderen.models import Child
from organisatie.access import require_admin, require_manager
from ouders.models import ChildParent, Parent, ParentAccount
from portaal.models import PortalNotification

from . import consents, services
from .exports import HISTORICAL_MODELS, access_request_data, external_id_rows, labelled
from .forms import ConsentForm, FamilyEraseForm
from .models import Consent


def _require(request: HttpRequest, *, admin: bool = False) -> None:
    (require_admin if admin else require_manager)(request.user)


HISTORY_TITLES = {
    "conversations": _("Earlier and deleted versions of conversations"),
    "agreements": _("Earlier and deleted versions of agreements"),
    "tip_scores": _("Earlier and deleted versions of tip scores"),
}


def portal_parts(portal: dict) -> list[dict]:
    """The parent-portal part of the access request, as titled lists of labelled records."""
    account = portal["account"]
    parts = [
        (_("Parent portal login"), ParentAccount, [account] if account else []),
        (_("E-mails from the parent portal"), PortalNotification, portal["notifications"]),
        (_("Talks shared with the parent"), ConversationShare, portal["shared_talks"]),
        (_("The parent's responses to shared talks"), ParentResponse, portal["responses"]),
        (_("Planned talks"), PlannedTalk, portal["planned_talks"]),
        (_("Answers before a talk"), PreTalkAnswer, portal["pre_talk_answers"]),
    ]
    return [
        {"name": name, "rows": [labelled(model, record) for record in records]}
        for name, model, records in parts
    ]


def count_rows(counts: dict[str, int]) -> list[tuple[str, int]]:
    labels = {
        "children": _("Children"),
        "conversations": _("Conversations"),
        "tip_scores": _("Tip scores"),
        "agreements": _("Agreements"),
        "feedback": _("Coaching feedback"),
        "preparations": _("Preparation notes"),
        "consents": _("Consents"),
        "parent_links": _("Child–parent links"),
        "parents": _("Parents"),
        "portal_accounts": _("Parent portal logins"),
        "history_rows": _("Earlier versions (history)"),
        "audit_rows_pseudonymised": _("Audit rows to pseudonymise"),
    }
    return [(labels[key], counts.get(key, 0)) for key in services.COUNT_KEYS]


# --- erasure on request ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def family_erase(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = get_object_or_404(
        Child.objects.visible_to(request.user).select_related("location", "group"), pk=child_pk
    )
    _require(request, admin=True)
    form = FamilyEraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.family_erase(
            child=child, reason=form.cleaned_data["reason"], by_user=request.user, request=request
        )
        messages.success(request, _("The family's records have been erased."))
        return redirect("home")
    family = services.family_of(child)
    record(
        request=request,
        action=Action.VIEW,
        object_type="erase_preview",
        object_id=child.pk,
        child_id=child.pk,
        location_id=child.location_id,
    )
    return render(
        request,
        "privacy/family_erase.html",
        {"child": child, "family": family, "counts": count_rows(family.plan.counts), "form": form},
    )


# --- access request --------------------------------------------------------------------------


def _access_request(request: HttpRequest, pk: int) -> tuple[Parent, dict]:
    parent = get_object_or_404(
        Parent.objects.visible_to(request.user).select_related("organization"), pk=pk
    )
    _require(request, admin=True)
    data = access_request_data(parent)
    record(request=request, action=Action.EXPORT, object_type="access_request", object_id=pk)
    return parent, data


@require_GET
def access_request(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable page of everything held about the parent and their children."""
    parent, data = _access_request(request, pk)
    children = [
        {
            "name": f"{item['child']['first_name']} {item['child']['last_name']}",
            "rows": labelled(Child, item["child"]) + external_id_rows(item["external_id"]),
            "parent_links": [labelled(ChildParent, link) for link in item["parent_links"]],
            "consents": [labelled(Consent, consent) for consent in item["consents"]],
            "preparations": [labelled(Preparation, prep) for prep in item["preparations"]],
        }
        for item in data["children"]
    ]
    without_authority = [
        link.child.full_name
        for link in ChildParent.objects.filter(
            parent=parent, has_parental_authority=False
        ).select_related("child")
    ]
    conversations = [
        {
            "id": item["conversation"]["id"],
            "rows": labelled(Conversation, item["conversation"]),
            "tip_scores": [labelled(TipScore, score) for score in item["tip_scores"]],
            "agreements": [labelled(FollowUp, agreement) for agreement in item["agreements"]],
            "feedback": [labelled(Feedback, feedback) for feedback in item["feedback"]],
        }
        for item in data["conversations"]
    ]
    history_models = dict(zip(data["history"], HISTORICAL_MODELS, strict=True))
    history = [
        {"name": HISTORY_TITLES[name], "rows": [labelled(history_models[name], r) for r in rows]}
        for name, rows in data["history"].items()
    ]
    return render(
        request,
        "privacy/access_request.html",
        {
            "history": history,
            "parent": parent,
            "data": data,
            "parent_rows": labelled(Parent, data["parent"])
            + external_id_rows(data["parent_external_id"]),
            "children": children,
            "without_authority": without_authority,
            "conversations": conversations,
            "portal": portal_parts(data["portal"]),
        },
    )


@require_GET
def access_request_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The same as a JSON file (AVG art. 20: structured and machine-readable)."""
    parent, data = _access_request(request, pk)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    # No name in the file name: it ends up in download folders and browser histories.
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="inzage-ouder-{parent.pk}-{stamp}.json"'
    )
    return response


# --- consents --------------------------------------------------------------------------------


def _consents_url(child_id: int) -> str:
    return reverse("child_detail", args=[child_id]) + "#toestemmingen"


@require_http_methods(["GET", "POST"])
def consent_create(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = get_object_or_404(
        Child.objects.visible_to(request.user).select_related("location", "group"), pk=child_pk
    )
    _require(request)
    form = ConsentForm(request.POST or None, child=child)
    if request.method == "POST" and form.is_valid():
        consent = consents.consent_give(
            child=child,
            given_by=form.cleaned_data["given_by"],
            recipient=form.cleaned_data["recipient"],
            scope=form.cleaned_data["scope"],
            given_on=form.cleaned_data["given_on"],
            created_by=request.user.staff_member,
        )
        record(
            request=request,
            action=Action.CREATE,
            object_type="consent",
            object_id=consent.pk,
            child_id=child.pk,
            location_id=child.location_id,
        )
        messages.success(request, _("The consent has been recorded."))
        return redirect(_consents_url(child.pk))
    return render(request, "privacy/consent_form.html", {"child": child, "form": form})


@require_POST
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = get_object_or_404(
        Consent.objects.visible_to(request.user).select_related("child"), pk=pk
    )
    _require(request)
    if consent.withdrawn_on is not None:
        messages.info(request, _("This consent had already been withdrawn."))
    else:
        consents.consent_withdraw(consent=consent)
        record(
            request=request,
            action=Action.UPDATE,
            object_type="consent",
            object_id=consent.pk,
            child_id=consent.child_id,
            location_id=consent.child.location_id,
        )
        messages.success(request, _("The consent has been withdrawn."))
    return redirect(_consents_url(consent.child_id))
