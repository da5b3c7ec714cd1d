from django.urls import path

from . import views, workspace

app_name = "experiences"
urlpatterns = [
    path("", views.sheet_list, name="list"),
    path("comparer/", views.compare, name="compare"),
    path("comparer/pdf/", views.compare, {"pdf": True}, name="compare_pdf"),
    path("fiches.json", views.export, {"format": "json"}, name="export_json"),
    path("fiches.csv", views.export, {"format": "csv"}, name="export_csv"),
    *workspace.sheets.url_patterns(
        path("espace/<slug:slug>/revisions/", workspace.sheets.compare_revisions, name="revisions"),
    ),
    path("<slug:slug>/", views.sheet_detail, name="detail"),
    path("<slug:slug>/imprimer/", views.sheet_print, name="print"),
    path("<slug:slug>/pdf/", views.sheet_print, {"pdf": True}, name="pdf"),
    path("<slug:slug>/pieces-jointes/<int:pk>/", views.attachment, name="attachment"),
]
