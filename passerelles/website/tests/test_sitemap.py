"""The sitemap (sitemaps.org) names every public page, dated where the data says when it changed, cut
in pages no longer than the protocol allows; never a draft, a page kept for invited people or staff,
nor a harvested record that lives on another site; robots.txt leads to it."""

import re
from datetime import timedelta
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from passerelles.centres.models import Centre
from passerelles.editorial.workflow import Status
from passerelles.events.enums import Openness
from passerelles.events.tests.factories import CycleFactory, SessionFactory
from passerelles.experiences.models import ExperienceSheet
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.publications.models import CatalogueRecord, HarvestSource
from passerelles.publications.tests.factories import PublicationFactory, PublishedFactory, SeriesFactory
from passerelles.thesaurus.models import Concept
from passerelles.website import sitemaps

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ORIGIN = "http://testserver"


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    assert response["X-Robots-Tag"] == "noindex, noarchive"
    return etree.fromstring(response.content)


def index(client):
    """The index's files, each with its date: [(address, lastmod or None)]."""
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    return [(entry.findtext("s:loc", namespaces=NS), entry.findtext("s:lastmod", namespaces=NS)) for entry in root]


def listed(client):
    """Every page the sitemap names, with its date: {path: lastmod or None}."""
    pages = {}
    for location, _lastmod in index(client):
        assert location.startswith(ORIGIN), location
        root = xml(client, location.removeprefix(ORIGIN))
        for url in root.findall("s:url", NS):
            loc = url.findtext("s:loc", namespaces=NS)
            assert loc.startswith(ORIGIN), loc
            pages[loc.removeprefix(ORIGIN)] = url.findtext("s:lastmod", namespaces=NS)
    return pages


@pytest.fixture
def content():
    centre = Centre.objects.get(slug="pb")
    series, draft_series = SeriesFactory(centre=centre), SeriesFactory(centre=centre)
    cycle = CycleFactory(centre=centre)
    source = HarvestSource.objects.create(centre=centre, base_url="https://pmb.example.org/oai")
    return {
        "sheet": ExperienceSheetFactory(centre=centre, status=Status.PUBLISHED, published_at=timezone.now()),
        "publication": PublishedFactory(centre=centre, series=series),
        "series": series,
        "session": SessionFactory(centre=centre, cycle=cycle),
        "cycle": cycle,
        "hidden": [
            ExperienceSheetFactory(centre=centre, status=Status.DRAFT),
            ExperienceSheetFactory(centre=centre, status=Status.SUBMITTED),
            PublicationFactory(centre=centre, series=draft_series),
            draft_series,  # no published issue: its list does not show it either
            SessionFactory(centre=centre, is_published=False, openness=Openness.INVITATION),
            SessionFactory(centre=centre, is_published=False),
            CycleFactory(centre=centre, is_published=False, openness=Openness.INVITATION),
        ],
        "record": CatalogueRecord.objects.create(
            source=source,
            centre=centre,
            oai_identifier="oai:pmb:1",
            datestamp=timezone.now(),
            title="Notice moissonnée",
            source_url="https://pmb.example.org/notice/1",
        ),
    }


def test_the_sitemap_lists_what_is_published_and_nothing_kept_back(client, content):
    pages = listed(client)

    for thing in ("sheet", "publication", "series", "session", "cycle"):
        assert content[thing].get_absolute_url() in pages, thing
    for hidden in content["hidden"]:
        assert hidden.get_absolute_url() not in pages, hidden
    assert not [page for page in pages if "/catalogue/" in page]  # harvested: they live on the centre's site
    assert not [page for page in pages if "invitation" in page or "/espace/" in page]
    assert {centre.get_absolute_url() for centre in Centre.objects.all()} <= set(pages)
    assert {concept.get_absolute_url() for concept in Concept.objects.all()} <= set(pages)
    for page in ["/", "/centres/", "/experiences/", "/publications/", "/agenda/", "/thesaurus/", "/plan-du-site/"]:
        assert page in pages, page


