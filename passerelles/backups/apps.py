from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "passerelles.backups"
    verbose_name = "sauvegardes"
