"""A broken or hostile feed is reported to its centre in French and changes nothing already
harvested: malformed XML, entities (billion laughs, external), a huge file, an unreadable encoding,
a server that never answers, an address of the machine or of a private network."""

import socket
import time

import pytest

from ..enums import FeedKind, HarvestStatus
from ..models import FeedSource, HarvestedEvent, HarvestedNews
from ..services import calendar as calendar_reading
from ..services.fetch import FeedError, check_address
from ..services.harvest import harvest
from .conftest import make_source
from .feeds import Answer, calendar, rss, vevent

pytestmark = pytest.mark.django_db
RSS = "application/rss+xml"
DATE = "Mon, 30 Nov 2026 10:00:00 +0100"
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>x</title><item><guid>g</guid><title>&lol9;</title></item></channel></rss>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><guid>g</guid><title>&secret;</title></item></channel></rss>"""


@pytest.fixture
def harvested_news(local_feeds, centre):
    """A news feed harvested once (two items), then served by `local_feeds` at /feed."""
    local_feeds.answers["/feed"] = Answer(
        rss(("g1", "Un", "https://centre.example/1", "", DATE), ("g2", "Deux", "https://centre.example/2", "", DATE)),
        content_type=RSS,
        etag='"v1"',
    )
    source = make_source(centre, local_feeds.url("/feed"), kind=FeedKind.NEWS)
    assert harvest(source).added == 2
    return FeedSource.objects.get(pk=source.pk)


def unchanged_after(source, local_feeds, answer):
    """Serve `answer`, harvest, and check that only the source's last result changed."""
    before = sorted(HarvestedNews.objects.values_list("pk", "guid", "title", "seen_at"))
    local_feeds.answers["/feed"] = answer
    outcome = harvest(source)
    assert outcome.status == HarvestStatus.ERROR
    assert sorted(HarvestedNews.objects.values_list("pk", "guid", "title", "seen_at")) == before
    source.refresh_from_db()
    assert source.last_status == HarvestStatus.ERROR and source.last_message == outcome.message
    assert source.etag == '"v1"'  # the validators of the last good answer stay
    return outcome.message


def test_malformed_xml(harvested_news, local_feeds):
    message = unchanged_after(
        harvested_news, local_feeds, Answer(b"<rss><channel><item><title>Un</channel>", content_type=RSS)
    )
    assert message.startswith("Le flux n'est pas un XML bien formé")


def test_billion_laughs_is_refused_at_once(harvested_news, local_feeds):
    started = time.monotonic()
    message = unchanged_after(harvested_news, local_feeds, Answer(BILLION_LAUGHS, content_type=RSS))
    assert "refusé par sécurité" in message
    assert time.monotonic() - started < 30  # expanded, it would take the machine's memory


def test_external_entity_is_refused(harvested_news, local_feeds):
    message = unchanged_after(harvested_news, local_feeds, Answer(EXTERNAL_ENTITY, content_type=RSS))
    assert "refusé par sécurité" in message
    assert "root:" not in message


def test_a_body_naming_a_local_file_is_not_read_as_one(harvested_news, local_feeds):
    message = unchanged_after(harvested_news, local_feeds, Answer(b"/etc/passwd", content_type=RSS))
    assert "XML bien formé" in message


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "streamed"])
def test_a_huge_file_is_stopped_past_the_limit(harvested_news, local_feeds, chunked):
    huge = rss(*[(f"g{n}", "x" * 1000, "https://centre.example/", "y" * 1000, DATE) for n in range(800)])
    message = unchanged_after(harvested_news, local_feeds, Answer(huge, content_type=RSS, chunked=chunked))
    assert message == "Le flux dépasse la taille admise (1 Mo) : moisson arrêtée."


def test_an_unreadable_encoding(harvested_news, local_feeds):
    body = b'<?xml version="1.0" encoding="utf-8"?><rss>' + bytes(range(128, 256)) * 40 + b"</rss>"
    message = unchanged_after(harvested_news, local_feeds, Answer(body, content_type=RSS))
    assert message.startswith("Le flux n'est pas lisible : il se déclare en « utf-8 »")


