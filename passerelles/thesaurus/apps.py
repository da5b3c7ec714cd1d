from django.apps import AppConfig


class ThesaurusConfig(AppConfig):
    name = "passerelles.thesaurus"
    verbose_name = "thésaurus"
