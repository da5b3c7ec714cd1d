from django.urls import path

from . import views, workspace

app_name = "experiences"
urlpatterns = [
    path("", views.sheet_list, name="list"),
    path("comparer/", views.compare, name="compare"),
    path("comparer/pdf/", views.compare, {"pdf": True}, name="compare_pdf"),
    path("fiches.json", views.export, {"format": "json"}, name="export_json"),
    path("fiches.csv", views.export, {"format": "csv"}, name="export_csv"),
    path("espace/", workspace.sheets.index, name="workspace"),
    path("espace/nouvelle/", workspace.sheets.edit, name="create"),
    path("espace/<slug:slug>/", workspace.sheets.detail, name="workspace_sheet"),
    path("espace/<slug:slug>/modifier/", workspace.sheets.edit, name="edit"),
    path("espace/<slug:slug>/supprimer/", workspace.sheets.delete, name="delete"),
    path("espace/<slug:slug>/revisions/", workspace.sheets.compare_revisions, name="revisions"),
    path("espace/<slug:slug>/pieces-jointes/", workspace.sheets.attach, name="add_attachment"),
    path("espace/<slug:slug>/pieces-jointes/<int:pk>/retirer/", workspace.sheets.detach, name="remove_attachment"),
    path("espace/<slug:slug>/<str:transition>/", workspace.sheets.change_status, name="change_status"),
    path("<slug:slug>/", views.sheet_detail, name="detail"),
    path("<slug:slug>/imprimer/", views.sheet_print, name="print"),
    path("<slug:slug>/pdf/", views.sheet_print, {"pdf": True}, name="pdf"),
    path("<slug:slug>/pieces-jointes/<int:pk>/", views.attachment, name="attachment"),
]
