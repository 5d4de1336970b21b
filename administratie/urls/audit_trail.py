from django.urls import path

from ..views import audit_trail

urlpatterns = [
    path("logboek/", audit_trail.audit_trail, name="audit_trail"),
    path("logboek/persoon/", audit_trail.audit_trail_person, name="audit_trail_person"),
    path("logboek/export/", audit_trail.audit_trail_export, name="audit_trail_export"),
]
