from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "passerelles.events"
    verbose_name = "temps de qualification et d'échanges"

    def load_demo(self, actor):
        """Demo content of this app, loaded by website.demo with the rest of the demo."""
        from .services.demo import load_demo_events
        from .services.demo_history import load_demo_history

        return load_demo_events(actor) + load_demo_history()
