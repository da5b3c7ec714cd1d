from django.urls import path

from . import views

app_name = "practitioners"
urlpatterns = [
    path("inscription/", views.sign_up, name="sign_up"),
    path("inscription/envoyee/", views.sign_up_sent, name="sign_up_sent"),
    path("inscription/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("mon-profil/", views.my_profile, name="profile"),
    path("annuaire/", views.directory, name="directory"),
]
