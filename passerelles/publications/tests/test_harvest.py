"""The harvester, harvesting the project's own OAI-PMH provider from a live test server into another
centre, through a small HTTP relay that can cut the network half-way."""

import datetime
import http.client
import io
import socket
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from passerelles.centres.models import Centre
from passerelles.centres.tests.factories import CentreFactory
from passerelles.editorial.workflow import Status

from ..models import CatalogueRecord, HarvestSource, Publication
from ..services.harvest import HarvestError, harvest, source_for
from .factories import PublicationFactory, PublishedFactory

LONG_AGO = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        answer = self.server.answer(self.path)
        if answer is None:
            return  # no answer: the client sees the connection closed under it
        status, content_type, body = answer
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def serving(answer):
    """A real HTTP server on loopback; `answer(path)` gives (status, content type, body) or None."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.answer = answer
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class Relay:
    """Forwards requests to the live server, or drops them once `limit` requests went through."""

    def __init__(self, target):
        self.target = urlsplit(target)
        self.limit = None
        self.forwarded = []  # the query of each forwarded request
        self.lock = threading.Lock()

    def __call__(self, path):
        with self.lock:
            if self.limit is not None and len(self.forwarded) >= self.limit:
                return None
            self.forwarded.append({k: v[0] for k, v in parse_qs(urlsplit(path).query).items()})
        connection = http.client.HTTPConnection(self.target.hostname, self.target.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.getheader("Content-Type"), response.read()
        finally:
            connection.close()


@pytest.fixture
def relay(live_server):
    relay = Relay(live_server.url)
    with serving(relay) as url:
        relay.url = f"{url}/oai"
        yield relay


@pytest.fixture
def page_size(settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "OAI_PAGE_SIZE": 2}


def publish(centre, count):
    """Publications published long ago: the datestamps of a later run's `from` leave them out."""
    publications = [PublishedFactory(centre=centre) for _ in range(count)]
    Publication.objects.filter(pk__in=[p.pk for p in publications]).update(updated_at=LONG_AGO)
    return publications


def harvested_ids(source):
    return sorted(CatalogueRecord.objects.filter(source=source).values_list("oai_identifier", flat=True))


def ids(publications):
    return sorted(p.oai_identifier for p in publications)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shipped_data_put_back", "page_size")
