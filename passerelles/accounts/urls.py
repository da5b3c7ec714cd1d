from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .second_factor import views as second_factor

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.SignInView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mon-compte/", views.profile, name="profile"),
    path("second-facteur/", second_factor.verify, name="second_factor_verify"),
    path("second-facteur/activation/", second_factor.enrol, name="second_factor_enrol"),
    path("second-facteur/codes-de-secours/", second_factor.recovery_codes, name="recovery_codes"),
    path(
        "second-facteur/codes-de-secours/telecharger/",
        second_factor.recovery_codes_download,
        name="recovery_codes_download",
    ),
    path("second-facteur/codes-de-secours/nouveaux/", second_factor.new_recovery_codes, name="recovery_codes_new"),
    path("mot-de-passe/oublie/", views.ResetRequestView.as_view(), name="password_reset"),
    path("mot-de-passe/envoye/", views.ResetDoneView.as_view(), name="password_reset_done"),
    path("mot-de-passe/nouveau/<uidb64>/<token>/", views.ResetConfirmView.as_view(), name="password_reset_confirm"),
    path("mot-de-passe/change/", views.ResetCompleteView.as_view(), name="password_reset_complete"),
]
