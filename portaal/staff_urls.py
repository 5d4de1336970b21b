"""Staff pages of the parent portal: sharing a talk, planning one, inviting a parent."""

from django.urls import path

from .views import accounts, staff

urlpatterns = [
    # sharing and planning (the staff side of #15)
    path("gesprekken/<int:pk>/delen/", staff.conversation_share, name="conversation_share"),
    path(
        "gesprekken/<int:pk>/delen/stoppen/",
        staff.conversation_unshare,
        name="conversation_unshare",
    ),
    path("gesprekken/kind/<int:child_pk>/plannen/", staff.talk_plan, name="talk_plan"),
    path(
        "gesprekken/gepland/<int:pk>/annuleren/",
        staff.talk_plan_cancel,
        name="talk_plan_cancel",
    ),
    # parents' portal logins
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
