"""A URLconf with one view that fails, for the error-page test."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from ouderportaal.urls import handler500
from ouderportaal.urls import urlpatterns as app_urlpatterns


@login_not_required
def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), *app_urlpatterns]
__all__ = ["handler500", "urlpatterns"]
