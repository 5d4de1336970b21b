from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("zoeken/", views.search, name="search"),
    path("kinderen/<int:pk>/", views.child_detail, name="child_detail"),
]
