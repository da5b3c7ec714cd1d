from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    """The site's own pages (home, legal pages, site map), demo loading and set-up: the top layer."""

    name = "passerelles.website"
    verbose_name = "site"

    def ready(self):
        from passerelles.centres import pages

        from . import network

        pages.add_section(network.centre_activity)
