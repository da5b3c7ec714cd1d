"""Harvesting RSS and Atom news feeds from a real HTTP server on loopback: items keyed by their GUID
(or link), updated and removed as the source changes them, their HTML reduced to plain text."""

import pytest

from ..enums import FeedKind, HarvestStatus
from ..models import FeedSource, HarvestedNews
from ..services.harvest import harvest
from .conftest import make_source
from .feeds import Answer, atom, rss

pytestmark = pytest.mark.django_db
RSS = "application/rss+xml; charset=utf-8"
DATE = "Mon, 30 Nov 2026 10:00:00 +0100"


def test_rss_items_are_added_updated_and_removed_by_guid(local_feeds, centre):
    local_feeds.answers["/feed"] = Answer(
        rss(
            (
                "guid-1",
                "Appel à projets",
                "https://centre.example/a",
                "&lt;p&gt;Texte &lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;gras&lt;/b&gt;&lt;/p&gt;",
                DATE,
            ),
            ("guid-2", "Rapport annuel", "https://centre.example/b", "Résumé", DATE),
        ),
        content_type=RSS,
    )
    source = make_source(centre, local_feeds.url("/feed"), kind=FeedKind.NEWS, label="Actualités")

    assert harvest(source).added == 2
    item = HarvestedNews.objects.get(guid="guid-1")
    assert item.summary == "Texte gras"
    assert item.url == "https://centre.example/a" and item.centre == centre
    assert item.published_at.isoformat() == "2026-11-30T09:00:00+00:00"

    local_feeds.answers["/feed"] = Answer(
        rss(
            ("guid-1", "Appel à projets (prolongé)", "https://centre.example/a", "Texte", DATE),
            ("guid-3", "Nouvelle parution", "https://centre.example/c", "", DATE),
        ),
        content_type=RSS,
    )
    outcome = harvest(FeedSource.objects.get(pk=source.pk))

    assert (outcome.added, outcome.updated, outcome.removed) == (1, 1, 1)
    assert sorted(HarvestedNews.objects.values_list("guid", "title")) == [
        ("guid-1", "Appel à projets (prolongé)"),
        ("guid-3", "Nouvelle parution"),
    ]


def test_atom_entries_without_id_are_keyed_by_their_link(local_feeds, centre):
    local_feeds.answers["/atom"] = Answer(
        atom(
            (
                "urn:uuid:1",
                "Le &lt;em&gt;point&lt;/em&gt; sur les QPV",
                "https://centre.example/1",
                "&lt;p&gt;Un&lt;/p&gt;&lt;p&gt;Deux&lt;/p&gt;",
                "2026-12-01T10:00:00Z",
            ),
        ),
        content_type="application/atom+xml",
    )
    source = make_source(centre, local_feeds.url("/atom"), kind=FeedKind.NEWS)

    outcome = harvest(source)

    assert outcome.status == HarvestStatus.OK
    item = HarvestedNews.objects.get()
    assert (item.guid, item.title, item.summary) == ("urn:uuid:1", "Le point sur les QPV", "Un\nDeux")


def test_a_feed_declaring_the_wrong_encoding_is_read_in_the_one_detected(local_feeds, centre):
    body = rss(
        ("g", "Événement à Saint-Étienne", "https://centre.example/e", "Réunion prévue", DATE), encoding="latin-1"
    )
    body = body.replace(b'encoding="latin-1"', b'encoding="utf-8"')  # declared UTF-8, written in Latin-1
    local_feeds.answers["/feed"] = Answer(body, content_type="application/rss+xml; charset=utf-8")
    source = make_source(centre, local_feeds.url("/feed"), kind=FeedKind.NEWS)

    assert harvest(source).status == HarvestStatus.OK
    assert HarvestedNews.objects.get().title == "Événement à Saint-Étienne"
