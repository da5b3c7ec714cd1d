from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "passerelles.reports"
    verbose_name = "rapports annuels d'activité"

    def load_demo(self, actor):
        """Annual reports at each stage; loaded by website.demo after the funding and the indicators."""
        from .demo import load_demo_reports

        return load_demo_reports(actor)
