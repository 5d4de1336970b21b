from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("taal/", login_not_required(set_language), name="set_language"),
    path("beheer/", admin.site.urls),
    path("", include("kinderen.urls")),
    path("", include("gesprekken.people_urls")),
    path("gesprekken/", include("gesprekken.urls")),
    path("gesprekken/", include("inzicht.urls")),
    path("organisatie/", include("organisatie.urls")),
    path("organisatie/", include("administratie.urls")),
    path("privacy/", include("privacy.urls")),
    path("ouder/", include("portaal.urls")),
    path("", include("portaal.staff_urls")),
]

handler500 = "ouderportaal.views.server_error"
