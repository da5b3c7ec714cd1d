from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """The review workflow and the abstract models shared by a centre's content (no table of its own)."""

    name = "passerelles.editorial"
    verbose_name = "contenu éditorial"
