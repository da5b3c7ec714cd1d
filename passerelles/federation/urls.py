from django.urls import path

from . import views

app_name = "federation"
urlpatterns = [
    path("espace/", views.index, name="workspace"),
    path("espace/nouveau/", views.edit, name="create"),
    path("espace/<int:pk>/modifier/", views.edit, name="edit"),
    path("espace/<int:pk>/supprimer/", views.delete, name="delete"),
    path("espace/<int:pk>/actualiser/", views.refresh, name="refresh"),
]
