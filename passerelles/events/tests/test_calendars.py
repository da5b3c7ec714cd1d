"""The iCalendar feeds (RFC 5545), read back with the `icalendar` library as a calendar client would."""

import datetime
import gzip

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar

from passerelles.centres.tests.factories import CentreFactory
from passerelles.territories.models import Territory

from ..enums import Format, RegistrationStatus, SessionStatus
from ..models import Session
from .factories import CycleFactory, RegistrationFactory, SessionFactory, in_days

pytestmark = pytest.mark.django_db


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_the_network_feed_describes_every_published_session(client):
    session = SessionFactory(
        title="Piloter le contrat de ville",
        venue="Salle des fêtes",
        address="15 rue Catulienne",
        commune=Territory.objects.get(kind="commune", code="93066"),
        description="Gouvernance et suivi.",
    )
    SessionFactory(title="Brouillon", is_published=False)
    past = SessionFactory(title="Journée passée", starts_at=in_days(-40), ends_at=in_days(-40, 17))
    SessionFactory(title="Il y a longtemps", starts_at=in_days(-400), ends_at=in_days(-400, 17))  # over a year

    calendar = feed(client, reverse("events:ics"))

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//Passerelles//")
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    found = events(calendar)
    assert set(found) == {"Piloter le contrat de ville", "Journée passée"}
    event = found["Piloter le contrat de ville"]
    assert str(event["UID"]) == f"session-{session.pk}@passerelles.localhost"
    assert str(found["Journée passée"]["UID"]) == f"session-{past.pk}@passerelles.localhost"
    assert event.stamp == session.updated_at.replace(microsecond=0) and event.stamp.utcoffset() == datetime.timedelta(0)
    assert event.start == session.starts_at and event.end == session.ends_at
    assert event.start.tzinfo is not None and event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Paris"]
    assert str(event["LOCATION"]) == "Salle des fêtes, 15 rue Catulienne, Saint-Denis (93)"
    assert str(event["URL"]) == f"http://testserver{session.get_absolute_url()}"
    assert str(event["STATUS"]) == "CONFIRMED" and event["SEQUENCE"] == 0
    assert event.categories == ["journée"]
    assert event["ORGANIZER"].params["CN"] == session.centre.display_name
    assert str(event["ORGANIZER"]) == f"http://testserver{session.centre.get_absolute_url()}"  # no e-mail known
    assert "Gouvernance et suivi." in event["DESCRIPTION"]
    assert f"http://testserver{session.get_absolute_url()}" in event["DESCRIPTION"]
    assert not event.conferences


def test_cancelled_sessions_stay_in_the_feed_marked_and_postponed_ones_are_tentative(client):
    SessionFactory(title="Rencontre", status=SessionStatus.CANCELLED)
    SessionFactory(title="Atelier", status=SessionStatus.POSTPONED)

    found = events(feed(client, reverse("events:ics")))

    assert str(found["Annulée : Rencontre"]["STATUS"]) == "CANCELLED"
    assert found["Annulée : Rencontre"]["DESCRIPTION"].startswith("Session annulée.")
    assert str(found["Reportée : Atelier"]["STATUS"]) == "TENTATIVE"


