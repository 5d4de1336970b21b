from django.urls import path

from ..views import imports

urlpatterns = [
    path("import/", imports.import_list, name="import_list"),
    path("import/nieuw/", imports.import_upload, name="import_upload"),
    path("import/<int:pk>/", imports.import_run, name="import_run"),
    path("import/<int:pk>/kolommen/", imports.import_mapping, name="import_mapping"),
    path("import/<int:pk>/status/", imports.import_run_status, name="import_run_status"),
    path("import/<int:pk>/bevestigen/", imports.import_commit, name="import_commit"),
    path("import/<int:pk>/weggooien/", imports.import_discard, name="import_discard"),
    path("import/<int:pk>/opvang-beeindigen/", imports.import_end_care, name="import_end_care"),
    path("import/<int:pk>/rapport/", imports.import_report, name="import_report"),
]
