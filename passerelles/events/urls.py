from django.urls import path

from . import calendars, personal, views, workspace

app_name = "events"
urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("agenda.ics", calendars.network, name="ics"),
    path("centre/<slug:slug>/agenda.ics", calendars.centre, name="centre_ics"),
    path("cycles/<slug:slug>/", views.cycle, name="cycle"),
    path("cycles/<slug:slug>/agenda.ics", calendars.cycle, name="cycle_ics"),
    path("cycles/<slug:slug>/inscription/", views.register, {"kind": "cycle"}, name="register_cycle"),
    path("sessions/<slug:slug>/", views.session, name="session"),
    path("sessions/<slug:slug>/session.ics", calendars.session, name="session_ics"),
    path("sessions/<slug:slug>/inscription/", views.register, {"kind": "session"}, name="register"),
    path("inscription/<str:token>/", personal.registration, name="registration"),
    path("inscription/<str:token>/confirmer/", personal.confirm, name="confirm"),
    path("inscription/<str:token>/annuler/", personal.cancel, name="cancel"),
    path("inscription/<str:token>/mes-donnees.json", personal.data_copy, name="data_copy"),
    path("inscription/<str:token>/agenda.ics", personal.calendar_file, name="registration_ics"),
    path("inscription/<str:token>/effacer/", personal.erase, name="erase"),
    path("espace/", workspace.index, name="workspace"),
    path("espace/bilan/", workspace.report, name="report"),
    path("espace/cycles/nouveau/", workspace.edit_cycle, name="create_cycle"),
    path("espace/cycles/<slug:slug>/modifier/", workspace.edit_cycle, name="edit_cycle"),
    path("espace/sessions/nouvelle/", workspace.edit_session, name="create_session"),
    path("espace/sessions/<slug:slug>/", workspace.registrants, name="registrants"),
    path("espace/sessions/<slug:slug>/modifier/", workspace.edit_session, name="edit_session"),
    path("espace/sessions/<slug:slug>/inscrits.csv", workspace.export, name="export"),
    path("espace/sessions/<slug:slug>/presence/", workspace.attendance, name="attendance"),
    path("espace/sessions/<slug:slug>/emargement.pdf", workspace.attendance_sheet, name="attendance_sheet"),
    path("espace/sessions/<slug:slug>/attestations/", workspace.certificates, name="certificates"),
    path("espace/sessions/<slug:slug>/annuler/", workspace.cancel_session, name="cancel_session"),
]
