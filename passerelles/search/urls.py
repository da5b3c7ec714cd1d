from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.results, name="results"),
    path("api/", views.results_json, name="api"),
    path("suggestions/", views.suggestions_json, name="suggestions"),
]
