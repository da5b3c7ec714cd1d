from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache

from .models import DemoDataset

DEMO_CACHE_KEY = "passerelles:demo-present"


def demo_present():
    return cache.get_or_set(DEMO_CACHE_KEY, DemoDataset.objects.exists, 60)


def demo(request):
    """Whether demo data is loaded: the base template then shows its banner on every page."""
    return {"demo_present": demo_present()}


SKIPLINKS = [
    {"link": "#content", "label": "Contenu"},
    {"link": "#header-navigation", "label": "Menu"},
    {"link": "#footer", "label": "Pied de page"},
]


def site(request):
    """What the base template needs, without the per-request query of django-dsfr's DsfrConfig.
    `theme` is « dsfr » or « neutre » (settings PASSERELLES["THEME"]): the neutral theme keeps the
    DSFR's components without the State's identity, which only State sites may bear."""
    config = settings.PASSERELLES
    return {
        "SITE_CONFIG": SimpleNamespace(
            site_title=config["SITE_TITLE"],
            site_tagline=config["SITE_TAGLINE"],
            theme=config["THEME"],
            neutral_theme=config["THEME"] == "neutre",
            header_brand_html="République<br>française",
            footer_brand_html="République<br>française",
            footer_brand="République française",
            footer_description=(
                "Passerelles est la plateforme commune des centres de ressources de la politique de la ville : "
                "qualification des professionnels, mise en réseau, capitalisation et diffusion des expériences."
            ),
            operator_logo_file=None,
            operator_logo_alt="",
            beta_tag=False,
            mourning=False,
            notice_title="",
            notice_description="",
        ),
        "skiplinks": SKIPLINKS,
    }
