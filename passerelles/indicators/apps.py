from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "passerelles.indicators"
    verbose_name = "indicateurs du réseau"

    def load_demo(self, actor):
        """The demo years' indicators, the last one published; loaded by website.demo after the events."""
        from .demo import load_demo_figures

        return load_demo_figures(actor)
