from django.urls import path

from . import views

urlpatterns = [
    path("2fa/", views.two_factor, name="two_factor"),
    path("2fa/instellingen/", views.two_factor_settings, name="two_factor_settings"),
    path("2fa/uitzetten/", views.two_factor_disable, name="two_factor_disable"),
    path("2fa/herstelcodes/", views.recovery_codes_renew, name="recovery_codes_renew"),
]
