"""The parent portal's pages, under /ouder/ (only for parents: portaal/access.py)."""

from django.urls import path

from .views import home

urlpatterns = [
    path("", home.portal_home, name="portal_home"),
]