def test_each_page_is_dated_by_its_last_change(client, content):
    sheet = content["sheet"]
    ExperienceSheet.objects.filter(pk=sheet.pk).update(updated_at=timezone.now() - timedelta(days=40))
    sheet.refresh_from_db()

    pages = listed(client)

    assert pages[sheet.get_absolute_url()] == timezone.localtime(sheet.updated_at).date().isoformat()
    assert pages[content["publication"].get_absolute_url()] == timezone.localdate().isoformat()
    assert pages["/experiences/"] is None  # a list has no date of its own
    files = dict(index(client))
    assert files[f"{ORIGIN}/sitemap-fiches.xml"]  # the latest change of the section
    assert files[f"{ORIGIN}/sitemap-pages.xml"] is None


def test_a_section_too_long_for_one_file_is_cut_in_pages_the_index_names(client, content, monkeypatch):
    centre = Centre.objects.get(slug="pb")
    ExperienceSheetFactory.create_batch(4, centre=centre, status=Status.PUBLISHED)
    monkeypatch.setattr(sitemaps.SheetSitemap, "limit", 2)

    files = [location for location, _ in index(client) if "fiches" in location]

    assert files == [
        f"{ORIGIN}/sitemap-fiches.xml",
        f"{ORIGIN}/sitemap-fiches.xml?p=2",
        f"{ORIGIN}/sitemap-fiches.xml?p=3",
    ]
    seen = []
    for location in files:
        urls = xml(client, location.removeprefix(ORIGIN)).findall("s:url", NS)
        assert 1 <= len(urls) <= 2
        seen += [url.findtext("s:loc", namespaces=NS).removeprefix(ORIGIN) for url in urls]
    published = ExperienceSheet.objects.published()
    assert sorted(seen) == sorted(sheet.get_absolute_url() for sheet in published)
    assert client.get("/sitemap-fiches.xml?p=4").status_code == 404
    assert client.get("/sitemap-fiches.xml?p=deux").status_code == 404


def test_the_protocol_limit_is_kept():
    assert all(section.limit == 50_000 for section in sitemaps.SECTIONS.values())


def test_a_change_shows_at_once_though_the_files_are_kept(client, content):
    draft = content["hidden"][0]
    assert draft.get_absolute_url() not in listed(client)

    draft.status, draft.published_at = Status.PUBLISHED, timezone.now()
    draft.save()

    assert draft.get_absolute_url() in listed(client)
    content["session"].is_published = False
    content["session"].save()
    assert content["session"].get_absolute_url() not in listed(client)


def test_an_unknown_section_is_not_found(client):
    assert client.get("/sitemap-brouillons.xml").status_code == 404


def allowed(rules, path):
    """Whether robots.txt lets a crawler fetch `path`, as the major crawlers read it (RFC 9309: the
    longest matching rule wins, Allow on a tie; `*` matches anything, `$` ends the path)."""
    matched = []
    for allow, pattern in rules:
        regex = re.escape(pattern).replace(r"\*", ".*").replace(r"\$", "$")
        if re.match(regex, path):
            matched.append((len(pattern), allow))
    return max(matched, default=(0, True))[1]


def test_robots_txt_leads_to_the_sitemap_and_lets_crawlers_read_every_page_it_names(client, content):
    body = client.get("/robots.txt").content.decode()
    robots = RobotFileParser()
    robots.parse(body.splitlines())
    rules = [
        (field.lower() == "allow", value.strip())
        for field, value in (line.split(":", 1) for line in body.splitlines() if ":" in line)
        if field.lower() in ("allow", "disallow")
    ]

    assert robots.site_maps() == [f"{ORIGIN}{reverse('website:sitemap')}"]
    refused = [page for page in listed(client) if not allowed(rules, urlsplit(page).path)]
    assert refused == []
    assert not allowed(rules, "/reseau/annuaire/")  # the rules are read: a page kept out is refused


def test_every_page_of_the_site_s_own_answers(client):
    for name in sitemaps.PAGES:
        assert client.get(reverse(name)).status_code == 200, name
