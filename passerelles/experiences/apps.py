from django.apps import AppConfig


class ExperiencesConfig(AppConfig):
    name = "passerelles.experiences"
    verbose_name = "fiches expérience"
