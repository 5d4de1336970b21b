from django.urls import path

from .views import people

# The person pages keep their own addresses (zoeken/, kinderen/…, ouders/…).
urlpatterns = [
    path("zoeken/", people.search, name="search"),
    path("kinderen/<int:pk>/", people.child_detail, name="child_detail"),
    path("ouders/<int:pk>/", people.parent_detail, name="parent_detail"),
]
