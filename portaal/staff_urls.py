"""Staff pages of the parent portal: sharing a talk, planning one, inviting a parent."""

from django.urls import path

from .views import accounts

urlpatterns: list = []

# Parents' portal logins (#15, accounts part).
urlpatterns += [
    path(
        "ouders/<int:pk>/portaal/uitnodigen/",
        accounts.parent_portal_invite,
        name="parent_portal_invite",
    ),
    path(
        "ouders/<int:pk>/portaal/intrekken/",
        accounts.parent_portal_revoke,
        name="parent_portal_revoke",
    ),
]
