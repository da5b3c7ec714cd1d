"""iCalendar (RFC 5545) feeds of the agenda: the network, a centre, a cycle, and one file per session.

Times are written in French local time with TZID=Europe/Paris, and the feed carries the matching
VTIMEZONE (built by `icalendar` from the tz database, for the span of the feed only); DTSTAMP and
LAST-MODIFIED are in UTC, as the RFC requires. Cancelled sessions stay in the feeds with
STATUS:CANCELLED, so calendars that subscribed drop or strike them. A session that took place says
so. The online link is only in the personal file of a confirmed registrant (`personal`), in the
DESCRIPTION and in a CONFERENCE property (RFC 7986); never in a public feed. SEQUENCE rises when a
session's date, place or state changes, so calendars that imported the event take the change. The network and centre
feeds, polled every few hours, hold the sessions of the past year and all those to come, and carry an
ETag: a feed that has not changed answers 304 without being built.

Stored text goes through core.text: control characters removed (RFC 5545 TEXT has none); names,
titles, and the calendar's own name and description on one line (`icalendar` refuses a line break
in the last two)."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Min, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import condition, require_safe
from icalendar import Calendar, Conference, Event, vCalAddress

from passerelles.centres.models import Centre
from passerelles.centres.services.freshness import directory_version
from passerelles.core.downloads import as_download
from passerelles.core.fragments import cache_key, cached_response
from passerelles.core.text import clean_line, clean_text

from .enums import Format, SessionStatus
from .models import Cycle, Session
from .services import agenda, registrations
from .services.freshness import sessions_version

PRODID = "-//Passerelles//Agenda des centres de ressources//FR"
REFRESH = datetime.timedelta(hours=6)
STATUS = {SessionStatus.CANCELLED: "CANCELLED", SessionStatus.POSTPONED: "TENTATIVE"}
SUMMARY_PREFIX = {SessionStatus.CANCELLED: "Annulée : ", SessionStatus.POSTPONED: "Reportée : "}


def namespace():
    return settings.PASSERELLES["OAI_NAMESPACE"]


def uid(session):
    """Stable across feeds and edits: a calendar that imported it recognises the session."""
    return f"session-{session.pk}@{namespace()}"


def location(session):
    if session.format == Format.ONLINE or session.status == SessionStatus.MOVED_ONLINE:
        return "À distance"
    parts = [session.venue, session.address, session.commune.label if session.commune_id else ""]
    text = ", ".join(part for part in parts if part)
    return f"{text} (et à distance)" if session.format == Format.MIXED else text


def organizer(centre, absolute):
    """The centre, by its name; its address is its e-mail, else its page (a calendar address is a URI)."""
    name = clean_line(centre.display_name)
    if centre.email:
        return vCalAddress.new(centre.email, cn=name)
    address = vCalAddress(absolute(centre.get_absolute_url()))
    address.params["CN"] = name
    return address


def description(session, page, online_url=""):
    parts = [session.description]
    if session.status == SessionStatus.CANCELLED:
        parts.insert(0, "Session annulée.")
    elif session.status == SessionStatus.POSTPONED:
        parts.insert(0, "Session reportée : la nouvelle date sera annoncée.")
    elif session.has_taken_place:
        parts.insert(0, f"Cette session {session.took_place}.")
    if online_url:
        parts.append(f"Lien de connexion : {online_url}")
    if session.accessibility:
        parts.append(f"Accessibilité : {session.accessibility}")
    parts.append(f"Organisée par {session.centre.display_name}.")
    parts.append(f"Informations : {page}" if session.has_taken_place else f"Informations et inscription : {page}")
    return clean_text("\n\n".join(parts))


def event(session, absolute, online_url=""):
    """The session's VEVENT; `online_url`: its connection link, for a confirmed registrant's own file only."""
    page = absolute(session.get_absolute_url())
    component = Event.new(
        uid=uid(session),
        stamp=session.updated_at,
        last_modified=session.updated_at,
        start=timezone.localtime(session.starts_at),
        end=timezone.localtime(session.ends_at),
        summary=SUMMARY_PREFIX.get(session.status, "") + clean_line(session.title),
        location=clean_line(location(session)),
        description=description(session, page, online_url),
        url=page,
        status=STATUS.get(session.status, "CONFIRMED"),
        categories=[session.get_kind_display()],
        organizer=organizer(session.centre, absolute),
        sequence=session.sequence,
    )
    if online_url:
        component.conferences = [Conference(online_url, feature="VIDEO", label="Lien de connexion")]
    return component


def calendar(name, key, sessions, absolute, description="", links=None):
    """The feed of `sessions`; `links`: {session pk: connection link}, for a registrant's own file."""
    sessions, links = list(sessions), links or {}
    feed = Calendar.new(
        prodid=PRODID,
        uid=f"{key}@{namespace()}",
        name=clean_line(name),
        description=clean_line(description) or None,
        refresh_interval=REFRESH,
        subcomponents=[event(session, absolute, links.get(session.pk, "")) for session in sessions],
    )
    feed["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # RFC 7986 §5.7 requires the parameter
    if sessions:
        # Only the time-zone rules of the span of the feed, not every change since 1970.
        first = timezone.localtime(min(s.starts_at for s in sessions)).date() - datetime.timedelta(days=1)
        last = timezone.localtime(max(s.ends_at for s in sessions)).date() + datetime.timedelta(days=1)
        feed.add_missing_timezones(first_date=first, last_date=last)
    return feed


def response(feed, filename=None):
    result = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    return as_download(result, f"{filename}.ics") if filename else result


FEED_KEPT = 60 * 60  # seconds
FEED_PAST = datetime.timedelta(days=365)  # the network and centre feeds: a year back, and all to come


def published_sessions():
    return Session.objects.public().select_related("centre", "commune__parent")


def recent_sessions():
    return published_sessions().filter(ends_at__gte=timezone.now() - FEED_PAST)


def sessions_etag(sessions):
    """Changes whenever the feed of `sessions` does: one of them edited, one added, removed, gone
    out of the window or over (it then says it took place). Calendar clients poll the feeds; an
    unchanged feed answers 304, unbuilt. With it, the moment time alone will change it: the next
    session to end, or the oldest to leave the window."""
    now = timezone.now()
    found = sessions.order_by().aggregate(
        n=Count("pk"),
        ids=Sum("pk"),
        last=Max("updated_at"),
        over=Count("pk", filter=Q(ends_at__lt=now)),
        next_over=Min("ends_at", filter=Q(ends_at__gte=now)),
        oldest=Min("ends_at"),
    )
    last = found["last"].timestamp() if found["last"] else 0
    moments = [found["next_over"], found["oldest"] + FEED_PAST if found["oldest"] else None]
    until = min((moment for moment in moments if moment), default=now + datetime.timedelta(seconds=FEED_KEPT))
    return f"{found['n']}-{found['ids'] or 0}-{last}-{found['over']}", until


def kept_etag(request, name, sessions):
    """The feed's ETag, kept under the version of the agenda's data until time alone changes it, so
    that a poll costs no query; also the key of the built feed (built_once). `sessions`: a callable
    giving them (None: no such feed)."""
    key = cache_key("etag", name, sessions_version(), ())
    kept = cache.get(key)
    if kept is None or (kept[1] is not None and timezone.now() >= kept[1]):
        found = sessions()
        kept = sessions_etag(found) if found is not None else (None, None)
        cache.set(key, kept, FEED_KEPT)
    request.feed_etag = kept[0]
    return request.feed_etag


def network_etag(request):
    return kept_etag(request, "ics:network", recent_sessions)


def centre_etag(request, slug):
    def sessions():
        centre = Centre.objects.filter(slug=slug).first()
        return agenda.by_centre(recent_sessions(), centre) if centre else None

    return kept_etag(request, f"ics:centre:{slug}", sessions)


def built_once(request, name, build):
    """A feed of many sessions takes seconds to write: it is kept under its ETag (which also moves
    when a session is over) and the directory's version (names of the centres)."""
    version = f"{request.feed_etag}|{directory_version()}"
    built = cached_response(request, name, version, lambda: response(build()), timeout=FEED_KEPT)
    if built.get("Content-Encoding"):  # the same feed, other bytes: a weak validator (RFC 9110 §8.8.3)
        built["ETag"] = f'W/"{request.feed_etag}"'
    return built


@require_safe
@condition(etag_func=network_etag)
def network(request):
    def build():
        return calendar(
            "Agenda des centres de ressources",
            "agenda",
            recent_sessions(),
            request.build_absolute_uri,
            "Les sessions publiées par les centres de ressources politique de la ville.",
        )

    return built_once(request, "ics:network", build)


@require_safe
@condition(etag_func=centre_etag)
def centre(request, slug):
    if request.feed_etag is None:
        raise Http404

    def build():
        centre = get_object_or_404(Centre, slug=slug)
        sessions = agenda.by_centre(recent_sessions(), centre)
        return calendar(
            f"Agenda de {centre.display_name}",
            f"agenda-{centre.slug}",
            sessions,
            request.build_absolute_uri,
            "Les sessions que le centre organise ou co-organise.",
        )

    return built_once(request, f"ics:centre:{slug}", build)


def invited(request, queryset, slug):
    """Published, or kept out of the agenda and asked for with its invitation key."""
    found = get_object_or_404(queryset, slug=slug)
    if not found.is_published and not registrations.is_invited(found, request.GET.get("invitation")):
        raise Http404
    return found


@require_safe
def cycle(request, slug):
    cycle = invited(request, Cycle.objects.all(), slug)
    # An invitation cycle kept out of the agenda: its invited people see all of its sessions.
    sessions = Session.objects if not cycle.is_published else Session.objects.public()
    sessions = sessions.filter(cycle=cycle).select_related("centre", "commune__parent")
    feed = calendar(cycle.title, f"cycle-{cycle.pk}", sessions, request.build_absolute_uri, cycle.description)
    return response(feed)


@require_safe
def session(request, slug):
    session = invited(request, Session.objects.select_related("centre", "commune__parent"), slug)
    feed = calendar(session.title, f"session-{session.pk}", [session], request.build_absolute_uri)
    return response(feed, filename=session.slug)
