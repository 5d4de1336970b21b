"""The staff area of the administration (admins only): the list, the invitation, the page
of one staff member with their role, places and account actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, is_password_usable
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import invitations
from accounts.services import has_two_factor
from kinderen.models import name_search_q
from organisatie.access import require_admin
from organisatie.models import Location, Organization, StaffMember

from ..forms.staff import StaffEditForm, StaffFilterForm, StaffInviteForm, TwoFactorResetForm
from ..services import staff as services

PAGE_SIZE = 50

ACTIVE, INVITED, EXPIRED, DEACTIVATED = "actief", "uitgenodigd", "verlopen", "gedeactiveerd"
# Django's mark for "no password set" (UNUSABLE_PASSWORD_PREFIX)
UNUSABLE = Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)


def status_of(user, invitation_state: str | None) -> str:
    """Active (has a password), invited (a link still open), invitation expired (no open
    link, no password yet) or deactivated."""
    if not user.is_active:
        return DEACTIVATED
    if is_password_usable(user.password) or invitation_state == "accepted":
        return ACTIVE
    return INVITED if invitation_state == "pending" else EXPIRED


def _with_status(members: list[StaffMember]) -> list[StaffMember]:
    """Each member's ``status``, with one query for the invitations of those without a password."""
    waiting = [m.user_id for m in members if not is_password_usable(m.user.password)]
    states = invitations.invitation_states(waiting) if waiting else {}
    for member in members:
        member.status = status_of(member.user, states.get(member.user_id))
    return members


def _by_status(members, status: str):
    if status == DEACTIVATED:
        return members.filter(user__is_active=False)
    if status == ACTIVE:
        return members.filter(user__is_active=True).exclude(UNUSABLE)
    waiting = members.filter(UNUSABLE, user__is_active=True)
    states = invitations.invitation_states(waiting.values_list("user_id", flat=True))
    wanted = {"pending"} if status == INVITED else {"expired", "none"}
    return waiting.filter(user_id__in=[pk for pk, state in states.items() if state in wanted])


@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    scope = require_admin(request.user)
    locations = Location.objects.filter(organization_id=scope.organization_id).order_by("name")
    form = StaffFilterForm(request.GET or None, locations=locations)
    members = StaffMember.objects.visible_to(request.user)
    if form.is_bound:
        form.is_valid()  # invalid fields are shown with their error and left out
        data = form.cleaned_data
        if data.get("q"):
            members = members.filter(
                name_search_q(data["q"], ("user__first_name", "user__last_name", "user__email"))
            )
        if data.get("locatie"):
            members = members.filter(locations=data["locatie"])
        if data.get("rol"):
            members = members.filter(role=data["rol"])
        if data.get("status"):
            members = _by_status(members, data["status"])
    members = (
        members.select_related("user")
        .prefetch_related(Prefetch("locations", queryset=Location.objects.order_by("name")))
        .order_by("user__first_name", "user__last_name", "pk")
    )
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("pagina"))
    page.object_list = _with_status(list(page.object_list))
    params = request.GET.copy()
    params.pop("pagina", None)
    return render(
        request,
        "administratie/staff_list.html",
        {"form": form, "page": page, "query": params.urlencode()},
    )


@require_http_methods(["GET", "POST"])
def staff_invite(request: HttpRequest) -> HttpResponse:
    scope = require_admin(request.user)
    form = StaffInviteForm(request.POST or None, organization_id=scope.organization_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.invite_staff(
                organization=Organization.objects.get(pk=scope.organization_id),
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
                locations=data["locations"],
                groups=data["groups"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s has been invited: the invitation is on its way to %(email)s.")
                % {"name": member.display_name, "email": member.user.email},
            )
            return redirect("staff_edit", pk=member.pk)
    return render(request, "administratie/staff_invite.html", {"form": form})


def _member(request: HttpRequest, pk: int) -> StaffMember:
    require_admin(request.user)
    return get_object_or_404(
        StaffMember.objects.visible_to(request.user).select_related("user"), pk=pk
    )


def _initial(member: StaffMember) -> dict:
    return {
        "role": member.role,
        "locations": list(member.locations.values_list("pk", flat=True)),
        "groups": list(member.groups.values_list("pk", flat=True)),
    }


def _render_edit(request, member, form, reset_form=None, status=200) -> HttpResponse:
    _with_status([member])
    conflict = form.errors.as_data() if form.is_bound else {}
    mentorship_error = any(
        error.code == "mentorship" for errors in conflict.values() for error in errors
    )
    return render(
        request,
        "administratie/staff_edit.html",
        {
            "member": member,
            "form": form,
            "reset_form": reset_form or TwoFactorResetForm(),
            "has_two_factor": has_two_factor(member.user),
            "two_factor_resets": member.user.two_factor_resets.select_related("reset_by")[:5],
            "is_self": member.user_id == request.user.pk,
            "mentorship_error": mentorship_error,
            "mentee_count": member.mentor_children.count(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    form = StaffEditForm(
        request.POST or None, initial=_initial(member), organization_id=member.organization_id
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_staff(
                staff=member,
                role=data["role"],
                locations=data["locations"],
                groups=data["groups"],
                end_invalid_mentorships=data["end_mentorships"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("staff_edit", pk=member.pk)
    return _render_edit(request, member, form)


def _account_action(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    member = _member(request, pk)
    try:
        action(staff=member, by=request.user, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("staff_edit", pk=member.pk)


@require_POST
def staff_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request,
        pk,
        services.deactivate_staff,
        _("The account has been deactivated; they have been logged out everywhere."),
    )


@require_POST
def staff_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request, pk, services.reactivate_staff, _("The account has been reactivated.")
    )


@require_POST
def staff_invite_resend(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request,
        pk,
        services.resend_invitation,
        _("A new invitation is on its way; the earlier link no longer works."),
    )


@require_POST
def staff_two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    reset_form = TwoFactorResetForm(request.POST)
    if reset_form.is_valid():
        services.reset_two_factor(
            staff=member, reason=reset_form.cleaned_data["reason"], by=request.user, request=request
        )
        messages.success(
            request,
            _(
                "Two-step verification has been reset: they set up a new authenticator at "
                "their next login."
            ),
        )
        return redirect("staff_edit", pk=member.pk)
    form = StaffEditForm(initial=_initial(member), organization_id=member.organization_id)
    return _render_edit(request, member, form, reset_form=reset_form)
