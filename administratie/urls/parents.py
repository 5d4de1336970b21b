from django.urls import path

from ..views import parents

urlpatterns = [
    path("ouders/", parents.admin_parent_list, name="admin_parent_list"),
    path("ouders/nieuw/", parents.admin_parent_create, name="admin_parent_create"),
    path("ouders/<int:pk>/", parents.admin_parent_edit, name="admin_parent_edit"),
    path("ouders/<int:pk>/koppelen/", parents.admin_parent_link_add, name="admin_parent_link_add"),
    path("koppelingen/<int:pk>/", parents.admin_parent_link_edit, name="admin_parent_link_edit"),
    path(
        "koppelingen/<int:pk>/verwijderen/",
        parents.admin_parent_link_remove,
        name="admin_parent_link_remove",
    ),
]
