from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "passerelles.funding"
    verbose_name = "financements et répartition de l'enveloppe de l'État"

    def load_demo(self, actor):
        """Co-financing, a scenario and its publication; loaded by website.demo after the events."""
        from .demo import load_demo_funding

        return load_demo_funding(actor)
