"""The OAI-PMH provider, harvested by a real client (sickle) over HTTP from a live test server, and a
few raw responses where the client hides what the protocol requires."""

import datetime
import time

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree
from sickle import Sickle, oaiexceptions
from sickle.iterator import OAIResponseIterator

from passerelles.centres.models import Centre
from passerelles.centres.tests.factories import CentreFactory
from passerelles.editorial.workflow import Status
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.territories.models import Territory
from passerelles.thesaurus.enums import Scheme
from passerelles.thesaurus.models import Concept

from .. import oai
from ..enums import ContributorRole
from ..models import Document, Publication
from .factories import ContributorFactory, PublicationFactory, PublishedFactory, SeriesFactory

NS = {"o": oai.OAI, "dc": oai.DC, "oai_dc": oai.OAI_DC}
UTC = datetime.UTC


def oai_id(publication):
    return publication.oai_identifier


def set_updated_at(publication, moment):
    """Give a publication a known datestamp (auto_now would set the present one on save)."""
    Publication.objects.filter(pk=publication.pk).update(updated_at=moment)


@pytest.fixture
def labo():
    return Centre.objects.get(slug="labo-cites")


@pytest.fixture
def reso():
    return Centre.objects.get(slug="reso-villes")


@pytest.fixture
def sickle(live_server):
    return Sickle(f"{live_server.url}/oai", timeout=30)


@pytest.fixture
def page_size(settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "OAI_PAGE_SIZE": 2}
    return 2


