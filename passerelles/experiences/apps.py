from django.apps import AppConfig


class ExperiencesConfig(AppConfig):
    name = "passerelles.experiences"
    verbose_name = "fiches expérience"

    def load_demo(self, actor):
        """Demo content of this app, loaded by website.demo with the rest of the demo."""
        from .services.demo import load_demo_sheets

        return load_demo_sheets(actor)