def test_the_online_link_is_only_in_the_calendar_file_of_a_confirmed_registrant(client):
    cycle = CycleFactory()
    session = SessionFactory(
        title="Webinaire",
        format=Format.ONLINE,
        online_url="https://visio.example.org/pre",
        venue="",
        address="",
        cycle=cycle,
        centre=cycle.centre,
    )
    public = [
        reverse("events:session_ics", args=[session.slug]),
        reverse("events:ics"),
        reverse("events:centre_ics", args=[session.centre.slug]),
        reverse("events:cycle_ics", args=[cycle.slug]),
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200
        assert "visio.example.org" not in response.content.decode(), url
    (event,) = Calendar.from_ical(client.get(public[0]).content).walk("VEVENT")
    assert str(event["LOCATION"]) == "À distance" and "CONFERENCE" not in event

    confirmed = RegistrationFactory(session=session)
    response = client.get(reverse("events:registration_ics", args=[confirmed.token]))
    assert response["Content-Disposition"] == f'attachment; filename="{session.slug}.ics"'
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert "Lien de connexion : https://visio.example.org/pre" in event["DESCRIPTION"]
    (conference,) = event.conferences
    assert conference.uri == "https://visio.example.org/pre"
    assert event["CONFERENCE"].params["VALUE"] == "URI"
    # A registration to the cycle: its sessions, each with its link.
    to_cycle = RegistrationFactory(session=None, cycle=cycle)
    (event,) = feed(client, reverse("events:registration_ics", args=[to_cycle.token])).walk("VEVENT")
    assert [conference.uri for conference in event.conferences] == ["https://visio.example.org/pre"]

    for status in (RegistrationStatus.PENDING, RegistrationStatus.WAITING, RegistrationStatus.CANCELLED):
        other = RegistrationFactory(session=session, status=status, confirmed_at=None)
        response = client.get(reverse("events:registration_ics", args=[other.token]))
        assert response.status_code == 200
        assert "visio.example.org" not in response.content.decode(), status
    assert client.get(reverse("events:registration_ics", args=["inconnu"])).status_code == 404


def test_a_session_that_took_place_says_so_in_the_feeds(client):
    SessionFactory(title="Journée passée", starts_at=in_days(-40), ends_at=in_days(-40, 17))
    SessionFactory(title="Deux jours passés", starts_at=in_days(-30), ends_at=in_days(-29, 17))

    found = events(feed(client, reverse("events:ics")))

    day = Session.objects.get(title="Journée passée")
    said = f"Cette session a eu lieu le {date_format(timezone.localtime(day.starts_at), 'l j F Y')}."
    assert found["Journée passée"]["DESCRIPTION"].startswith(said)
    assert "Informations et inscription" not in found["Journée passée"]["DESCRIPTION"]
    assert found["Deux jours passés"]["DESCRIPTION"].startswith("Cette session a eu lieu du ")


def test_a_centre_feed_has_what_it_organises_or_co_organises(client):
    centre, other = CentreFactory(email="contact@centre.example"), CentreFactory()
    SessionFactory(title="Organisée", centre=centre)
    SessionFactory(title="Co-organisée", centre=other).co_organisers.set([centre])
    SessionFactory(title="D'un autre centre", centre=other)

    calendar = feed(client, reverse("events:centre_ics", args=[centre.slug]))

    assert set(events(calendar)) == {"Organisée", "Co-organisée"}
    assert str(events(calendar)["Organisée"]["ORGANIZER"]) == "mailto:contact@centre.example"
    assert str(calendar["NAME"]) == f"Agenda de {centre.display_name}"
    assert client.get(reverse("events:centre_ics", args=["inconnu"])).status_code == 404


def test_a_cycle_feed_has_its_published_sessions(client):
    cycle = CycleFactory(title="Cycle chefs de projet")
    SessionFactory(title="Journée 1", cycle=cycle, centre=cycle.centre)
    SessionFactory(
        title="Journée 2", cycle=cycle, centre=cycle.centre, starts_at=in_days(200), ends_at=in_days(200, 17)
    )
    SessionFactory(title="Journée 3", cycle=cycle, centre=cycle.centre, is_published=False)
    SessionFactory(title="Hors cycle")

    calendar = feed(client, reverse("events:cycle_ics", args=[cycle.slug]))

    found = events(calendar)
    assert set(found) == {"Journée 1", "Journée 2"}
    for event in found.values():
        assert event.start.hour == 9 and event.start.tzinfo is not None
    # The feed carries the rules of French time over its span: winter and summer time both.
    (paris,) = calendar.walk("VTIMEZONE")
    assert str(paris["TZID"]) == "Europe/Paris"
    offsets = {part.name: part["TZOFFSETTO"].td for part in paris.subcomponents}
    assert offsets == {"STANDARD": datetime.timedelta(hours=1), "DAYLIGHT": datetime.timedelta(hours=2)}
    assert client.get(reverse("events:cycle_ics", args=[CycleFactory(is_published=False).slug])).status_code == 404


def test_a_draft_has_no_calendar_file(client):
    draft = SessionFactory(is_published=False)
    assert client.get(reverse("events:session_ics", args=[draft.slug])).status_code == 404


def test_an_unchanged_feed_answers_304_and_a_change_gives_a_new_one(client):
    session = SessionFactory(title="Rencontre")
    first = client.get(reverse("events:ics"))
    etag = first["ETag"]
    assert client.get(reverse("events:ics"), HTTP_IF_NONE_MATCH=etag).status_code == 304
    session.title = "Rencontre des délégués"
    session.save()
    changed = client.get(reverse("events:ics"), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Rencontre des délégués" in changed.content.decode()
    etag = changed["ETag"]
    hidden = SessionFactory(title="Nouvelle", is_published=False)
    Session.objects.filter(pk=hidden.pk).update(is_published=True)  # its updated_at unmoved: a new feed all the same
    assert client.get(reverse("events:ics"), HTTP_IF_NONE_MATCH=etag).status_code == 200
    centre_feed = reverse("events:centre_ics", args=[session.centre.slug])
    centre_etag = client.get(centre_feed)["ETag"]
    assert client.get(centre_feed, HTTP_IF_NONE_MATCH=centre_etag).status_code == 304


def test_a_feed_is_sent_compressed_to_clients_that_take_gzip(client):
    SessionFactory(title="Rencontre régionale", description="Un long texte. " * 200)
    plain = client.get(reverse("events:ics"))
    packed = client.get(reverse("events:ics"), HTTP_ACCEPT_ENCODING="deflate, gzip;q=0.8")
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content and len(packed.content) < len(plain.content) / 3
    assert packed["ETag"] == "W/" + plain["ETag"]  # other bytes, the same feed
    again = client.get(reverse("events:ics"), HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304
    refused = client.get(reverse("events:ics"), HTTP_ACCEPT_ENCODING="gzip;q=0, *;q=1")
    assert "Content-Encoding" not in refused and refused.content == plain.content


def test_an_unknown_centre_has_no_feed(client):
    assert client.get(reverse("events:centre_ics", args=["inconnu"])).status_code == 404
    CentreFactory(slug="inconnu")
    assert client.get(reverse("events:centre_ics", args=["inconnu"])).status_code == 200


def test_polling_an_unchanged_feed_reads_nothing(client, settings, django_assert_num_queries):
    settings.PASSERELLES = {**settings.PASSERELLES, "VERSION_TTL_SECONDS": 60}  # as outside the tests (1 s)
    session = SessionFactory(starts_at=in_days(3, 9), ends_at=in_days(3, 17))
    for url in (reverse("events:ics"), reverse("events:centre_ics", args=[session.centre.slug])):
        etag = client.get(url)["ETag"]
        with django_assert_num_queries(0):
            assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
            assert client.get(url).status_code == 200
