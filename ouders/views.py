from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from audit.models import Action
from audit.services import record
from kinderen.models import Child

from .models import ChildParent, Parent


@require_GET
def parent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    parent = get_object_or_404(Parent.objects.visible_to(request.user), pk=pk)
    # Only the children this user may see: a parent can have a child at another location.
    links = (
        ChildParent.objects.filter(parent=parent, child__in=Child.objects.visible_to(request.user))
        .select_related("child__group")
        .order_by("child__first_name")
    )
    context = {"parent": parent, "child_links": links}
    from gesprekken.selectors import parent_conversations_context  # noqa: PLC0415

    context.update(parent_conversations_context(request, parent))
    record(request=request, action=Action.VIEW, object_type="parent", object_id=parent.pk)
    return render(request, "ouders/parent_detail.html", context)
