"""Reading a centre's agenda in iCalendar (RFC 5545) with the `icalendar` library: each VEVENT
becomes an `EventEntry` keyed by its UID and RECURRENCE-ID. Times keep their time zone (TZID, or
the calendar's X-WR-TIMEZONE, or Paris for floating times); a day event runs from midnight to
midnight. A recurring event gives its occurrences of the coming year (at most `MAX_OCCURRENCES`),
without its EXDATEs, and a VEVENT with a RECURRENCE-ID replaces the occurrence it names."""

import datetime
import time
import zoneinfo

import icalendar
from dateutil.rrule import rrulestr
from django.conf import settings
from django.utils import timezone

from .decoding import plain_text
from .entries import MAX_ENTRIES, UNTITLED, EventEntry, Reading, http_link
from .fetch import FeedError

MAX_OCCURRENCES = 100
MAX_STEPS = 500_000  # occurrences a feed's rules may give, from their starts, before it is refused
HORIZON = datetime.timedelta(days=366)
# A rule that can never match (« the 30th of February ») gives no occurrence to count: the library
# then scans day by day to the year 9999 (seconds per event). The whole reading has this budget.
READING_SECONDS = 60


def read_calendar(text: str) -> Reading:
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, IndexError, KeyError, TypeError) as error:
        raise FeedError(f"Le fichier n'est pas un agenda iCalendar lisible : {_short(error)}") from None
    calendars = [c for c in calendars if c.name == "VCALENDAR"]
    if not calendars:
        raise FeedError("Le fichier n'est pas un agenda iCalendar : il ne contient aucun VCALENDAR.")
    reading = Reading()
    deadline = time.monotonic() + READING_SECONDS
    for calendar in calendars:
        zone = _zone(calendar.get("X-WR-TIMEZONE"))
        masters: list = []
        overrides: list = []
        for event in calendar.walk("VEVENT"):
            (overrides if event.get("RECURRENCE-ID") is not None else masters).append(event)
        for event in masters + overrides:  # an override replaces the occurrence its master gave
            _read_event(event, zone, reading)
            if time.monotonic() > deadline:
                raise FeedError(
                    f"La lecture de l'agenda dépasse {READING_SECONDS} s (règles de répétition trop coûteuses) : "
                    "il n'est pas moissonné."
                )
            if len(reading.entries) > MAX_ENTRIES:
                raise FeedError(f"L'agenda compte plus de {MAX_ENTRIES} événements : il n'est pas moissonné.")
    return reading


def _read_event(event, zone, reading):
    uid = plain_text(str(event.get("UID") or ""), one_line=True)
    if not uid or len(uid) > 500:
        reading.skipped.append(f"« {_title(event)} » : UID absent ou trop long")
        return
    try:
        start, end, all_day = _span(event, zone)
        occurrences = _occurrences(event, start, reading)
    except (ValueError, TypeError, AttributeError, OverflowError) as error:
        reading.kept.add(uid)
        reading.skipped.append(f"« {_title(event)} » : {_short(error)}")
        return
    details = {
        "title": _title(event),
        "location": plain_text(str(event.get("LOCATION") or ""), one_line=True, limit=500),
        "description": plain_text(str(event.get("DESCRIPTION") or ""), limit=20_000),
        "url": http_link(event.get("URL")),
        "all_day": all_day,
    }
    if event.get("RECURRENCE-ID") is not None:
        occurrences = [(_key(_moment(event.get("RECURRENCE-ID").dt, zone)), start)]
    length = end - start
    for recurrence_id, begins in occurrences:
        entry = EventEntry(uid=uid, recurrence_id=recurrence_id, starts_at=begins, ends_at=begins + length, **details)
        reading.entries[entry.key] = entry


def _span(event, zone):
    if event.get("DTSTART") is None or event.errors:
        raise ValueError("date de début absente ou illisible")
    raw_start = event.get("DTSTART").dt
    all_day = not isinstance(raw_start, datetime.datetime)
    start = _moment(raw_start, zone)
    if event.get("DTEND") is not None:
        end = _moment(event.get("DTEND").dt, zone)
    elif event.get("DURATION") is not None:
        end = start + event.get("DURATION").dt
    else:
        end = start + (datetime.timedelta(days=1) if all_day else datetime.timedelta())
    if end < start:
        raise ValueError("la fin précède le début")
    return start, end, all_day


def _occurrences(event, start, reading):
    """[(RECURRENCE-ID, start)] of the event: itself, or its occurrences of the coming year. Every
    occurrence the rule gives from its start is counted against the feed's `MAX_STEPS`: a rule
    written to give millions of them stops the harvest instead of the machine."""
    rule = event.get("RRULE")
    if rule is None:
        return [("", start)]
    if isinstance(rule, list):
        rule = rule[0]
    if str((rule.get("FREQ") or [""])[0]).upper() in {"SECONDLY", "MINUTELY"}:
        raise ValueError("répétition à la seconde ou à la minute, non prise en charge")
    begin = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0) - datetime.timedelta(days=1)
    excluded = {_key(_moment(d.dt, start.tzinfo)) for d in _dates(event.get("EXDATE"))}
    found = []
    for moment in rrulestr(rule.to_ical().decode(), dtstart=start):
        reading.steps += 1
        if reading.steps > MAX_STEPS:
            raise FeedError("Les règles de répétition de l'agenda donnent trop d'occurrences : il n'est pas moissonné.")
        if moment > begin + HORIZON or len(found) >= MAX_OCCURRENCES:
            break
        if moment >= begin and _key(moment) not in excluded:
            found.append((_key(moment), moment))
    return found


def _dates(value):
    for item in value if isinstance(value, list) else [value] if value is not None else []:
        yield from item.dts


def _moment(value, zone):
    """An aware datetime: a day is its local midnight, a floating time is read in `zone`."""
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    if timezone.is_naive(value):
        value = value.replace(tzinfo=zone)
    return value


def _key(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _zone(name):
    try:
        return zoneinfo.ZoneInfo(str(name)) if name else zoneinfo.ZoneInfo(settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _title(event):
    return plain_text(str(event.get("SUMMARY") or ""), one_line=True, limit=500) or UNTITLED


def _short(error):
    return plain_text(str(error), one_line=True, limit=200)
