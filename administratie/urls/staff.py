from django.urls import path

from ..views import staff

urlpatterns = [
    path("medewerkers/", staff.staff_list, name="staff_list"),
    path("medewerkers/uitnodigen/", staff.staff_invite, name="staff_invite"),
    path("medewerkers/<int:pk>/", staff.staff_edit, name="staff_edit"),
    path("medewerkers/<int:pk>/deactiveren/", staff.staff_deactivate, name="staff_deactivate"),
    path("medewerkers/<int:pk>/heractiveren/", staff.staff_reactivate, name="staff_reactivate"),
    path(
        "medewerkers/<int:pk>/uitnodiging/", staff.staff_invite_resend, name="staff_invite_resend"
    ),
    path(
        "medewerkers/<int:pk>/tweestaps-herstel/",
        staff.staff_two_factor_reset,
        name="staff_two_factor_reset",
    ),
]
