from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.SignInView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mon-compte/", views.profile, name="profile"),
    path("mot-de-passe/oublie/", views.ResetRequestView.as_view(), name="password_reset"),
    path("mot-de-passe/envoye/", views.ResetDoneView.as_view(), name="password_reset_done"),
    path("mot-de-passe/nouveau/<uidb64>/<token>/", views.ResetConfirmView.as_view(), name="password_reset_confirm"),
    path("mot-de-passe/change/", views.ResetCompleteView.as_view(), name="password_reset_complete"),
]
