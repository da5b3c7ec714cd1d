from django.urls import path

from . import views

app_name = "framework"

urlpatterns = [
    path("", views.reference, name="reference"),
    path("agrements/", views.accreditation_list, name="accreditations"),
]
