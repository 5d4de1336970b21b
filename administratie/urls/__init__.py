"""The administration's URLs under /organisatie/, one module per area."""

from django.urls import include, path

from ..views import index

urlpatterns = [
    path("", index.administration, name="administration"),
    path("", include("administratie.urls.places")),
    path("", include("administratie.urls.staff")),
    path("", include("administratie.urls.children")),
    path("", include("administratie.urls.parents")),
    path("", include("administratie.urls.imports")),
    path("", include("administratie.urls.audit_trail")),
]
