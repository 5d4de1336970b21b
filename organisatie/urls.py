from django.urls import path

from . import views

urlpatterns = [
    path("instellingen/", views.organization_settings, name="organization_settings"),
]
