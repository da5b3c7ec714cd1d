"""One scenario for the State's envelope recomputed as the page will on each change of a weight
(target ≤ 50 ms), measured twice:

1. the pure computation: 20 centres (3 overseas), every criterion weighted, floors and ceilings,
   the amounts with their explanations and the fairness measures. The figures are random, seeded;
   the computation does not depend on where they come from. Needs no database.
2. with DATABASE_URL set, the whole simulator page (/reseau/repartition/?…) asked for by a national
   animator through Django's test client with production settings, as the form sends it: the
   permissions, the form, the centres' figures read from the database (coverage through the
   perimeters — cached per process until the directory or a list changes —, the year's half-days,
   the current allocation), the allocation, the fairness measures and the template. The database
   is set up as `make run` sets it up (geography, the directory), plus the QPV sample (with populations), every centre
   of the directory made covering with a perimeter (20 centres), 40 sessions per centre in the year
   counted and the State's funding entered for each. Each request changes the weights (every
   criterion with data; the contrats de ville, not loaded, stay at zero), some also the general and
   a centre's own bounds; 40 warm-up requests, then `requests`. The first request after the coverage
   cache is emptied (a directory or list change) is timed apart. Then the same for the results
   alone (/reseau/repartition/resultats/?…), what the page asks for as a value changes: the
   recomputation the target is about (its p95 decides the exit code).

    python bench/allocation.py [runs]
    DATABASE_URL=... python bench/allocation.py [runs] [requests]
"""

import datetime
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from passerelles.funding.enums import Criterion
from passerelles.funding.services.allocation import CentreFigures, Formula, allocate, fairness

TARGET_MS = 50.0
SESSIONS_PER_CENTRE = 40
URL = "/reseau/repartition/"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(round(len(ordered) * share) - 1, 0)]


def pure(runs):
    """The computation alone, on random figures; returns the p95 in ms."""
    rng = random.Random(15)
    centres = [
        CentreFigures(
            key=f"c{n}",
            name=f"Centre {n}",
            values={criterion.value: rng.randint(1, 400_000) for criterion in Criterion},
            overseas=n >= 17,
            floor=rng.choice([0, 40_000, 80_000]),
            ceiling=rng.choice([None, 600_000]),
            current=rng.randint(80_000, 500_000),
        )
        for n in range(20)
    ]
    times = []
    for _ in range(runs):
        weights = {criterion.value: rng.randint(0, 10) for criterion in Criterion} | {"qpv_population": 5}
        formula = Formula(envelope=6_000_000, base=40_000, weights=weights, overseas_coefficient=Fraction(13, 10))
        start = time.perf_counter()
        shares = allocate(formula, centres)
        fairness({share.centre.key: share.amount for share in shares}, centres)
        [share.explanation for share in shares]
        times.append((time.perf_counter() - start) * 1000)
        assert sum(share.amount for share in shares) == formula.envelope
    p95 = percentile(times, 0.95)
    print(
        f"allocation of 20 centres, {len(Criterion)} criteria, {runs} runs: p50 {statistics.median(times):.2f} ms, "
        f"p95 {p95:.2f} ms — {p95 / TARGET_MS:.0%} of the {TARGET_MS:.0f} ms target"
    )
    return p95


