from django.apps import AppConfig


class FederationConfig(AppConfig):
    name = "passerelles.federation"
    verbose_name = "agendas et actualités des centres"
