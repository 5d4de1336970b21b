from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..access import parent_required


@require_GET
@parent_required
def portal_home(request: HttpRequest) -> HttpResponse:
    return render(request, "portaal/home.html", {"parent": request.parent})
