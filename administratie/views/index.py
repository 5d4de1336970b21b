from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from organisatie.access import require_manager


@require_GET
def administration(request: HttpRequest) -> HttpResponse:
    """The administration's start page: the areas this manager or admin may look after."""
    scope = require_manager(request.user)
    return render(request, "administratie/index.html", {"scope": scope})
