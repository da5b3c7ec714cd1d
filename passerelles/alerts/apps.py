from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "passerelles.alerts"
    verbose_name = "alertes et lettres personnelles"
