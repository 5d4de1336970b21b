from django.urls import path

from . import views

urlpatterns = [
    path("tips/", views.tip_list, name="tip_list"),
    path("mijn/", views.my_conversations, name="my_conversations"),
    path("kind/<int:child_pk>/overdracht/", views.handover, name="handover"),
    path("kind/<int:child_pk>/nieuw/", views.conversation_create, name="conversation_create"),
    path("kind/<int:child_pk>/voorbereiden/", views.prepare, name="prepare"),
    path("<int:pk>/", views.conversation_detail, name="conversation_detail"),
    path("<int:pk>/bewerken/", views.conversation_edit, name="conversation_edit"),
    path("<int:pk>/deur/wijzigen/", views.handover_edit, name="handover_edit"),
    path("<int:pk>/deur/ongedaan/", views.handover_undo_view, name="handover_undo"),
    path("<int:pk>/verwijderen/", views.conversation_delete, name="conversation_delete"),
    path("afspraak/<int:pk>/afgerond/", views.follow_up_toggle, name="follow_up_toggle"),
]
