from types import SimpleNamespace

from django.conf import settings

SKIPLINKS = [
    {"link": "#content", "label": "Contenu"},
    {"link": "#header-navigation", "label": "Menu"},
    {"link": "#footer", "label": "Pied de page"},
]


def site(request):
    """What the base template needs, without the per-request query of django-dsfr's DsfrConfig."""
    config = settings.PASSERELLES
    return {
        "SITE_CONFIG": SimpleNamespace(
            site_title=config["SITE_TITLE"],
            site_tagline=config["SITE_TAGLINE"],
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
