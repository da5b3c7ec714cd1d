from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "passerelles.editorial"
    verbose_name = "édition"
