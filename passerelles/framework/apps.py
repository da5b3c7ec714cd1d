from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "passerelles.framework"
    verbose_name = "cadre de référence du réseau"

    def load_demo(self, actor):
        """Accreditations of most centres; loaded by website.demo with the rest of the demo."""
        from .demo import load_demo_accreditations

        return load_demo_accreditations(actor)
