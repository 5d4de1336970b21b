"""The parent portal's pages, under /ouder/ (only for parents: portaal/access.py)."""

from django.urls import path

from .views import conversation, home, preferences, questions

urlpatterns = [
    path("", home.portal_home, name="portal_home"),
    path("gesprek/<int:pk>/", conversation.portal_conversation, name="portal_conversation"),
    path(
        "afspraak/<int:pk>/klaar/",
        conversation.portal_agreement_done,
        name="portal_agreement_done",
    ),
    path("vragen/<int:pk>/", questions.portal_questions, name="portal_questions"),
    path("meedoen/", preferences.portal_participation, name="portal_participation"),
    path("instellingen/", preferences.portal_settings, name="portal_settings"),
    path("taal/", preferences.portal_language, name="portal_language"),
]
