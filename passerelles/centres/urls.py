from django.urls import path

from . import views

app_name = "centres"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("quel-centre-couvre-ma-commune/", views.lookup, name="lookup"),
    path("couverture/", views.coverage, name="coverage"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/perimetre.svg", views.perimeter_svg, name="perimeter_svg"),
]
