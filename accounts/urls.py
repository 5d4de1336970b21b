from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_links
from .forms import LoginForm

urlpatterns = [
    path(
        "login/",
        views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("wachtwoord/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("uitnodiging/<str:token>/", views_links.invitation_accept, name="invitation_accept"),
    path("uitnodiging/<str:token>/nieuw/", views_links.invitation_renew, name="invitation_renew"),
    path("wachtwoord-vergeten/", views_links.password_forgot, name="password_forgot"),
    path("herstel/<str:token>/", views_links.password_reset_confirm, name="password_reset_confirm"),
    path("2fa/", views.two_factor, name="two_factor"),
    path("2fa/instellingen/", views.two_factor_settings, name="two_factor_settings"),
    path("2fa/uitzetten/", views.two_factor_disable, name="two_factor_disable"),
    path("2fa/herstelcodes/", views.recovery_codes_renew, name="recovery_codes_renew"),
]
