from django.urls import path

from . import cofinancing_pages, publication_pages, scenario_pages, views

app_name = "funding"

urlpatterns = [
    path("repartition/", views.simulator, name="simulator"),
    path("repartition/simulation.csv", views.simulator_csv, name="simulator_csv"),
    path("repartition/resultats/", views.simulator_results, name="simulator_results"),
    path("repartition/enregistrer/", scenario_pages.save, name="save"),
    path("repartition/scenarios/", scenario_pages.scenarios, name="scenarios"),
    path("repartition/scenarios/<int:pk>/", scenario_pages.scenario, name="scenario"),
    path("repartition/scenarios/<int:pk>/scenario.csv", scenario_pages.scenario_csv, name="scenario_csv"),
    path("repartition/scenarios/<int:pk>/scenario.pdf", scenario_pages.scenario_pdf, name="scenario_pdf"),
    path("repartition/scenarios/<int:pk>/publier/", publication_pages.publish, name="publish"),
    path("repartition/comparer/", scenario_pages.compare, name="compare"),
    path("repartition/retirer/<int:year>/", publication_pages.withdraw, name="withdraw"),
    path("repartition/publiee/", publication_pages.published_list, name="published_list"),
    path("repartition/publiee/<int:year>/", publication_pages.published, name="published"),
    path("repartition/publiee/<int:year>/repartition.csv", publication_pages.published_csv, name="published_csv"),
    path("financements/", cofinancing_pages.index, name="cofinancing"),
    path("financements/<slug:slug>/<int:year>/", cofinancing_pages.year_page, name="year"),
    path("financements/<slug:slug>/<int:year>/verrou/", cofinancing_pages.lock, name="lock"),
]
