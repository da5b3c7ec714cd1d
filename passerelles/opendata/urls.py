from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("datapackage.json", views.site_datapackage, name="datapackage"),
    path("licence-ouverte-2.0.txt", views.licence, name="licence"),
    path("<slug:name>.zip", views.download, name="download"),
    path("schemas/<slug:name>-<str:fmt>.json", views.schema, name="schema"),
]
