"""The account pages of API tokens, under /comptes/jetons/ (the API itself is in api.urls)."""

from django.urls import path

from . import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.index, name="index"),
    path("nouveau/", views.create, name="create"),
    path("<int:pk>/revoquer/", views.revoke, name="revoke"),
]
