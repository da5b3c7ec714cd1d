"""A publication's page describes it in schema.org terms (JSON-LD): a ScholarlyArticle for a study or
a report, a CreativeWork otherwise, with its authors, its centre, its series and its documents."""

import json

import pytest
from django.core.files.base import ContentFile
from rdflib import URIRef

from passerelles.centres.models import Centre
from passerelles.events.tests.factories import SessionFactory
from passerelles.testing.jsonld import SCHEMA, description, graph
from passerelles.thesaurus.models import Concept

from ..enums import ContributorKind, ContributorRole, Kind
from ..models import Document
from .factories import ContributorFactory, PublishedFactory, SeriesFactory

pytestmark = pytest.mark.django_db
ORIGIN = "http://testserver"


@pytest.fixture
def centre():
    return Centre.objects.get(slug="pb")


@pytest.fixture
def study(centre):
    series = SeriesFactory(centre=centre, title="Les Cahiers", issn="0317-8471")
    study = PublishedFactory(
        centre=centre,
        series=series,
        issue_number="36",
        title="Les quartiers et l'école",
        kind=Kind.STUDY,
        licence="CC BY-SA 4.0",
        online_url="https://hal.example.org/etude-36",
    )
    ContributorFactory(publication=study, name="Agnès Martin", affiliation="sociologue, université Lyon 2")
    ContributorFactory(publication=study, name="Observatoire de l'Ouest", kind=ContributorKind.ORGANISATION)
    ContributorFactory(publication=study, name="Paul Durand", role=ContributorRole.EDITOR)
    study.themes.set(Concept.objects.filter(scheme="themes")[:1])
    Document.objects.create(
        publication=study, title="Texte intégral", file=ContentFile(b"%PDF-1.4", name="etude.pdf"), size=8, pages=1
    )
    return study


def test_a_study_is_a_scholarly_article_with_its_authors_series_and_documents(client, study):
    data = description(client.get(study.get_absolute_url()))

    url = f"{ORIGIN}{study.get_absolute_url()}"
    assert (data["@type"], data["@id"], data["name"], data["headline"]) == (
        "ScholarlyArticle",
        url,
        "Les Cahiers, n° 36 : Les quartiers et l'école",
        "Les quartiers et l'école",
    )
    assert (data["datePublished"], data["inLanguage"], data["abstract"]) == ("2024-03-01", "fr", study.abstract)
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert data["author"] == [
        {"@type": "Person", "name": "Agnès Martin", "description": "sociologue, université Lyon 2"},
        {"@type": "Organization", "name": "Observatoire de l'Ouest"},
    ]
    assert data["editor"] == [{"@type": "Person", "name": "Paul Durand"}]
    assert data["publisher"]["@id"] == f"{ORIGIN}/centres/pb/#centre"
    assert data["isPartOf"] == {
        "@type": "Periodical",
        "name": "Les Cahiers",
        "url": f"{ORIGIN}{study.series.get_absolute_url()}",
        "issn": "0317-8471",
    }
    [document] = data["encoding"]
    assert (document["@type"], document["encodingFormat"], document["name"]) == (
        "MediaObject",
        "application/pdf",
        "Texte intégral",
    )
    served = client.get(document["contentUrl"].removeprefix(ORIGIN))
    served.close()  # a file answer: its file is closed with it
    assert served.status_code == 200
    assert data["sameAs"] == "https://hal.example.org/etude-36"
    assert [term["@type"] for term in data["about"]] == ["DefinedTerm"]
    assert len(list(graph(data).objects(URIRef(url), URIRef(SCHEMA + "author")))) == 2


def test_a_guide_without_named_authors_is_a_creative_work_written_by_its_centre(client, centre):
    guide = PublishedFactory(centre=centre, kind=Kind.GUIDE, licence="Tous droits réservés")

    data = description(client.get(guide.get_absolute_url()))

    assert data["@type"] == "CreativeWork"
    assert "headline" not in data
    assert data["author"]["@id"] == data["publisher"]["@id"] == f"{ORIGIN}/centres/pb/#centre"
    assert data["license"] == "Tous droits réservés"


def test_proceedings_name_their_session_only_when_the_agenda_shows_it(client, centre):
    shown = SessionFactory(centre=centre, online_url="https://visio.example.org/secret-1")
    kept = SessionFactory(centre=centre, is_published=False, online_url="https://visio.example.org/secret-2")
    public = PublishedFactory(centre=centre, kind=Kind.PROCEEDINGS, session=shown)
    private = PublishedFactory(centre=centre, kind=Kind.PROCEEDINGS, session=kept)

    named = description(client.get(public.get_absolute_url()))
    unnamed = description(client.get(private.get_absolute_url()))

    assert named["recordedAt"]["url"] == f"{ORIGIN}{shown.get_absolute_url()}"
    assert "recordedAt" not in unnamed
    assert "visio.example.org" not in json.dumps(named) + json.dumps(unnamed)


def test_a_hostile_title_cannot_leave_its_script(client, centre):
    hostile = PublishedFactory(centre=centre, title="</script><script>alert(1)</script>")

    response = client.get(hostile.get_absolute_url())

    assert "<script>alert(1)" not in response.content.decode()
    assert description(response)["name"] == hostile.title


def test_a_series_is_a_periodical_of_its_centre(client, study):
    data = description(client.get(study.series.get_absolute_url()))

    assert (data["@type"], data["name"], data["issn"], data["publisher"]["@id"]) == (
        "Periodical",
        "Les Cahiers",
        "0317-8471",
        f"{ORIGIN}/centres/pb/#centre",
    )
    assert data["@id"] == data["url"] == f"{ORIGIN}{study.series.get_absolute_url()}"
    assert len(graph(data)) > 0
