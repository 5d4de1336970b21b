from django.urls import path

from . import views

urlpatterns = [
    path("kind/<int:child_pk>/wissen/", views.family_erase, name="family_erase"),
    path("kind/<int:child_pk>/toestemming/", views.consent_create, name="consent_create"),
    path("toestemming/<int:pk>/intrekken/", views.consent_withdraw, name="consent_withdraw"),
    path("ouder/<int:pk>/inzage/", views.access_request, name="access_request"),
    path("ouder/<int:pk>/inzage.json", views.access_request_json, name="access_request_json"),
]
