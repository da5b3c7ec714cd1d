"""Harvesting a centre's agenda of 5,000 events in iCalendar (target ≤ 30 s), served by a real HTTP
server on loopback: a first harvest into an empty agenda, a second one after the centre changed its
agenda (titles, times, events removed and added), then a third one answered 304 (its ETag).

The feed is realistic: TZID Europe/Paris with its VTIMEZONE, descriptions of a few lines, locations
and links, folded lines, 4 % of weekly recurring events (a few excluded dates, one moved occurrence
each). Each harvest goes through the same service as the clock's task (fetch, read the whole feed,
store in one transaction), the search outbox applied to a real index once committed (as in
production); the time printed is all of it.

    DATABASE_URL=... python bench/federation.py [events]
"""

import datetime
import os
import random
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="passerelles.config.settings.prod",
    DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
    DJANGO_ALLOWED_HOSTS="testserver",
    DJANGO_SECURE_SSL_REDIRECT="false",
    PASSERELLES_SEARCH_INDEX_DIR=tempfile.mkdtemp(prefix="passerelles-bench-search-"),
    PASSERELLES_FEED_ALLOW_PRIVATE_HOSTS="true",  # the feed is served on loopback
    PASSERELLES_FEED_TIMEOUT_SECONDS="60",
)
TARGET_S = 30.0
VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""
WORDS = [
    "atelier",
    "rencontre",
    "séminaire",
    "journée",
    "formation",
    "quartier",
    "habitants",
    "politique",
    "ville",
    "emploi",
    "jeunesse",
    "mobilité",
    "santé",
    "éducation",
    "logement",
    "participation",
    "citoyenne",
    "renouvellement",
    "urbain",
    "cohésion",
    "sociale",
    "tranquillité",
    "publique",
    "médiation",
    "numérique",
    "culture",
    "sport",
    "insertion",
    "économie",
]


def fold(line):
    """RFC 5545 lines of at most 75 octets, continued by a space."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def escape(text):
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def events(count, rng, version):
    """(uid, lines) of each event; `version` 2 changes, removes and adds some."""
    from django.utils import timezone

    today = timezone.localdate()
    chosen = []
    for n in range(count + (200 if version == 2 else 0)):
        if version == 2 and n < 200:
            continue  # 200 removed by the centre
        r = random.Random(n)
        day = today + datetime.timedelta(days=r.randint(-30, 365))
        hour = r.choice([9, 10, 14, 18])
        if version == 2 and n % 10 == 3:
            hour += 1  # 10 % moved by an hour
        title = " ".join(r.sample(WORDS, 4)).capitalize()
        if version == 2 and n % 10 == 7:
            title += " (complet)"
        description = "\n".join(" ".join(r.choices(WORDS, k=r.randint(12, 30))) for _ in range(r.randint(1, 4)))
        lines = [
            "BEGIN:VEVENT",
            f"UID:evenement-{n}@centre-ressources.example",
            "DTSTAMP:20261201T080000Z",
            f"DTSTART;TZID=Europe/Paris:{day:%Y%m%d}T{hour:02d}0000",
            f"DTEND;TZID=Europe/Paris:{day:%Y%m%d}T{hour + 2:02d}3000",
            f"SUMMARY:{escape(title)}",
            f"DESCRIPTION:{escape(description)}",
            f"LOCATION:{escape(f'Maison de quartier {n % 70}, {r.randint(1, 80)} rue de la République, Lyon')}",
            f"URL:https://centre-ressources.example/agenda/evenement-{n}",
        ]
        moved = None
        if n % 25 == 0:  # 4 %: weekly, twelve times, one excluded, one moved
            start = datetime.datetime.combine(day, datetime.time(hour))
            lines.append("RRULE:FREQ=WEEKLY;COUNT=12")
            lines.append(f"EXDATE;TZID=Europe/Paris:{start + datetime.timedelta(weeks=2):%Y%m%dT%H%M%S}")
            moved = start + datetime.timedelta(weeks=3)
        lines.append("END:VEVENT")
        chosen.append(lines)
        if moved is not None:
            chosen.append(
                [
                    "BEGIN:VEVENT",
                    f"UID:evenement-{n}@centre-ressources.example",
                    f"RECURRENCE-ID;TZID=Europe/Paris:{moved:%Y%m%dT%H%M%S}",
                    "DTSTAMP:20261201T080000Z",
                    f"DTSTART;TZID=Europe/Paris:{moved + datetime.timedelta(days=1):%Y%m%dT%H%M%S}",
                    f"DTEND;TZID=Europe/Paris:{moved + datetime.timedelta(days=1, hours=2):%Y%m%dT%H%M%S}",
                    f"SUMMARY:{escape(title)} (déplacé)",
                    "END:VEVENT",
                ]
            )
    return chosen


def feed(count, version):
    rng = random.Random(version)
    body = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Centre de ressources//Agenda//FR",
        "X-WR-TIMEZONE:Europe/Paris",
    ]
    body += VTIMEZONE.split("\n")
    for lines in events(count, rng, version):
        body += [fold(line) for line in lines]
    body.append("END:VCALENDAR")
    return ("\r\n".join(body) + "\r\n").encode()


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    import django

    django.setup()
    from django.core.management import call_command

    from passerelles.centres.models import Centre
    from passerelles.federation.models import FeedSource, HarvestedEvent
    from passerelles.federation.services.harvest import harvest
    from passerelles.federation.tests.feeds import Answer, feed_server
    from passerelles.search_index.models import PendingChange
    from passerelles.search_index.services import indexing

    call_command("migrate", interactive=False, verbosity=0)
    indexing.rebuild()
    centre, _ = Centre.objects.get_or_create(slug="bench-federation", defaults={"name": "Centre du banc d'essai"})
    FeedSource.objects.filter(centre=centre).delete()
    first, second = feed(count, 1), feed(count, 2)
    database = django.db.connection.vendor
    with feed_server() as server:
        server.answers["/agenda.ics"] = Answer(first, etag='"v1"')
        source = FeedSource.objects.create(centre=centre, url=server.url("/agenda.ics"), kind="ical", label="Agenda")
        rounds = []
        for name, body, etag in (("first", None, None), ("changed", second, '"v2"'), ("304", None, None)):
            if body is not None:
                server.answers["/agenda.ics"] = Answer(body, etag=etag)
            source.refresh_from_db()
            start = time.perf_counter()
            outcome = harvest(source)
            elapsed = time.perf_counter() - start
            assert outcome.status != "error", outcome.message
            rounds.append((name, elapsed, outcome))
    rows = HarvestedEvent.objects.filter(source=source).count()
    left = PendingChange.objects.count()
    print(
        f"federation [{database}]: feed of {count} VEVENTs ({len(first) / 1e6:.1f} MB), {rows} occurrences stored, "
        f"outbox left {left}"
    )
    worst = 0.0
    for name, elapsed, outcome in rounds:
        worst = max(worst, elapsed)
        print(
            f"  {name:8} harvest {elapsed:6.2f} s ({outcome.status}: +{outcome.added} ~{outcome.updated} "
            f"-{outcome.removed}) — {elapsed / TARGET_S:.0%} of the {TARGET_S:.0f} s target"
        )
    sys.exit(1 if worst > TARGET_S else 0)


if __name__ == "__main__":
    main()