class TestHarvestOwnProvider:
    @pytest.fixture
    def publisher(self):
        return CentreFactory(name="Centre éditeur", short_name="", slug="editeur")

    @pytest.fixture
    def source(self, relay):
        return source_for(CentreFactory(slug="moissonneur"), relay.url)

    def test_records_arrive_once_then_only_new_ones(self, live_server, relay, publisher, source):
        first = publish(publisher, 5)
        PublicationFactory(centre=publisher)  # a draft is never harvested
        result = harvest(source)
        assert (result.created, result.updated, result.deleted, result.pages, result.resumed) == (5, 0, 0, 3, False)
        assert harvested_ids(source) == ids(first)
        record = CatalogueRecord.objects.get(oai_identifier=first[0].oai_identifier)
        assert record.centre == source.centre and not record.deleted
        assert record.title == first[0].title
        assert record.source_url == f"{live_server.url}{first[0].get_absolute_url()}"
        assert record.dublin_core["publisher"] == ["Centre éditeur"]
        assert record.datestamp == LONG_AGO
        source.refresh_from_db()
        assert source.harvested_until is not None and source.resumption_token == "" and source.last_error == ""

        relay.forwarded.clear()
        since = source.harvested_until
        nothing = harvest(source)
        assert (nothing.created, nothing.updated, nothing.pages) == (0, 0, 1)
        assert relay.forwarded[1]["from"] == since.strftime("%Y-%m-%dT%H:%M:%SZ")  # asked only what changed since

        later = [PublishedFactory(centre=publisher) for _ in range(2)]
        again = harvest(source)
        assert (again.created, again.updated) == (2, 0)
        assert harvested_ids(source) == ids(first + later)

    def test_withdrawn_and_deleted_records_are_marked(self, publisher, source):
        gone_before = PublishedFactory(centre=publisher)
        gone_before.delete()  # deleted before the first harvest: nothing to mark, no row
        archived, deleted, kept = publish(publisher, 3)
        assert harvest(source).created == 3
        archived.status = Status.ARCHIVED
        archived.save()
        deleted_id = deleted.oai_identifier
        deleted.delete()
        result = harvest(source)
        assert (result.created, result.deleted) == (0, 2)
        rows = dict(CatalogueRecord.objects.values_list("oai_identifier", "deleted"))
        assert rows == {archived.oai_identifier: True, deleted_id: True, kept.oai_identifier: False}
        assert list(CatalogueRecord.objects.public().values_list("oai_identifier", flat=True)) == [kept.oai_identifier]

    def test_an_interrupted_run_resumes_from_its_token(self, relay, publisher, source):
        publications = publish(publisher, 7)  # 4 pages of 2
        relay.limit = 3  # Identify and 2 pages go through, then the network fails
        with pytest.raises(HarvestError, match="injoignable : la connexion a échoué ou a été interrompue"):
            harvest(source)
        source.refresh_from_db()
        assert CatalogueRecord.objects.filter(source=source).count() == 4
        assert source.resumption_token and source.run_started_at and source.harvested_until is None
        assert "injoignable" in source.last_error
        started, token = source.run_started_at, source.resumption_token

        relay.limit, relay.forwarded = None, []
        result = harvest(source)
        # Only the two remaining pages were asked for, from the stored token on.
        assert [request["verb"] for request in relay.forwarded] == ["ListRecords", "ListRecords"]
        assert [sorted(request) for request in relay.forwarded] == [["resumptionToken", "verb"]] * 2
        assert relay.forwarded[0]["resumptionToken"] == token
        assert (result.resumed, result.created, result.pages) == (True, 3, 2)
        assert harvested_ids(source) == ids(publications)  # every record, once
        source.refresh_from_db()
        assert source.harvested_until == started and source.resumption_token == "" and source.last_error == ""

    def test_a_refused_token_starts_again_from_the_start(self, relay, publisher, source):
        publications = publish(publisher, 3)
        HarvestSource.objects.filter(pk=source.pk).update(resumption_token="perime")
        source.refresh_from_db()
        result = harvest(source)
        assert relay.forwarded[0] == {"verb": "ListRecords", "resumptionToken": "perime"}
        assert relay.forwarded[1] == {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
        assert result.created == 3 and harvested_ids(source) == ids(publications)

    def test_command_output(self, relay, publisher):
        publish(publisher, 3)
        harvester = CentreFactory(name="Centre moissonneur", short_name="", slug="moissonneur")
        out = io.StringIO()
        call_command("harvest_oai", relay.url, "--centre", "moissonneur", stdout=out, stderr=io.StringIO())
        assert out.getvalue() == (
            "Moisson terminée pour Centre moissonneur : 3 notice(s) ajoutée(s), 0 mise(s) à jour, "
            "0 retirée(s), 0 ignorée(s) (2 page(s)).\n"
        )
        assert CatalogueRecord.objects.filter(centre=harvester).count() == 3

    def test_command_on_a_missing_page(self, live_server):
        CentreFactory(slug="moissonneur")
        with pytest.raises(CommandError, match=r"erreur HTTP 404"):
            call_command("harvest_oai", f"{live_server.url}/pas-d-oai-ici", "--centre", "moissonneur")


OTHER_CATALOGUE = b"""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
 <responseDate>2025-06-01T08:00:00Z</responseDate>
 <request verb="ListRecords">http://catalogue.example/oai</request>
 <ListRecords>
  <record><header><identifier>oai:pmb:1</identifier><datestamp>2025-05-02</datestamp></header>
   <metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
       xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:creator>Une autrice</dc:creator><dc:identifier>ISBN 978-2-00000-000-0</dc:identifier>
    <dc:identifier>https://pmb.example/notice/1</dc:identifier><dc:subject> </dc:subject>
   </oai_dc:dc></metadata></record>
  <record><header><identifier>oai:pmb:2</identifier><datestamp>2025-05-02</datestamp></header></record>
  <record><header><identifier>oai:pmb:3</identifier><datestamp>hier</datestamp></header>
   <metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"/></metadata></record>
  <record><header status="deleted"><identifier>oai:pmb:4</identifier><datestamp>2025-05-03</datestamp></header></record>
 </ListRecords>
</OAI-PMH>"""

IDENTIFY = b"""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2025-06-01T08:00:00Z</responseDate>
<request verb="Identify">http://catalogue.example/oai</request><Identify><granularity>YYYY-MM-DD</granularity>
</Identify></OAI-PMH>"""


@pytest.mark.django_db
class TestOtherCatalogues:
    def test_bad_records_are_reported_and_skipped(self):
        def catalogue(path):
            body = IDENTIFY if "Identify" in path else OTHER_CATALOGUE
            return 200, "text/xml; charset=utf-8", body

        with serving(catalogue) as url:
            source = source_for(Centre.objects.get(slug="labo-cites"), url)
            result = harvest(source)
        assert (result.created, result.deleted) == (1, 0)
        assert result.skipped == [
            ("oai:pmb:2", "en-tête ou métadonnées absentes"),
            ("oai:pmb:3", "date « hier » illisible"),
        ]
        record = CatalogueRecord.objects.get(source=source)
        assert record.title == "(sans titre)"
        assert record.source_url == "https://pmb.example/notice/1"
        assert record.dublin_core == {
            "creator": ["Une autrice"],
            "identifier": ["ISBN 978-2-00000-000-0", "https://pmb.example/notice/1"],
        }
        source.refresh_from_db()
        assert source.day_granularity and source.harvested_until == datetime.datetime(
            2025, 6, 1, 8, tzinfo=datetime.UTC
        )

    def test_command_errors_in_french(self):
        with pytest.raises(CommandError, match="Aucun centre n'a l'identifiant « inconnu »"):
            call_command("harvest_oai", "https://catalogue.example/oai", "--centre", "inconnu")
        with pytest.raises(CommandError, match="n'est pas une adresse http"):
            call_command("harvest_oai", "catalogue sans adresse", "--centre", "labo-cites")
        with pytest.raises(CommandError, match="La date « 12/05/2024 » n'est pas valide"):
            call_command(
                "harvest_oai", "https://catalogue.example/oai", "--centre", "labo-cites", "--from", "12/05/2024"
            )
        assert not HarvestSource.objects.exists()

    def test_command_on_an_unreachable_catalogue(self):
        with socket.socket() as sock:  # a port nobody listens to any more
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        url = f"http://127.0.0.1:{port}/oai"
        with pytest.raises(CommandError, match=f"Le catalogue {url} est injoignable"):
            call_command("harvest_oai", url, "--centre", "labo-cites", verbosity=0)
        assert "injoignable" in HarvestSource.objects.get(base_url=url).last_error

    def test_command_on_a_page_that_is_not_oai(self):
        def html(path):
            return 200, "text/html; charset=utf-8", b"<!doctype html><html><body>Accueil</body></html>"

        with serving(html) as url, pytest.raises(CommandError, match="ne répond pas en OAI-PMH"):
            call_command("harvest_oai", url, "--centre", "labo-cites", verbosity=0)


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE OAI-PMH [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2025-06-01T08:00:00Z</responseDate>
<Identify><granularity>&c;</granularity></Identify></OAI-PMH>"""


@pytest.mark.django_db
def test_an_answer_declaring_entities_is_refused_before_parsing():
    with serving(lambda path: (200, "text/xml", BOMB)) as url:
        source = source_for(Centre.objects.get(slug="labo-cites"), url)
        with pytest.raises(HarvestError, match="déclare un type de document .DOCTYPE. ou des entités"):
            harvest(source)
    assert not CatalogueRecord.objects.filter(source=source).exists()
    source.refresh_from_db()
    assert "DOCTYPE" in source.last_error


@pytest.mark.django_db
def test_control_characters_of_harvested_records_are_removed():
    dirty = OTHER_CATALOGUE.replace(
        b"<dc:creator>Une autrice",
        "<dc:title>Titre\u0085 sur\ndeux lignes\u007f</dc:title><dc:creator>Une\u0080 autrice".encode(),
    )

    def catalogue(path):
        return 200, "text/xml; charset=utf-8", IDENTIFY if "Identify" in path else dirty

    with serving(catalogue) as url:
        harvest(source_for(Centre.objects.get(slug="labo-cites"), url))
    record = CatalogueRecord.objects.get(oai_identifier="oai:pmb:1")
    assert record.title == "Titre sur deux lignes"
    assert record.dublin_core["creator"] == ["Une autrice"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shipped_data_put_back", "page_size")
def test_the_nightly_task_harvests_every_catalogue_and_survives_a_broken_one(relay):
    from ..tasks import harvest_catalogues

    publisher = CentreFactory(name="Centre éditeur", short_name="", slug="editeur")
    published = publish(publisher, 3)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/oai"
    broken = HarvestSource.objects.create(centre=CentreFactory(slug="casse"), base_url=dead)
    working = source_for(CentreFactory(slug="moissonneur"), relay.url)

    assert harvest_catalogues.call() == {"harvested": 1, "failed": 1}
    assert harvested_ids(working) == ids(published)
    broken.refresh_from_db()
    assert "injoignable" in broken.last_error