def get_xml(client, **params):
    response = client.get("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return etree.fromstring(response.content)


def error_of(root):
    errors = root.findall("o:error", NS)
    assert len(errors) == 1
    return errors[0].get("code"), errors[0].text


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shipped_data_put_back")
class TestHarvestedBySickle:
    @pytest.fixture
    def labo(self):
        return CentreFactory(name="Labo Cités", short_name="", slug="labo")

    @pytest.fixture
    def reso(self):
        return CentreFactory(name="RésO Villes", short_name="RésO", slug="reso")

    def test_identify(self, sickle, live_server, labo):
        first = PublishedFactory(centre=labo)
        set_updated_at(first, datetime.datetime(2023, 5, 4, 3, 2, 1, 500000, tzinfo=UTC))
        PublishedFactory(centre=labo)
        identify = sickle.Identify()
        assert identify.repositoryName == "Passerelles"
        assert identify.baseURL == f"{live_server.url}/oai"
        assert identify.protocolVersion == "2.0"
        assert identify.adminEmail == "animation@passerelles.localhost"
        assert identify.earliestDatestamp == "2023-05-04T03:02:01Z"
        assert identify.deletedRecord == "persistent"
        assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
        assert identify.repositoryIdentifier == "passerelles.localhost"
        assert identify.sampleIdentifier == "oai:passerelles.localhost:publication:1"

    def test_metadata_formats(self, sickle, labo):
        publication = PublishedFactory(centre=labo)
        formats = list(sickle.ListMetadataFormats())
        assert [f.metadataPrefix for f in formats] == ["oai_dc"]
        assert formats[0].metadataNamespace == oai.OAI_DC
        assert [f.metadataPrefix for f in sickle.ListMetadataFormats(identifier=oai_id(publication))] == ["oai_dc"]
        with pytest.raises(oaiexceptions.IdDoesNotExist, match="n'existe pas"):
            list(sickle.ListMetadataFormats(identifier="oai:passerelles.localhost:publication:999999"))

    def test_sets_in_pages(self, sickle, labo, reso, page_size):
        series = SeriesFactory(centre=labo, title="Les Cahiers du DSU", slug="cahiers-dsu")
        PublishedFactory(centre=labo, series=series)
        PublishedFactory(centre=reso)
        PublicationFactory()  # a draft makes no set
        sets = {one.setSpec: one.setName for one in sickle.ListSets()}
        assert sets == {
            "centre": "Publications par centre éditeur",
            "centre:labo": "Labo Cités",
            "centre:reso": "RésO Villes (RésO)",
            "series": "Publications par série",
            "series:cahiers-dsu": "Les Cahiers du DSU",
        }

    def test_records_over_several_pages(self, live_server, labo, page_size):
        published = [PublishedFactory(centre=labo) for _ in range(5)]
        PublicationFactory(centre=labo, title="Brouillon secret")
        responses = list(
            Sickle(f"{live_server.url}/oai", iterator=OAIResponseIterator).ListRecords(metadataPrefix="oai_dc")
        )
        assert len(responses) == 3
        tokens = [r.xml.find(".//o:resumptionToken", NS) for r in responses]
        assert [(t.get("cursor"), t.get("completeListSize")) for t in tokens] == [("0", "5"), ("2", "5"), ("4", "5")]
        assert tokens[0].text and tokens[1].text and not tokens[2].text
        records = Sickle(f"{live_server.url}/oai").ListRecords(metadataPrefix="oai_dc")
        identifiers = [record.header.identifier for record in records]
        assert identifiers == [oai_id(p) for p in published]  # oldest first, each once
        assert "Brouillon secret" not in "".join(r.raw for r in responses)

    def test_changes_during_a_harvest_skip_nothing(self, sickle, labo, page_size):
        first = [PublishedFactory(centre=labo) for _ in range(3)]
        headers = sickle.ListIdentifiers(metadataPrefix="oai_dc")
        seen = [next(headers).identifier, next(headers).identifier]
        # The first one changes (it moves to the end of the list) and another one arrives: with pages
        # counted by position the third one would be skipped; from the last (datestamp, pk) it is not.
        first[0].save()
        later = PublishedFactory(centre=labo)
        seen += [header.identifier for header in headers]
        assert seen == [oai_id(p) for p in [*first, first[0], later]]

    def test_get_record_in_dublin_core(self, sickle, live_server, labo):
        series = SeriesFactory(centre=labo, title="Les Cahiers du DSU", issn="")
        publication = PublishedFactory(
            centre=labo,
            series=series,
            issue_number="36",
            title="Projet éducatif local",
            publication_date=datetime.date(2022, 11, 15),
            online_url="https://labo-cites.example/pel",
        )
        ContributorFactory(publication=publication, name="Marie Curie", affiliation="sociologue")
        ContributorFactory(publication=publication, name="Paul Durand", role=ContributorRole.EDITOR)
        publication.themes.add(
            Concept.objects.create(uri="urn:t:1", scheme=Scheme.THEMES, notation="t1", pref_label="Éducation")
        )
        record = sickle.GetRecord(identifier=oai_id(publication), metadataPrefix="oai_dc")
        dc = record.metadata
        assert dc["title"] == ["Projet éducatif local"]
        assert dc["creator"] == ["Marie Curie (sociologue)"]
        assert dc["contributor"] == ["Paul Durand"]
        assert dc["publisher"] == [labo.display_name]
        assert dc["date"] == ["2022-11-15"]
        assert dc["identifier"] == [
            f"{live_server.url}/publications/{publication.slug}/",
            "https://labo-cites.example/pel",
        ]
        assert dc["source"] == ["Les Cahiers du DSU, n° 36"]
        assert dc["language"] == ["fr"]
        assert dc["subject"] == ["Éducation"]
        assert dc["type"] == ["Text", "étude"]
        assert record.header.setSpecs == ["centre:labo", f"series:{series.slug}"]
        assert not record.deleted

    def test_selective_harvesting(self, sickle, labo, reso):
        january = PublishedFactory(centre=labo)
        february = PublishedFactory(centre=reso)
        march = PublishedFactory(centre=labo)
        set_updated_at(january, datetime.datetime(2024, 1, 10, 10, 0, tzinfo=UTC))
        set_updated_at(february, datetime.datetime(2024, 2, 10, 10, 0, 0, 500000, tzinfo=UTC))
        set_updated_at(march, datetime.datetime(2024, 3, 10, 10, 0, tzinfo=UTC))

        def harvested(**params):
            return [h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc", **params)]

        assert harvested(**{"from": "2024-02-01"}) == [oai_id(february), oai_id(march)]
        assert harvested(until="2024-02-10") == [oai_id(january), oai_id(february)]  # the whole day
        seconds = {"from": "2024-02-10T10:00:00Z", "until": "2024-02-10T10:00:00Z"}
        assert harvested(**seconds) == [oai_id(february)]  # inclusive, to the second
        assert harvested(set="centre:labo") == [oai_id(january), oai_id(march)]
        assert harvested(set="centre:labo", until="2024-01-31") == [oai_id(january)]
        assert harvested(set="centre") == [oai_id(january), oai_id(february), oai_id(march)]
        with pytest.raises(oaiexceptions.NoRecordsMatch):
            harvested(**{"from": "2024-03-10T10:00:01Z"})
        with pytest.raises(oaiexceptions.NoRecordsMatch):
            harvested(set="centre:reso", until="2024-01-31")

    def test_withdrawn_and_deleted_records(self, sickle, labo):
        series = SeriesFactory(centre=labo)
        archived = PublishedFactory(centre=labo, series=series)
        archived.status = Status.ARCHIVED
        archived.save()
        back_to_draft = PublishedFactory(centre=labo)
        back_to_draft.status = Status.DRAFT
        back_to_draft.save()
        deleted = PublishedFactory(centre=labo, series=series)
        deleted_id = oai_id(deleted)
        deleted.delete()
        never_published = PublicationFactory(centre=labo)
        never_published_id = oai_id(never_published)
        never_published.delete()
        kept = PublishedFactory(centre=labo)

        headers = {h.identifier: h for h in sickle.ListIdentifiers(metadataPrefix="oai_dc")}
        assert set(headers) == {oai_id(archived), oai_id(back_to_draft), deleted_id, oai_id(kept)}
        assert [i for i, h in headers.items() if not h.deleted] == [oai_id(kept)]
        assert headers[deleted_id].setSpecs == ["centre:labo", f"series:{series.slug}"]
        record = sickle.GetRecord(identifier=oai_id(archived), metadataPrefix="oai_dc")
        assert record.deleted and record.xml.find(".//o:metadata", NS) is None
        assert sickle.GetRecord(identifier=deleted_id, metadataPrefix="oai_dc").deleted
        with pytest.raises(oaiexceptions.IdDoesNotExist):
            sickle.GetRecord(identifier=never_published_id, metadataPrefix="oai_dc")

    def test_drafts_are_never_exposed(self, sickle, labo):
        draft = PublicationFactory(centre=labo)
        submitted = PublicationFactory(centre=labo, status=Status.SUBMITTED)
        with pytest.raises(oaiexceptions.NoRecordsMatch, match="Aucune notice"):
            list(sickle.ListRecords(metadataPrefix="oai_dc"))
        for publication in (draft, submitted):
            with pytest.raises(oaiexceptions.IdDoesNotExist):
                sickle.GetRecord(identifier=oai_id(publication), metadataPrefix="oai_dc")

    def test_errors(self, sickle, labo, reso, page_size):
        publications = [PublishedFactory(centre=labo) for _ in range(3)]
        with pytest.raises(oaiexceptions.BadArgument, match="n'est pas admis"):
            list(sickle.ListRecords(metadataPrefix="oai_dc", colour="blue"))
        with pytest.raises(oaiexceptions.BadArgument, match="obligatoire"):
            list(sickle.ListRecords())
        with pytest.raises(oaiexceptions.CannotDisseminateFormat, match="seul oai_dc"):
            list(sickle.ListRecords(metadataPrefix="marcxml"))
        with pytest.raises(oaiexceptions.CannotDisseminateFormat):
            sickle.GetRecord(identifier=oai_id(publications[0]), metadataPrefix="marcxml")
        with pytest.raises(oaiexceptions.IdDoesNotExist):
            sickle.GetRecord(identifier="oai:ailleurs.example:publication:1", metadataPrefix="oai_dc")
        with pytest.raises(oaiexceptions.NoRecordsMatch):
            list(sickle.ListRecords(metadataPrefix="oai_dc", set="centre:reso"))
        with pytest.raises(oaiexceptions.NoRecordsMatch):
            list(sickle.ListRecords(metadataPrefix="oai_dc", set="nimportequoi"))
        with pytest.raises(oaiexceptions.BadResumptionToken, match="jeton de reprise"):
            list(sickle.ListRecords(resumptionToken="pas-un-jeton"))

    def test_bad_verb(self, sickle):
        response = sickle.harvest(verb="ListEverything")
        assert response.xml.find("o:error", NS).get("code") == "badVerb"


@pytest.mark.django_db
class TestRawResponses:
    def test_envelope_and_namespaces(self, client, labo):
        publication = PublishedFactory(centre=labo, title="Titre\x0b avec\x1f des caractères interdits")
        root = get_xml(client, verb="GetRecord", identifier=oai_id(publication), metadataPrefix="oai_dc")
        assert root.tag == f"{{{oai.OAI}}}OAI-PMH"
        assert root.find("o:request", NS).attrib == {
            "verb": "GetRecord",
            "identifier": oai_id(publication),
            "metadataPrefix": "oai_dc",
        }
        assert root.find("o:request", NS).text == "http://testserver/oai"
        dc = root.find(".//oai_dc:dc", NS)
        assert dc.find("dc:title", NS).text == "Titre avec des caractères interdits"
        # The elements in the order of the oai_dc schema, the empty ones left out.
        names = [etree.QName(child).localname for child in dc]
        assert names == sorted(names, key=oai.ELEMENTS.index)
        assert "relation" not in names

    def test_subjects_places_and_published_sheets(self, client, labo):
        publication = PublishedFactory(centre=labo)
        theme = Concept.objects.filter(scheme=Scheme.THEMES).first()
        commune = Territory.objects.filter(kind="commune", parent__isnull=False).first()
        publication.themes.set([theme])
        publication.territories.set([commune])
        sheet = ExperienceSheetFactory(centre=labo, status=Status.PUBLISHED)
        publication.related_sheets.set([sheet, ExperienceSheetFactory(centre=labo)])  # the draft stays hidden
        root = get_xml(client, verb="GetRecord", identifier=oai_id(publication), metadataPrefix="oai_dc")
        assert [e.text for e in root.iterfind(".//dc:subject", NS)] == [theme.pref_label]
        assert [e.text for e in root.iterfind(".//dc:coverage", NS)] == [f"{commune.name} ({commune.parent.code})"]
        assert [e.text for e in root.iterfind(".//dc:relation", NS)] == [f"http://testserver{sheet.get_absolute_url()}"]

    @pytest.mark.parametrize(
        ("params", "code"),
        [
            ({}, "badVerb"),
            ({"verb": "Cuisiner"}, "badVerb"),
            ({"verb": ["Identify", "Identify"]}, "badVerb"),
            ({"verb": "Identify", "set": "centre"}, "badArgument"),
            ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
            ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"}, "badArgument"),
            ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
            ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-02-30"}, "badArgument"),
            ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "hier"}, "badArgument"),
            ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-01-01T10:00:00.5Z"}, "badArgument"),
            ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-01-01T10:00Z"}, "badArgument"),
            (
                {
                    "verb": "ListRecords",
                    "metadataPrefix": "oai_dc",
                    "from": "2024-01-01",
                    "until": "2024-02-01T00:00:00Z",
                },
                "badArgument",
            ),
            (
                {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-03-01", "until": "2024-02-01"},
                "badArgument",
            ),
            ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": ""}, "badArgument"),
        ],
    )
    def test_bad_verb_and_argument_echo_no_request(self, client, params, code):
        root = get_xml(client, **params)
        assert error_of(root)[0] == code
        request = root.find("o:request", NS)
        assert request.attrib == {}  # spec 3.6: the base URL only
        assert request.text == "http://testserver/oai"

    def test_other_errors_echo_the_request(self, client):
        root = get_xml(client, verb="ListRecords", metadataPrefix="mods")
        assert error_of(root) == (
            "cannotDisseminateFormat",
            "Le format « mods » n'est pas proposé : seul oai_dc l'est.",
        )
        assert root.find("o:request", NS).attrib == {"verb": "ListRecords", "metadataPrefix": "mods"}

    def test_tokens(self, client, labo, page_size):
        for _ in range(3):
            PublishedFactory(centre=labo)
        first = get_xml(client, verb="ListIdentifiers", metadataPrefix="oai_dc").find(".//o:resumptionToken", NS)
        assert first.get("cursor") == "0" and first.get("completeListSize") == "3"
        assert first.get("expirationDate").endswith("Z")
        last = get_xml(client, verb="ListIdentifiers", resumptionToken=first.text).find(".//o:resumptionToken", NS)
        assert last.text is None and last.attrib == {"cursor": "2", "completeListSize": "3"}
        # A token belongs to its verb, and cannot be altered.
        assert error_of(get_xml(client, verb="ListRecords", resumptionToken=first.text))[0] == "badResumptionToken"
        altered = first.text[:-3] + ("AAA" if not first.text.endswith("AAA") else "BBB")
        assert error_of(get_xml(client, verb="ListIdentifiers", resumptionToken=altered))[0] == "badResumptionToken"

    def test_expired_token(self, client, labo, page_size):
        for _ in range(3):
            PublishedFactory(centre=labo)
        token = get_xml(client, verb="ListRecords", metadataPrefix="oai_dc").find(".//o:resumptionToken", NS).text
        payload = signing.TimestampSigner(salt=oai.SIGNER_SALT).unsign_object(token)

        class YesterdaySigner(signing.TimestampSigner):
            def timestamp(self):
                return signing.b62_encode(int(time.time()) - 25 * 3600)

        old = YesterdaySigner(salt=oai.SIGNER_SALT).sign_object(payload, compress=True)
        code, message = error_of(get_xml(client, verb="ListRecords", resumptionToken=old))
        assert code == "badResumptionToken" and "expiré" in message

    def test_post_is_accepted(self, client):
        response = client.post("/oai", {"verb": "Identify"})
        assert etree.fromstring(response.content).find("o:Identify", NS) is not None

    def test_a_page_costs_the_same_queries_whatever_its_size(self, client, labo, settings):
        settings.PASSERELLES = {**settings.PASSERELLES, "OAI_PAGE_SIZE": 100}
        themes = list(Concept.objects.filter(scheme=Scheme.THEMES)[:2])
        communes = list(Territory.objects.filter(kind="commune")[:2])

        def add(count):
            for _ in range(count):
                publication = PublishedFactory(centre=labo, series=SeriesFactory(centre=labo))
                ContributorFactory(publication=publication)
                publication.themes.set(themes)
                publication.territories.set(communes)
                publication.related_sheets.set([ExperienceSheetFactory(centre=labo)])
                pdf = ContentFile(b"%PDF-1.4", name="texte.pdf")
                Document.objects.create(publication=publication, title="Texte", file=pdf, size=8, pages=1)

        def queries():
            with CaptureQueriesContext(connection) as context:
                root = get_xml(client, verb="ListRecords", metadataPrefix="oai_dc")
            assert root.find("o:error", NS) is None
            return len(context.captured_queries)

        add(2)
        few = queries()
        add(8)
        assert queries() == few
