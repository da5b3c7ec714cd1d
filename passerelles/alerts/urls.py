from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("nouvelle/", views.new, name="new"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/supprimer/", views.delete, name="delete"),
    path("gerer/<str:token>/", views.manage, name="manage"),
    path("lettres/", views.runs, name="runs"),
]
