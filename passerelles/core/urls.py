from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("taches/<uuid:pk>/", views.job, name="job"),
    path("taches/<uuid:pk>/etat.json", views.job_state, name="job_state"),
    path("taches/<uuid:pk>/arreter/", views.stop_job, name="stop_job"),
]
