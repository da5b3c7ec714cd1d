"""Harvested events in the network agenda (marked as published on the centre's site, linked back,
without registration) and in the search with the news items; the agenda's queries do not grow with
them, and its cached page changes when a harvest changes them."""

import datetime
import html
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from passerelles.search_index.services import indexing
from passerelles.testing.search_index import assert_in_step

from ..enums import FeedKind
from ..models import FeedSource
from ..services.harvest import harvest
from .conftest import make_source
from .feeds import Answer, calendar, rss, vevent

pytestmark = pytest.mark.django_db


def day(offset, hour):
    return (timezone.localdate() + datetime.timedelta(days=offset)).strftime("%Y%m%d") + f"T{hour:02d}0000"


def agenda(count, title="Atelier mobilité"):
    return calendar(
        *(
            vevent(
                f"e{n}@centre.example",
                day(5 + n, 9),
                day(5 + n, 11),
                f"{title} {n}",
                url=f"https://centre.example/e{n}",
            )
            for n in range(count)
        ),
        vevent("passe@centre.example", day(-5, 9), day(-5, 11), "Atelier passé"),
    )


def page(client, query=""):
    return html.unescape(client.get(reverse("events:agenda") + query).content.decode())


def search(client, q):
    """The results page as text (no tags: the words found are marked), and its links."""
    content = html.unescape(client.get(reverse("search:results"), {"q": q}).content.decode())
    return " ".join(re.sub(r"<[^>]+>", "", content).split()), re.findall(r'href="([^"]+)"', content)


def test_the_agenda_lists_upcoming_harvested_events_as_published_on_the_centres_site(
    client, local_feeds, centre, django_capture_on_commit_callbacks
):
    local_feeds.answers["/agenda.ics"] = Answer(agenda(2))
    source = make_source(centre, local_feeds.url("/agenda.ics"))
    with django_capture_on_commit_callbacks(execute=True):
        harvest(source)

    text = page(client)

    assert "Atelier mobilité 0" in text and "Atelier mobilité 1" in text
    assert "Atelier passé" not in text
    assert f"Événement publié sur le site de <bdi>{centre.display_name}</bdi>" in text
    assert 'href="https://centre.example/e0"' in text
    assert "Atelier mobilité 0" in page(client, f"?centre={centre.slug}")
    assert "Atelier mobilité 0" not in page(client, "?theme=sante")  # no theme of the network's own

    local_feeds.answers["/agenda.ics"] = Answer(agenda(2, title="Atelier vélo"))
    with django_capture_on_commit_callbacks(execute=True):
        harvest(FeedSource.objects.get(pk=source.pk))
    text = page(client)  # the cached page follows the harvest
    assert "Atelier vélo 0" in text and "Atelier mobilité 0" not in text

    source = FeedSource.objects.get(pk=source.pk)
    source.active = False  # suspended: its events leave the agenda
    source.save()
    assert "Atelier vélo 0" not in page(client)


def test_the_agenda_queries_do_not_grow_with_the_harvested_events(
    client, local_feeds, centre, django_assert_num_queries, django_capture_on_commit_callbacks
):
    local_feeds.answers["/one.ics"] = Answer(agenda(1))
    with django_capture_on_commit_callbacks(execute=True):
        harvest(make_source(centre, local_feeds.url("/one.ics")))
    client.get(reverse("events:agenda"))  # the session's first request reads what every page reads once
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("events:agenda"))
    local_feeds.answers["/many.ics"] = Answer(agenda(15, title="Rencontre"))
    with django_capture_on_commit_callbacks(execute=True):
        harvest(make_source(centre, local_feeds.url("/many.ics"), label="Autre agenda"))
    cache.clear()
    with django_assert_num_queries(len(one.captured_queries)):
        assert "Rencontre 14" in page(client)


def test_harvested_events_and_news_enter_the_search_attributed_to_their_centre(
    client, local_feeds, centre, django_capture_on_commit_callbacks
):
    indexing.rebuild()  # the shipped directory, before any harvest
    local_feeds.answers["/agenda.ics"] = Answer(agenda(1, title="Forum citoyenneté"))
    local_feeds.answers["/feed"] = Answer(
        rss(
            (
                "g1",
                "Rapport sur la citoyenneté",
                "https://centre.example/rapport",
                "Un rapport",
                "Mon, 30 Nov 2026 10:00:00 +0100",
            )
        ),
        content_type="application/rss+xml",
    )
    with django_capture_on_commit_callbacks(execute=True):
        harvest(make_source(centre, local_feeds.url("/agenda.ics")))
        news = make_source(centre, local_feeds.url("/feed"), kind=FeedKind.NEWS, label="Actualités")
        harvest(news)
    assert_in_step()

    results, links = search(client, "citoyenneté")

    assert f"Forum citoyenneté 0 Événement sur le site d'un centre {centre.short_name}" in results
    assert f"Rapport sur la citoyenneté Un rapport Actualité sur le site d'un centre {centre.short_name}" in results
    assert {"https://centre.example/e0", "https://centre.example/rapport"} <= set(links)

    local_feeds.answers["/feed"] = Answer(rss(), content_type="application/rss+xml")
    with django_capture_on_commit_callbacks(execute=True):
        harvest(FeedSource.objects.get(pk=news.pk))
    assert_in_step()
    results, _ = search(client, "citoyenneté")
    assert "Rapport sur la citoyenneté" not in results and "Forum citoyenneté 0" in results