def test_an_unknown_declared_encoding_falls_back_to_detection(harvested_news, local_feeds):
    body = rss(("g1", "Un été", "https://centre.example/1", "", DATE))
    local_feeds.answers["/feed"] = Answer(body, content_type="application/rss+xml; charset=klingon")
    assert harvest(harvested_news).status == HarvestStatus.OK
    assert list(HarvestedNews.objects.values_list("title", flat=True)) == ["Un été"]


def test_a_server_that_never_answers(harvested_news, local_feeds):
    message = unchanged_after(harvested_news, local_feeds, Answer(b"", stall=10))
    assert message.endswith("n'a pas répondu à temps (délai de 1 s).")


def test_an_http_error(harvested_news, local_feeds):
    message = unchanged_after(harvested_news, local_feeds, Answer(b"oups", status=500))
    assert message.startswith("Le site a répondu par une erreur HTTP 500")


def test_an_html_page_instead_of_a_feed(harvested_news, local_feeds):
    message = unchanged_after(
        harvested_news, local_feeds, Answer(b"<html><body>Accueil</body></html>", content_type="text/html")
    )
    assert message == "Le fichier n'est pas un flux RSS ou Atom."


def test_a_broken_calendar_changes_nothing(local_feeds, centre):
    local_feeds.answers["/agenda.ics"] = Answer(calendar(vevent("u1", "20270110T100000", "20270110T120000", "Atelier")))
    source = make_source(centre, local_feeds.url("/agenda.ics"))
    harvest(source)
    for body in (b"ceci n'est pas un agenda", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n", b"   "):
        local_feeds.answers["/agenda.ics"] = Answer(body)
        outcome = harvest(FeedSource.objects.get(pk=source.pk))
        assert outcome.status == HarvestStatus.ERROR
        assert outcome.message.startswith(
            ("Le fichier n'est pas un agenda iCalendar", "Le site a renvoyé un flux vide")
        )
        assert list(HarvestedEvent.objects.values_list("uid", "title")) == [("u1", "Atelier")]


def test_addresses_of_the_machine_or_a_private_network_are_refused(settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "FEED_ALLOW_PRIVATE_HOSTS": False}
    for url in (
        "http://127.0.0.1/agenda.ics",
        "http://localhost:8000/",
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://192.168.1.1/feed",
    ):
        with pytest.raises(FeedError, match="réseau privé ou local"):
            check_address(url)
    for url in ("ftp://centre.example/agenda.ics", "file:///etc/passwd", "javascript:alert(1)"):
        with pytest.raises(FeedError, match="n'est pas une adresse http"):
            check_address(url)


def test_a_harvest_refuses_a_private_address_even_if_stored(local_feeds, centre, settings):
    local_feeds.answers["/agenda.ics"] = Answer(calendar(vevent("u1", "20270110T100000", "20270110T120000", "Atelier")))
    source = make_source(centre, local_feeds.url("/agenda.ics"))
    settings.PASSERELLES = {**settings.PASSERELLES, "FEED_ALLOW_PRIVATE_HOSTS": False}
    outcome = harvest(source)
    assert outcome.status == HarvestStatus.ERROR and "réseau privé ou local" in outcome.message
    assert local_feeds.requests == []


def test_every_address_a_redirect_leads_to_is_checked(local_feeds, centre):
    local_feeds.answers["/moved"] = Answer(status=301, headers={"Location": "file:///etc/passwd"})
    local_feeds.answers["/loop"] = Answer(status=302, headers={"Location": "/loop"})
    for path, expected in (
        ("/moved", "« file:///etc/passwd » n'est pas une adresse http(s) valide."),
        ("/loop", "redirige trop"),
    ):
        source = make_source(centre, local_feeds.url(path))
        outcome = harvest(source)
        assert outcome.status == HarvestStatus.ERROR and expected in outcome.message


def test_recurrence_rules_written_to_give_millions_of_occurrences(local_feeds, centre):
    local_feeds.answers["/agenda.ics"] = Answer(calendar(vevent("u1", "20270110T100000", "20270110T120000", "Atelier")))
    source = make_source(centre, local_feeds.url("/agenda.ics"))
    harvest(source)
    daily_since_1900 = [
        vevent(f"r{n}", "19000101T100000", "19000101T110000", "Chaque jour", extra=["RRULE:FREQ=DAILY"])
        for n in range(15)
    ]
    minutely = vevent("m", "20270110T100000", "20270110T100100", "Chaque minute", extra=["RRULE:FREQ=MINUTELY"])
    local_feeds.answers["/agenda.ics"] = Answer(calendar(minutely, *daily_since_1900))

    outcome = harvest(FeedSource.objects.get(pk=source.pk))

    assert outcome.status == HarvestStatus.ERROR
    assert (
        outcome.message == "Les règles de répétition de l'agenda donnent trop d'occurrences : il n'est pas moissonné."
    )
    assert list(HarvestedEvent.objects.values_list("uid", flat=True)) == ["u1"]

    local_feeds.answers["/agenda.ics"] = Answer(calendar(minutely, daily_since_1900[0]))
    outcome = harvest(FeedSource.objects.get(pk=source.pk))
    assert outcome.status == HarvestStatus.OK
    assert "« Chaque minute » : répétition à la seconde ou à la minute, non prise en charge" in outcome.message
    assert HarvestedEvent.objects.filter(uid="r0").count() == 100  # the coming occurrences, at most 100


def test_rules_that_never_match_stop_the_reading_within_its_budget(local_feeds, centre, monkeypatch):
    """« Every 30th of February » gives no occurrence to count, and the library scans to the year
    9999: the reading as a whole has a time budget (lowered here to keep the test short)."""
    monkeypatch.setattr(calendar_reading, "READING_SECONDS", 0.2)
    local_feeds.answers["/agenda.ics"] = Answer(calendar(vevent("u1", "20270110T100000", "20270110T120000", "Atelier")))
    source = make_source(centre, local_feeds.url("/agenda.ics"))
    harvest(source)
    never = [
        vevent(
            f"n{n}", "90000101T100000", "90000101T110000", "Jamais", extra=["RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"]
        )
        for n in range(3)
    ]
    local_feeds.answers["/agenda.ics"] = Answer(calendar(*never))

    outcome = harvest(FeedSource.objects.get(pk=source.pk))

    assert outcome.status == HarvestStatus.ERROR and "règles de répétition trop coûteuses" in outcome.message
    assert list(HarvestedEvent.objects.values_list("uid", flat=True)) == ["u1"]


def test_an_address_with_an_impossible_port_is_refused_in_french():
    with pytest.raises(FeedError, match="n'est pas une adresse http"):
        check_address("http://93.184.216.34:99999/flux", allow_private=False)


def test_a_name_that_resolves_elsewhere_when_connecting_is_refused(local_feeds, centre, settings, monkeypatch):
    """DNS rebinding: the name is public when checked, then leads to this machine when connecting."""
    local_feeds.answers["/agenda.ics"] = Answer(calendar(vevent("u1", "20270110T100000", "20270110T120000", "Atelier")))
    source = make_source(centre, local_feeds.url("/agenda.ics").replace("127.0.0.1", "localhost"))
    settings.PASSERELLES = {**settings.PASSERELLES, "FEED_ALLOW_PRIVATE_HOSTS": False}
    real, asked = socket.getaddrinfo, []

    def rebinding(host, *args, **kwargs):
        asked.append(host)
        if len(asked) == 1:  # the check: a public address
            return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("93.184.216.34", 80))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    outcome = harvest(source)
    assert len(asked) >= 2  # the check, then the connection
    assert outcome.status == HarvestStatus.ERROR and "réseau privé ou local" in outcome.message
    assert not HarvestedEvent.objects.exists()
