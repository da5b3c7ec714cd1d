from django.apps import AppConfig


class OpendataConfig(AppConfig):
    """The open-data dumps of everything published (CSV and JSON, zipped, with their Table Schema and
    licence), built each night and listed at /donnees/."""

    name = "passerelles.opendata"
    verbose_name = "données ouvertes"
