"""A URLconf with one view that fails, for the error-page test."""

from django.contrib.auth.decorators import login_not_required
from django.db import DataError, IntegrityError, InterfaceError, OperationalError
from django.urls import path

from ouderportaal.urls import handler500
from ouderportaal.urls import urlpatterns as app_urlpatterns


@login_not_required
def boom(request):
    raise RuntimeError("boom")


def raising(error: Exception):
    @login_not_required
    def view(request):
        raise error

    return view


urlpatterns = [
    path("boom/", boom),
    path("boom/integrity/", raising(IntegrityError("CHECK constraint failed: secret value"))),
    path("boom/data/", raising(DataError("value too long: secret value"))),
    path("boom/interface/", raising(InterfaceError("connection already closed"))),
    path("boom/operational/", raising(OperationalError("server closed the connection"))),
    *app_urlpatterns,
]
__all__ = ["handler500", "urlpatterns"]
