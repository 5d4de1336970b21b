from django.urls import path

from ..views import places

urlpatterns = [
    path("locaties/", places.location_list, name="location_list"),
    path("locaties/nieuw/", places.location_create, name="location_create"),
    path("locaties/<int:pk>/", places.location_edit, name="location_edit"),
    path("locaties/<int:location_pk>/groepen/nieuw/", places.group_create, name="group_create"),
    path("groepen/<int:pk>/", places.group_edit, name="group_edit"),
]
