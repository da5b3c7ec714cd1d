"""The national dashboard over ten years of twenty centres: 50,000 sessions and 1,000,000
participations (confirmed registrations, two thirds of them marked present). Target: p95 ≤ 200 ms
per page; printed after 1, 5 and 10 years loaded, to say how it grows with years. Then the network
annual report of the last year, gathering the 20 centres' validated reports, as PDF (target ≤ 10 s).

The database of DATABASE_URL is set up as `make run` sets it up (geography, centres, thesaurus).
Each year gets 250 sessions per centre over the year, with themes and publics from the shipped
vocabulary and a commune, 20 registrations each (people drawn from 200,000, functions and
communes at random). After each load the stored figures are computed by the same service the clock
runs (`indicators.services.activity.refresh`, timed per year), then the pages are asked for by a
national animator through Django's test client (the whole view: permissions, filters, queries,
template; production settings): the national dashboard by year, région, activity and their
combinations, a centre's dashboard and the public page; 40 warm-up requests, then `requests`.

    DATABASE_URL=... python bench/dashboard.py [requests]
"""

import datetime
import os
import random
import secrets
import statistics
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
    STATIC_ROOT=tempfile.mkdtemp(prefix="passerelles-static-"),
    PASSERELLES_SEARCH_INDEX_DIR=tempfile.mkdtemp(prefix="passerelles-bench-search-"),
)
TARGET_P95_MS = 200.0
TARGET_PDF_S = 10.0
SESSIONS_PER_CENTRE_YEAR = 250
REGISTRANTS_PER_SESSION = 20
PEOPLE = 200_000
SESSION_DEFAULTS = {
    "description": "",
    "format": "in_person",
    "venue": "",
    "address": "",
    "online_url": "",
    "accessibility": "",
    "status": "planned",
    "sequence": 0,
    "openness": "public",
    "is_published": True,
    "is_demo": False,
    "partners": "",
}
SESSION_COLUMNS = [
    *SESSION_DEFAULTS,
    *("id", "centre_id", "title", "slug", "kind", "commune_id", "starts_at", "ends_at", "half_days"),
    *("created_at", "updated_at"),
]
REGISTRATION_DEFAULTS = {"first_name": "Camille", "organisation": "Structure", "consent": True, "status": "confirmed"}
REGISTRATION_COLUMNS = [
    *REGISTRATION_DEFAULTS,
    *("id", "session_id", "last_name", "email", "function_id", "territory_id", "token", "created_at", "confirmed_at"),
]
KINDS = ["day", "half_day", "workshop", "seminar", "webinar", "network_meeting", "support"]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(round(len(ordered) * share) - 1, 0)]


def load_year(year, centres, communes, functions, themes, rng, next_id):
    """One year of sessions, registrations and attendance, written as plain rows."""
    from django.db import transaction
    from django.utils import timezone

    from passerelles.core.bulk import insert_rows
    from passerelles.events.models import Attendance, Registration, Session

    now = timezone.now()
    sessions, links_themes, links_functions, registrations, attendances = [], [], [], [], []
    session_id, registration_id = next_id
    for centre in centres:
        for n in range(SESSIONS_PER_CENTRE_YEAR):
            session_id += 1
            starts = timezone.make_aware(datetime.datetime(year, 1, 1, 9)) + datetime.timedelta(days=n * 365 // 251)
            half_days = rng.choice([1, 1, 2, 2, 4])
            session = {
                **SESSION_DEFAULTS,
                "id": session_id,
                "centre_id": centre,
                "title": f"Session {session_id}",
                "slug": f"session-{session_id}",
                "kind": rng.choice(KINDS),
                "commune_id": rng.choice(communes),
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=7),
                "half_days": half_days,
                "created_at": now,
                "updated_at": now,
            }
            sessions.append(tuple(session[column] for column in SESSION_COLUMNS))
            links_themes += [(session_id, t) for t in rng.sample(themes, rng.randint(0, 2))]
            links_functions += [(session_id, f) for f in rng.sample(functions, rng.randint(0, 2))]
            for person in rng.sample(range(PEOPLE), REGISTRANTS_PER_SESSION):
                registration_id += 1
                registration = {
                    **REGISTRATION_DEFAULTS,
                    "id": registration_id,
                    "session_id": session_id,
                    "last_name": f"Nom{person}",
                    "email": f"p{person}@example.org",
                    "function_id": rng.choice(functions),
                    "territory_id": rng.choice(communes),
                    "token": f"t{registration_id}",
                    "created_at": now,
                    "confirmed_at": now,
                }
                registrations.append(tuple(registration[column] for column in REGISTRATION_COLUMNS))
                if rng.random() < 2 / 3:
                    attendances.append((registration_id, registration_id, session_id, True))
    with transaction.atomic():
        insert_rows(Session._meta.db_table, SESSION_COLUMNS, sessions)
        insert_rows(Session.themes.through._meta.db_table, ["session_id", "concept_id"], links_themes)
        insert_rows(Session.functions.through._meta.db_table, ["session_id", "concept_id"], links_functions)
        insert_rows(Registration._meta.db_table, REGISTRATION_COLUMNS, registrations)
        insert_rows(Attendance._meta.db_table, ["id", "registration_id", "session_id", "present"], attendances)
    return (session_id, registration_id), len(sessions), len(registrations)


