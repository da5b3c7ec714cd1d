from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("tableau-de-bord/", views.national, name="national"),
    path("tableau-de-bord/<slug:key>.csv", views.national_csv, name="national_csv"),
    path("tableau-de-bord/recalculer/", views.recompute, name="recompute"),
    path("tableau-de-bord/publier/", views.publish, name="publish"),
    path("tableau-de-bord/centres/<slug:slug>/", views.centre, name="centre"),
    path("tableau-de-bord/centres/<slug:slug>/<slug:key>.csv", views.centre_csv, name="centre_csv"),
    path("chiffres/", views.public, name="public"),
    path("chiffres/<slug:key>.csv", views.public_csv, name="public_csv"),
]
