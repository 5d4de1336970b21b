from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts.forms import LoginForm

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/wachtwoord/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/", include("accounts.urls")),
    path("taal/", login_not_required(set_language), name="set_language"),
    path("beheer/", admin.site.urls),
    path("", include("kinderen.urls")),
    path("ouders/", include("ouders.urls")),
    path("gesprekken/", include("gesprekken.urls")),
    path("organisatie/", include("organisatie.urls")),
    path("privacy/", include("privacy.urls")),
]

handler500 = "ouderportaal.views.server_error"
