"""Every page below the home says where it sits: the DSFR breadcrumb, with its collapse button for
small screens (« Voir le fil d'Ariane »)."""

import pytest
from lxml import html as lxml_html

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre
from passerelles.testing.public_pages import public_urls, published_content

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "/agenda/espace/",
    "/experiences/espace/",
    "/publications/espace/",
    "/comptes/mon-compte/",
    "/contacts/centre/pb/",
    "/lettres/",
]


def breadcrumb_problems(response):
    """What is wrong with the page's breadcrumb, or None when it is the DSFR component."""
    navs = lxml_html.fromstring(response.content).xpath("//nav[contains(@class, 'fr-breadcrumb')]")
    if not navs:
        return "no breadcrumb"
    buttons = navs[0].xpath("./button[@class='fr-breadcrumb__button']")
    if not buttons or buttons[0].text_content().strip() != "Voir le fil d'Ariane":
        return "no collapse button"
    button = buttons[0]
    collapse = navs[0].xpath(f"./div[@class='fr-collapse'][@id='{button.get('aria-controls')}']")
    if button.get("aria-expanded") != "false" or not collapse:
        return "the button controls no collapsed list"
    links = collapse[0].xpath("./ol[@class='fr-breadcrumb__list']/li/a[@class='fr-breadcrumb__link']")
    if links[0].text_content().strip() != "Accueil" or links[-1].get("aria-current") != "page":
        return "the trail does not go from the home to the page"
    return None


def is_html(response):
    return response["Content-Type"].startswith("text/html")


def test_every_public_page_below_the_home_has_a_breadcrumb(client):
    # The home is the top of every trail; a printable sheet is a document, without the site around it.
    urls = [url for url in public_urls(published_content()) if url != "/" and not url.endswith("/imprimer/")]
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if is_html(response) and (problem := breadcrumb_problems(response)):
            problems[url] = problem
    assert problems == {}


def test_the_home_has_no_breadcrumb(client):
    assert b"fr-breadcrumb" not in client.get("/").content


def test_staff_pages_have_a_breadcrumb(client):
    centre = Centre.objects.get(slug="pb")
    client.force_login(MembershipFactory(centre=centre, role=Role.CENTRE_ADMIN).user)
    problems = {}
    for url in STAFF_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        if problem := breadcrumb_problems(response):
            problems[url] = problem
    assert problems == {}
