from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    """The site's own pages (home, legal pages, site map), demo loading and set-up: the top layer."""

    name = "passerelles.website"
    verbose_name = "site"
