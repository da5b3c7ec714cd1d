from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API v1 (issue 18): reads of the public data, writes of centre staff with tokens."""

    name = "passerelles.api"
    verbose_name = "API"
