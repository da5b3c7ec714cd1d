from django.urls import path

from . import cofinancing_pages, scenario_pages, views

app_name = "funding"

urlpatterns = [
    path("repartition/", views.simulator, name="simulator"),
    path("repartition/enregistrer/", scenario_pages.save, name="save"),
    path("repartition/scenarios/", scenario_pages.scenarios, name="scenarios"),
    path("repartition/scenarios/<int:pk>/", scenario_pages.scenario, name="scenario"),
    path("repartition/scenarios/<int:pk>/scenario.csv", scenario_pages.scenario_csv, name="scenario_csv"),
    path("repartition/scenarios/<int:pk>/scenario.pdf", scenario_pages.scenario_pdf, name="scenario_pdf"),
    path("repartition/comparer/", scenario_pages.compare, name="compare"),
    path("financements/", cofinancing_pages.index, name="cofinancing"),
    path("financements/<slug:slug>/<int:year>/", cofinancing_pages.year_page, name="year"),
    path("financements/<slug:slug>/<int:year>/verrou/", cofinancing_pages.lock, name="lock"),
]
