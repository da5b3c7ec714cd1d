"""The interface's theme (PASSERELLES["THEME"], from PASSERELLES_THEME): the DSFR with the State's
identity, or the same components without it (no Marianne, no DSFR fonts, no State colours) for a
centre that runs Passerelles alone."""

import re
from pathlib import Path

import dsfr
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from passerelles.config.settings.base import env_choice

pytestmark = pytest.mark.django_db

PAGES = ["/", "/centres/", "/comptes/connexion/", "/plan-du-site/"]
STATE_MARKS = ["fr-logo", "fr-header__logo", "République", "Marianne", "dsfr/dist/favicon"]
GOVERNMENT_SITES = ["legifrance.gouv.fr", "gouvernement.fr", "service-public.fr", "data.gouv.fr", "info.gouv.fr"]
STATE_PALETTES = ("--blue-france", "--red-marianne")
NEUTRAL_CSS = settings.BASE_DIR / "passerelles" / "core" / "static" / "core" / "theme-neutre.css"


@pytest.fixture
def neutral(settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "THEME": "neutre"}


def text(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_the_dsfr_theme_bears_the_state_brand(client, path):
    html = text(client.get(path))
    assert 'class="fr-logo"' in html and 'class="fr-header__logo"' in html
    assert "theme-neutre.css" not in html


@pytest.mark.parametrize("path", PAGES)
def test_the_neutral_theme_has_no_state_identity(client, neutral, path):
    html = text(client.get(path))
    for mark in STATE_MARKS + GOVERNMENT_SITES:
        assert mark not in html, mark
    assert "/static/core/theme-neutre.css" in html and "/static/core/favicon-neutre.svg" in html
    assert re.search(r'<p class="fr-header__service-title">\s*Passerelles', html)
    assert '<p class="pa-brand">Passerelles</p>' in html  # the footer's brand: the service


def test_favicon_ico_leads_to_the_theme_s_icon(client, settings):
    """Asked by browsers of documents naming no icon (the API's JSON): never a 404."""
    dsfr_icon = client.get("/favicon.ico")
    assert dsfr_icon.status_code == 302 and dsfr_icon["Location"].endswith("/dsfr/dist/favicon/favicon.ico")
    settings.PASSERELLES = {**settings.PASSERELLES, "THEME": "neutre"}
    neutral_icon = client.get("/favicon.ico")
    assert neutral_icon.status_code == 302 and neutral_icon["Location"] == "/static/core/favicon-neutre.svg"
    assert client.post("/favicon.ico").status_code == 405


def test_the_neutral_theme_is_served_after_the_dsfr(client, neutral):
    html = text(client.get("/"))
    assert html.index("dsfr.min.css") < html.index("theme-neutre.css") < html.index("<title>")


def test_a_misspelt_theme_stops_the_site(monkeypatch):
    monkeypatch.setenv("PASSERELLES_THEME", "neutral")
    with pytest.raises(ImproperlyConfigured, match="PASSERELLES_THEME"):
        env_choice("PASSERELLES_THEME", ("dsfr", "neutre"), "dsfr")
    monkeypatch.setenv("PASSERELLES_THEME", " Neutre ")
    assert env_choice("PASSERELLES_THEME", ("dsfr", "neutre"), "dsfr") == "neutre"
    monkeypatch.delenv("PASSERELLES_THEME")
    assert env_choice("PASSERELLES_THEME", ("dsfr", "neutre"), "dsfr") == "dsfr"


# The neutral palette, checked against the DSFR it overrides.


def custom_properties(css, selector=":root"):
    """The custom properties of the first `selector { … }` rule of `css` that defines the palette."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for match in re.finditer(r"([^{}]*)\{([^{}]*--blue-france-sun-113-625:[^{}]*)\}", css):
        if match.group(1).strip() == selector:
            return dict(re.findall(r"(--[a-z0-9-]+)\s*:\s*([^;]+)", match.group(2)))
    raise AssertionError(f"no {selector} palette")


def luminance(colour):
    red, green, blue = (int(colour.strip()[i : i + 2], 16) / 255 for i in (1, 3, 5))
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def dsfr_stylesheet():
    return (Path(dsfr.__file__).parent / "static" / "dsfr" / "dist" / "dsfr" / "dsfr.min.css").read_text()


def test_the_neutral_palette_replaces_every_state_colour_of_the_dsfr():
    state = {name for name in custom_properties(dsfr_stylesheet()) if name.startswith(STATE_PALETTES)}
    neutral = custom_properties(NEUTRAL_CSS.read_text())
    assert state and set(neutral) == state  # a DSFR upgrade that adds or renames one is noticed
    assert not {"#000091", "#e1000f", "#c9191e"} & {value.strip().lower() for value in neutral.values()}


def test_the_neutral_palette_keeps_wcag_aa_contrast():
    palette = custom_properties(NEUTRAL_CSS.read_text())
    white, grey_text = "#ffffff", "#161616"
    for family, action in (("--blue-france", "-sun-113-625"), ("--red-marianne", "-425-625")):
        for state in ("", "-hover"):  # its text on white, and white text on it
            assert contrast(palette[family + action + state], white) >= 4.5, family + action + state
        for tint in ("-975-75", "-950-100", "-925-125"):  # its text on its tints; grey text on them
            assert contrast(palette[family + action], palette[family + tint]) >= 4.5, family + tint
            assert contrast(grey_text, palette[family + tint + "-active"]) >= 4.5, family + tint
    # Borders and decorative strokes: 3:1 for the parts of controls (WCAG 1.4.11).
    assert contrast(palette["--blue-france-main-525"], white) >= 3
    assert contrast(palette["--red-marianne-main-472"], white) >= 3
