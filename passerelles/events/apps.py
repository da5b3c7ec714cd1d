from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "passerelles.events"
    verbose_name = "temps de qualification et d'échanges"