def prepare(year):
    """The directory's 20 centres all covering a perimeter, the QPV sample, a year of sessions and
    the State's funding; returns the centres' slugs."""
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from passerelles.centres.enums import Status
    from passerelles.centres.models import Centre
    from passerelles.centres.services.freshness import forget_directory_version
    from passerelles.core.bulk import insert_rows
    from passerelles.events.models import Session
    from passerelles.funding.services import cofinancing
    from passerelles.indicators.services.coverage import coverage
    from passerelles.territories.enums import Kind
    from passerelles.territories.models import Territory
    from passerelles.territories.services.qpv import import_qpv

    if not Territory.objects.filter(kind=Kind.QPV, population__gt=0).exists():
        import_qpv(settings.PASSERELLES["QPV_SAMPLE_FILE"].read_bytes(), is_demo=True)
        for n, pk in enumerate(Territory.objects.filter(kind=Kind.QPV).order_by("code").values_list("pk", flat=True)):
            Territory.objects.filter(pk=pk).update(population=1_000 + 700 * n)  # the sample has none
    centres = list(Centre.objects.order_by("pk")[:20])
    Centre.objects.filter(pk__in=[c.pk for c in centres]).update(status=Status.ACTIVE)
    spare = iter(coverage().uncovered_departements)
    for centre in centres:
        if not centre.perimeter.exists():
            centre.perimeter.add(next(spare))
    forget_directory_version()
    rng = random.Random(15)
    now = timezone.now()
    columns = ["centre_id", "title", "slug", "kind", "starts_at", "ends_at", "half_days", "description"]
    columns += ["format", "venue", "address", "online_url", "accessibility", "status", "sequence", "openness"]
    columns += ["is_published", "is_demo", "partners", "created_at", "updated_at"]
    rows = []
    if not Session.objects.filter(starts_at__year=year).exists():
        for centre in centres:
            for n in range(SESSIONS_PER_CENTRE):
                starts = timezone.make_aware(datetime.datetime(year, 1, 1, 9)) + datetime.timedelta(days=n * 9)
                slug = f"bench-{centre.pk}-{n}"
                rows.append(
                    (centre.pk, slug, slug, "workshop", starts, starts + datetime.timedelta(hours=3))
                    + (rng.choice([1, 1, 2, 4]), "", "in_person", "", "", "", "", "planned", 0, "public")
                    + (True, False, "", now, now)
                )
        with transaction.atomic():
            insert_rows(Session._meta.db_table, columns, rows)
    for centre in centres:
        cofinancing.save_amounts(centre, year, {"state_anct": rng.randint(100_000, 400_000)}, None)
    return [c.slug for c in centres]


def page(requests):
    """The whole simulator page (its first display, or « Calculer » without JavaScript), then the
    results the page asks for as a value changes; returns the p95 of the latter in ms."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="passerelles.config.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=tempfile.mkdtemp(prefix="passerelles-static-"),
        PASSERELLES_SEARCH_INDEX_DIR=tempfile.mkdtemp(prefix="passerelles-bench-search-"),
    )
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from passerelles.accounts.models import User
    from passerelles.funding.forms import starting_year
    from passerelles.testing.second_factor import SecondFactorClient

    call_command("setup_site", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    year = starting_year()
    slugs = prepare(year)
    user, _ = User.objects.get_or_create(
        email="bench-allocation@example.org", defaults={"last_name": "Bench", "is_national_animator": True}
    )
    client = SecondFactorClient()  # a national animator's session has passed the second factor
    client.force_login(user)
    rng = random.Random(15)
    with_data = ["population", "qpv_population", "qpv", "departements", "half_days"]

    def query():
        values = {
            "year": year,
            "envelope": 5_000_000,
            "base": 40_000,
            "overseas_coefficient": "1,3",
            "floor": rng.choice([0, 100_000]),
            "ceiling": rng.choice(["", 400_000]),
            "weight_contract_epci": 0,
            "weight_contract_communes": 0,
            **{f"weight_{criterion}": rng.randint(0, 10) for criterion in with_data},
            "weight_qpv_population": rng.randint(1, 10),
        }
        if rng.random() < 0.5:
            values |= {f"floor_{rng.choice(slugs)}": 150_000, f"ceiling_{rng.choice(slugs)}": 300_000}
        return values

    def ask(values, url=URL):
        start = time.perf_counter()
        response = client.get(url, values)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200 or b"Montant de chaque centre" not in response.content:
            Path(tempfile.gettempdir(), "allocation-bench-page.html").write_bytes(response.content)
            raise SystemExit(f"{response.status_code} for {values} (page in allocation-bench-page.html)")
        return elapsed

    cold = []
    for _ in range(5):
        cache.clear()
        cold.append(ask(query()))
    times = [ask(query()) for _ in range(40 + requests)][40:]
    vendor = connection.vendor
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    print(
        f"[{vendor}] simulator page, {len(slugs)} centres, {len(times)} requests with new weights: p50 {p50:.1f} ms, "
        f"p95 {p95:.1f} ms — {p95 / TARGET_MS:.0%} of the {TARGET_MS:.0f} ms target"
    )
    print(f"[{vendor}]   first request after the coverage cache is emptied: median {statistics.median(cold):.0f} ms")
    # What the page asks for as a value changes: the same computation, the results alone.
    times = [ask(query(), URL + "resultats/") for _ in range(40 + requests)][40:]
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    print(
        f"[{vendor}] results recomputed as a value changes ({URL}resultats/), {len(times)} requests: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms — {p95 / TARGET_MS:.0%} of the {TARGET_MS:.0f} ms target"
    )
    return p95


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    p95 = pure(runs)
    if os.environ.get("DATABASE_URL"):
        p95 = max(p95, page(requests))
    sys.exit(1 if p95 > TARGET_MS else 0)


if __name__ == "__main__":
    main()
