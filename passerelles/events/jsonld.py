"""schema.org descriptions of sessions (EducationEvent) and cycles (EventSeries), as JSON-LD for the
pages: search engines and agendas read the dates, the place and the status from them."""

from passerelles.centres.jsonld import reference
from passerelles.core.jsonld import SCHEMA, moment, script  # noqa: F401 — the views write jsonld.script

from .enums import Format, SessionStatus

EVENT_STATUS = {
    SessionStatus.CANCELLED: "EventCancelled",
    SessionStatus.POSTPONED: "EventPostponed",
    SessionStatus.MOVED_ONLINE: "EventMovedOnline",
}
ATTENDANCE = {
    Format.IN_PERSON: "OfflineEventAttendanceMode",
    Format.ONLINE: "OnlineEventAttendanceMode",
    Format.MIXED: "MixedEventAttendanceMode",
}


def organisation(centre, absolute):
    return reference(centre, absolute)  # the same `@id` as the centre's own page describes


def attendance_mode(session):
    if session.status == SessionStatus.MOVED_ONLINE:
        return Format.ONLINE
    return session.format


PLACE_TO_COME = "Lieu à préciser"  # an in-person session whose place is not entered yet


def locations(session, absolute):
    """Where it happens: a Place with its postal address, a VirtualLocation, or both."""
    mode, found = attendance_mode(session), []
    if mode in (Format.IN_PERSON, Format.MIXED):
        address = {"@type": "PostalAddress", "addressCountry": "FR"}
        if session.address:
            address["streetAddress"] = session.address
        if session.commune_id:
            address["addressLocality"] = session.commune.name
            if departement := session.commune.departement:
                address["addressRegion"] = departement.name
        name = session.venue or session.address or (session.commune.name if session.commune_id else PLACE_TO_COME)
        found.append({"@type": "Place", "name": name, "address": address})
    if mode in (Format.ONLINE, Format.MIXED):
        # Its page, never its connection link: that goes to confirmed registrants only.
        found.append({"@type": "VirtualLocation", "url": absolute(session.get_absolute_url())})
    return found[0] if len(found) == 1 else found


def offer(target, absolute, seats):
    """Registration, free of charge, when the public may register: sold out once no seat is left."""
    data = {
        "@type": "Offer",
        "price": 0,
        "priceCurrency": "EUR",
        "url": absolute(target.get_absolute_url()) + "#inscription",
        "availability": SCHEMA + ("SoldOut" if seats == 0 else "InStock"),
    }
    if target.registration_opens:
        data["validFrom"] = moment(target.registration_opens)
    if target.registration_closes:
        data["validThrough"] = moment(target.registration_closes)
    return data


def session_event(session, absolute, seats=None, nested=False, registering=False):
    """An EducationEvent; `nested` leaves out what the enclosing cycle already says; `registering`:
    the public may register now (services.registrations.refusal), said as an offer."""
    data = {
        "@type": "EducationEvent",
        "name": session.title,
        "url": absolute(session.get_absolute_url()),
        "startDate": moment(session.starts_at),
        "endDate": moment(session.ends_at),
        "eventStatus": SCHEMA + EVENT_STATUS.get(session.status, "EventScheduled"),
        "eventAttendanceMode": SCHEMA + ATTENDANCE[attendance_mode(session)],
        "location": locations(session, absolute),
    }
    if nested:
        return data
    data = {"@context": "https://schema.org", **data, "description": session.description, "inLanguage": "fr"}
    data["organizer"] = [organisation(centre, absolute) for centre in (session.centre, *session.co_organisers.all())]
    if speakers := list(session.speakers.all()):
        data["performer"] = [{"@type": "Person", "name": speaker.name} for speaker in speakers]
        for person, speaker in zip(data["performer"], speakers, strict=True):
            if speaker.affiliation:
                person["jobTitle"] = speaker.affiliation
    if session.capacity is not None:
        data["maximumAttendeeCapacity"] = session.capacity
        if seats is not None:
            data["remainingAttendeeCapacity"] = seats
    if registering:
        data["offers"] = offer(session, absolute, seats)
    if audience := [function.pref_label for function in session.functions.all()]:
        data["audience"] = {"@type": "Audience", "audienceType": ", ".join(audience)}
    if themes := [theme.pref_label for theme in session.themes.all()]:
        data["keywords"] = ", ".join(themes)
    if session.cycle_id and session.cycle.is_published:
        data["superEvent"] = {
            "@type": "EventSeries",
            "name": session.cycle.title,
            "url": absolute(session.cycle.get_absolute_url()),
        }
    return data


def cycle_series(cycle, sessions, absolute, seats=None, registering=False):
    """An EventSeries whose subEvent lists its sessions."""
    data = {
        "@context": "https://schema.org",
        "@type": "EventSeries",
        "name": cycle.title,
        "description": cycle.description,
        "url": absolute(cycle.get_absolute_url()),
        "inLanguage": "fr",
        "organizer": organisation(cycle.centre, absolute),
        "subEvent": [session_event(session, absolute, nested=True) for session in sessions],
    }
    if sessions:
        data["startDate"] = moment(min(session.starts_at for session in sessions))
        data["endDate"] = moment(max(session.ends_at for session in sessions))
    if cycle.capacity is not None:
        data["maximumAttendeeCapacity"] = cycle.capacity
    if registering:
        data["offers"] = offer(cycle, absolute, seats)
    return data
