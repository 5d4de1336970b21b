from django.urls import path

from ..views import children

urlpatterns = [
    path("kinderen/", children.admin_child_list, name="admin_child_list"),
    path("kinderen/nieuw/", children.admin_child_create, name="admin_child_create"),
    path("kinderen/<int:pk>/", children.admin_child_edit, name="admin_child_edit"),
]
