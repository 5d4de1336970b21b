from django.urls import path

from . import views

# Mounted under gesprekken/ beside the conversation pages, so the addresses stay as they were.
urlpatterns = [
    path("geschiedenis/", views.history, name="history"),
    path("geschiedenis/export.csv", views.history_export, name="history_export"),
    path("geschiedenis/export.xlsx", views.history_export_xlsx, name="history_export_xlsx"),
    path("overzicht/", views.overview, name="overview"),
    path("overzicht/ouders/", views.parent_voice, name="parent_voice"),
    path("kind/<int:child_pk>/dossier/", views.dossier, name="dossier"),
    path("<int:pk>/feedback/", views.feedback_create, name="feedback_create"),
]
