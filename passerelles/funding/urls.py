from django.urls import path

from . import cofinancing_pages, views

app_name = "funding"

urlpatterns = [
    path("repartition/", views.simulator, name="simulator"),
    path("financements/", cofinancing_pages.index, name="cofinancing"),
    path("financements/<slug:slug>/<int:year>/", cofinancing_pages.year_page, name="year"),
    path("financements/<slug:slug>/<int:year>/verrou/", cofinancing_pages.lock, name="lock"),
]
