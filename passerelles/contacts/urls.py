from django.urls import path

from . import views

app_name = "contacts"
urlpatterns = [
    path("", views.index, name="index"),
    path("effectifs/", views.counts, name="counts"),
    path("centre/<slug:slug>/", views.contact_list, name="list"),
    path("centre/<slug:slug>/nouveau/", views.create, name="create"),
    path("fiche/<int:pk>/", views.edit, name="edit"),
    path("fiche/<int:pk>/supprimer/", views.delete, name="delete"),
]
