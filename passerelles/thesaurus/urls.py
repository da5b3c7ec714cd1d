from django.urls import path

from . import views

app_name = "thesaurus"
urlpatterns = [
    path("", views.index, name="index"),
    path("importer/", views.upload, name="upload"),
    path("thesaurus.ttl", views.export, {"format": "turtle"}, name="export_turtle"),
    path("thesaurus.rdf", views.export, {"format": "xml"}, name="export_xml"),
    path("<slug:notation>/", views.concept, name="concept"),
]