def measure(client, queries, requests):
    times = {query: [] for query in queries}
    for n in range(40 + requests):
        query = queries[n % len(queries)]
        start = time.perf_counter()
        response = client.get(query)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (query, response.status_code)
        if n >= 40:
            times[query].append(elapsed)
    return times


def main():
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from passerelles.accounts.models import User
    from passerelles.centres.models import Centre
    from passerelles.indicators.models import PublishedYear
    from passerelles.indicators.services import activity
    from passerelles.territories.models import Territory
    from passerelles.testing.second_factor import SecondFactorClient
    from passerelles.thesaurus.enums import Scheme
    from passerelles.thesaurus.models import Concept

    call_command("setup_site", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    rng = random.Random(15)
    centres = list(Centre.objects.order_by("pk").values_list("pk", flat=True)[:20])
    communes = list(
        Territory.objects.filter(kind="commune").order_by("-population").values_list("pk", flat=True)[:3000]
    )
    functions = list(Concept.objects.in_scheme(Scheme.FUNCTIONS).values_list("pk", flat=True))
    themes = list(Concept.objects.themes().values_list("pk", flat=True))
    region = Territory.objects.get(kind="region", code="11").pk
    user, _ = User.objects.get_or_create(
        email="bench-dashboard@example.org", defaults={"last_name": "Bench", "is_national_animator": True}
    )
    client = SecondFactorClient()  # a national animator's session has passed the second factor
    client.force_login(user)
    vendor = connection.vendor
    first_year = 2016
    next_id, loaded, sessions, registrations = (10_000_000, 10_000_000), 0, 0, 0
    results = []
    for until in (1, 5, 10):
        for year in range(first_year + loaded, first_year + until):
            next_id, s, r = load_year(year, centres, communes, functions, themes, rng, next_id)
            sessions, registrations = sessions + s, registrations + r
        loaded = until
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
        refresh_times = []
        for year in range(first_year, first_year + loaded):
            start = time.perf_counter()
            activity.refresh(year)
            refresh_times.append(time.perf_counter() - start)
            PublishedYear.objects.get_or_create(year=year)
        last = first_year + loaded - 1
        slug = Centre.objects.get(pk=centres[0]).slug
        queries = [
            f"/reseau/tableau-de-bord/?year={last}",
            f"/reseau/tableau-de-bord/?year={first_year}",
            f"/reseau/tableau-de-bord/?year={last}&activity=qualification",
            f"/reseau/tableau-de-bord/?year={last}&region={region}",
            f"/reseau/tableau-de-bord/?year={last}&region={region}&activity=network",
            f"/reseau/tableau-de-bord/theme.csv?year={last}",
            f"/reseau/tableau-de-bord/centres/{slug}/?year={last}",
            f"/reseau/chiffres/?year={last}",
        ]
        times = measure(client, queries, requests)
        every = [t for values in times.values() for t in values]
        p50, p95 = statistics.median(every), percentile(every, 0.95)
        results.append((loaded, p95))
        print(
            f"[{vendor}] {loaded} year(s) × {len(centres)} centres: {sessions:,} sessions, {registrations:,} "
            f"participations; refresh of a year {statistics.median(refresh_times):.2f} s "
            f"(max {max(refresh_times):.2f} s)"
        )
        print(
            f"[{vendor}]   dashboard pages, {len(every)} requests: p50 {p50:.1f} ms, p95 {p95:.1f} ms — "
            f"{p95 / TARGET_P95_MS:.0%} of the {TARGET_P95_MS:.0f} ms target"
        )
        for query, values in times.items():
            print(f"      {query:62} p50 {statistics.median(values):6.1f} ms  p95 {percentile(values, 0.95):6.1f} ms")
    growth = ", ".join(f"{years} y: {p95:.1f} ms" for years, p95 in results)
    print(f"[{vendor}] growth of the p95 with years: {growth}")
    pdf_seconds = network_report_pdf(client, centres, last)
    print(
        f"[{vendor}] network annual report {last} PDF ({len(centres)} validated centre reports): "
        f"{pdf_seconds:.2f} s — {pdf_seconds / TARGET_PDF_S:.0%} of the {TARGET_PDF_S:.0f} s target"
    )
    sys.exit(1 if results[-1][1] > TARGET_P95_MS or pdf_seconds > TARGET_PDF_S else 0)


def network_report_pdf(client, centres, year):
    """Every centre's report of `year` submitted with its figures and highlights, then validated;
    the network report's PDF asked for three times, the slowest kept."""
    from passerelles.accounts.models import User
    from passerelles.centres.models import Centre
    from passerelles.reports.enums import Transition
    from passerelles.reports.services import workflow

    animator = User.objects.get(email="bench-dashboard@example.org")
    highlights = "\n".join(["Une année de qualification, de mise en réseau et d'accompagnement des acteurs."] * 12)
    for centre in Centre.objects.filter(pk__in=centres):
        report = workflow.report_of(centre, year)
        workflow.save_highlights(report, highlights, animator)
        workflow.apply(report, Transition.SUBMIT, animator)
        workflow.apply(workflow.report_of(centre, year), Transition.VALIDATE, animator)
    slowest = 0.0
    for _ in range(3):
        start = time.perf_counter()
        response = client.get(f"/reseau/rapport-du-reseau/{year}/rapport.pdf")
        slowest = max(slowest, time.perf_counter() - start)
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), response.status_code
    return slowest


if __name__ == "__main__":
    main()
