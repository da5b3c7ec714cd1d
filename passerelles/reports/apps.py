from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "passerelles.reports"
    verbose_name = "rapports annuels d'activité"
