from django.apps import AppConfig


class PractitionersConfig(AppConfig):
    name = "passerelles.practitioners"
    verbose_name = "praticiens du réseau"
