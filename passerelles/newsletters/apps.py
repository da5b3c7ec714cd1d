from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "passerelles.newsletters"
    verbose_name = "lettres d'information des centres"
