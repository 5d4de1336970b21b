from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from audit.services import record_view_child
from kinderen.models import Child
from organisatie.access import acting_staff, scope_for
from ouders.models import Parent

from ..forms import PreparationForm
from ..models import Conversation, Feedback, FollowUp, PlannedTalk, Preparation
from ..scoring import MINIMUM_SCORED_TIPS, SPEAKING_BELOW_STEPS, SPEAKING_STEPS
from ..selectors import PAGE_SIZE, tip_averages
from ..services import standard_tips
from ..vocabulary import Level

RECENT_FAMILY_TALKS = 5
FEEDBACK_SHOWN = 10


@require_GET
def tip_list(request: HttpRequest) -> HttpResponse:
    # Tip 3's table as the scoring states it (scoring.SPEAKING_STEPS), from the top step down.
    steps = []
    upper = 100
    for minimum, level in SPEAKING_STEPS:
        steps.append({"from": minimum, "to": upper, "level": Level(level).label})
        upper = minimum - 1
    steps.append({"from": 0, "to": upper, "level": Level(SPEAKING_BELOW_STEPS).label})
    return render(
        request,
        "gesprekken/tip_list.html",
        {"tips": standard_tips(), "speaking_steps": steps, "minimum_scored": MINIMUM_SCORED_TIPS},
    )


@require_GET
def my_conversations(request: HttpRequest) -> HttpResponse:
    """A pm'er's own talks, and how they did per tip over the last 90 days."""
    scope = scope_for(request.user)
    mine = (
        Conversation.objects.visible_to(request.user)
        .filter(author_id=scope.staff_member_id)
        .for_list()
    )
    page = Paginator(mine, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "gesprekken/my_conversations.html",
        {
            "page": page,
            "averages": tip_averages(author_id=scope.staff_member_id, days=90),
            "feedback": Feedback.objects.visible_to(request.user)
            .filter(conversation__author_id=scope.staff_member_id)
            .select_related("conversation__child", "author__user", "tip")[:FEEDBACK_SHOWN],
        },
    )


def planned_talks_with_answers(request: HttpRequest, child: Child) -> list[dict]:
    """The child's upcoming planned talks, each parent asked with their answers (None while
    they have not answered): three queries however many talks and parents."""
    talks = (
        PlannedTalk.objects.visible_to(request.user)
        .filter(child=child)
        .upcoming()
        .select_related("planned_by__user")
        .prefetch_related(
            Prefetch("parents", queryset=Parent.objects.order_by("first_name", "pk")),
            "answers",
        )
    )
    rows = []
    for talk in talks:
        answers = {answer.parent_id: answer for answer in talk.answers.all()}
        rows.append(
            {
                "talk": talk,
                "parents": [(parent, answers.get(parent.pk)) for parent in talk.parents.all()],
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
def prepare(request: HttpRequest, child_pk: int) -> HttpResponse:
    """Before a sit-down talk: open agreements, recent talks, the tips and openers, own notes."""
    child = get_object_or_404(
        Child.objects.visible_to(request.user).select_related("group", "location"), pk=child_pk
    )
    form = PreparationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        url = reverse("conversation_create", args=[child.pk])
        if not form.cleaned_data["notes"]:
            return redirect(url)
        preparation = Preparation.objects.create(
            child=child, author=acting_staff(request.user), notes=form.cleaned_data["notes"]
        )
        return redirect(f"{url}?voorbereiding={preparation.pk}")
    record_view_child(request, child)
    open_agreements = (
        FollowUp.objects.visible_to(request.user)
        .open()
        .filter(conversation__child=child)
        .select_related("owner_staff__user", "owner_parent", "conversation")
        .order_by("due_date")[:20]
    )
    recent = (
        Conversation.objects.visible_to(request.user)
        .filter(child=child)
        .select_related("author__user")
        .only(
            "pk",
            "kind",
            "occurred_at",
            "summary",
            "parent_view",
            "author__user__first_name",
            "author__user__last_name",
            "author__user__username",
        )[:RECENT_FAMILY_TALKS]
    )
    return render(
        request,
        "gesprekken/prepare.html",
        {
            "child": child,
            "form": form,
            "open_agreements": open_agreements,
            "recent": recent,
            "tips": standard_tips(),
            "planned_talks": planned_talks_with_answers(request, child),
        },
    )
