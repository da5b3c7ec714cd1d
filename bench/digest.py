"""The weekly digest of alerts, on the database of DATABASE_URL: 10,000 people with random alerts
(1 to 3 each, over the shipped thesaurus, words of the field and territories) over 100,000
synthetic sheets whose publication dates are spread over the last year (so a week brings about
2 % of them). The figure is the whole run of `alerts.services.digest.send_digests`: each distinct
search against the index with its date window, the dedup per person, the sessions check, the
rendering (CSS inlined) and the outbox rows with their Digest rows, in their transactions.
Sending is the outbox's work (the newsletter bench measures it). Also at 2,500 and 5,000 people
(100,000 sheets) and at 25,000 and 50,000 sheets (10,000 people), to see how it grows.

    DATABASE_URL=... python bench/digest.py [people, e.g. 2500,5000,10000] [sheets, e.g. 25000,50000,100000]
"""

import os
import random
import secrets
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "passerelles.config.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "PASSERELLES_SEARCH_INDEX_DIR": tempfile.mkdtemp(prefix="passerelles-bench-digest-"),
        "STATIC_ROOT": tempfile.mkdtemp(prefix="passerelles-static-"),
    }
)
TARGET_SECONDS = 120.0
WORDS = [
    "",
    "",
    "emploi",
    "jeunes",
    "santé",
    "parentalité",
    "médiation",
    "rénovation urbaine",
    "insertion",
    "décrochage scolaire",
    "conseil citoyen",
    "numérique",
    "culture",
    "sport",
    "commerce",
    "mobilité",
    "logement",
    "sécurité",
    "égalité femmes",
    "participation des habitants",
]


def spread_publication_dates(now):
    """Published over the last 365 days, about as many each day."""
    from passerelles.experiences.models import ExperienceSheet

    ids = list(ExperienceSheet.objects.order_by("pk").values_list("pk", flat=True))
    for day in range(365):
        chunk = ids[day::365]
        for start in range(0, len(chunk), 500):
            ExperienceSheet.objects.filter(pk__in=chunk[start : start + 500]).update(
                published_at=now - timedelta(days=day, hours=day % 24)
            )


def people_with_alerts(count, seed=14):
    """`count` people, each with 1 to 3 weekly alerts drawn from the vocabulary and the territories."""
    from django.contrib.auth.hashers import make_password

    from passerelles.accounts.models import User
    from passerelles.alerts.enums import ALL_TYPES
    from passerelles.alerts.models import Alert
    from passerelles.territories.models import Territory
    from passerelles.thesaurus.enums import Scheme
    from passerelles.thesaurus.models import Concept

    rnd = random.Random(seed)
    themes = list(
        Concept.objects.filter(scheme=Scheme.THEMES).order_by("notation").values_list("notation", "pref_label")
    )
    territories = [
        territory.key for territory in Territory.objects.filter(kind__in=["region", "departement"]).order_by("code")
    ]
    territories += [
        territory.key for territory in Territory.objects.filter(kind="commune", population__gte=50000).order_by("code")
    ]
    password = make_password(None)
    existing = User.objects.filter(email__startswith="bench-").count()
    users = User.objects.bulk_create(
        User(email=f"bench-{n}@example.org", password=password, first_name="Personne", last_name=str(n))
        for n in range(existing, count)
    )
    if users and users[0].pk is None:
        users = list(User.objects.filter(email__startswith="bench-").order_by("pk"))[existing:]
    alerts = []
    for user in users:
        for _ in range(rnd.randint(1, 3)):
            params = {}
            kind = rnd.random()
            if kind < 0.4:
                params["q"] = rnd.choice(themes)[1].lower()
            elif kind < 0.8:
                word = rnd.choice(WORDS)
                if word:
                    params["q"] = word
            if rnd.random() < 0.4:
                params["theme"] = [rnd.choice(themes)[0]]
            if rnd.random() < 0.7:
                params["territoire"] = [rnd.choice(territories)]
            types = list(ALL_TYPES) if rnd.random() < 0.6 else rnd.sample(list(ALL_TYPES), rnd.randint(1, 3))
            alerts.append(Alert(user=user, title="bench", params=params, frequency="weekly", types=types))
    Alert.objects.bulk_create(alerts, batch_size=5000)
    return Alert.objects.count()


def run_once(now):
    """One digest run from scratch (the previous run's rows removed first); seconds and outcome."""
    from django.db import connection

    from passerelles.alerts.models import Digest
    from passerelles.alerts.services import digest
    from passerelles.core.models import OutgoingMail
    from passerelles.search.services import vocabulary
    from passerelles.search_index import engine
    from passerelles.search_index.services import indexing

    Digest.objects.all().delete()
    OutgoingMail.objects.all().delete()
    connection.close()
    engine.forget_engines()  # a fresh process as the worker would be: nothing warmed up
    indexing.forget_catch_up()
    vocabulary.forget()
    start = time.perf_counter()
    outcome = digest.send_digests("weekly", now)
    return time.perf_counter() - start, outcome


def main():
    people_sizes = [int(n) for n in (sys.argv[1] if len(sys.argv) > 1 else "2500,5000,10000").split(",")]
    sheet_sizes = [int(n) for n in (sys.argv[2] if len(sys.argv) > 2 else "25000,50000,100000").split(",")]
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.corpus import create_sheets
    from passerelles.core.models import OutgoingMail
    from passerelles.search_index.services.indexing import rebuild

    call_command("setup_site", verbosity=0)
    vendor = connection.vendor
    now = timezone.now()
    most_people = max(people_sizes)
    rows = []
    stored = 0
    alerts = people_with_alerts(most_people)
    print(f"[{vendor}] {most_people} people, {alerts} alerts", flush=True)
    for size in sheet_sizes:
        stored += create_sheets(size - stored, seed=size, start=stored)
        spread_publication_dates(now)
        connection.close()
        rebuild()
        seconds, outcome = run_once(now)
        mails = OutgoingMail.objects.count()
        rows.append(("documents", most_people, size, seconds, outcome, mails))
        print(f"[{vendor}] {most_people} people × {size} sheets: {seconds:.1f} s, {mails} mails", flush=True)
    # People: fewer people over the largest corpus (the others' alerts set aside).
    from passerelles.alerts.models import Alert

    for count in sorted(people_sizes):
        if count == most_people:
            continue
        keep = list(
            Alert.objects.filter(user__email__startswith="bench-").order_by("user_id").values_list("user_id", flat=True)
        )
        cut = sorted(set(keep))[count:]
        Alert.objects.filter(user_id__in=cut).update(frequency="monthly")
        seconds, outcome = run_once(now)
        mails = OutgoingMail.objects.count()
        rows.append(("people", count, stored, seconds, outcome, mails))
        print(f"[{vendor}] {count} people × {stored} sheets: {seconds:.1f} s, {mails} mails", flush=True)
        Alert.objects.filter(user_id__in=cut).update(frequency="weekly")
    print(f"\ndigest on {vendor} (weekly; sheets published over the last year; target ≤ {TARGET_SECONDS:.0f} s)")
    print(f"{'people':>8}{'sheets':>8}{'seconds':>9}{'mails':>7}{'empty':>7}{'ratio':>7}")
    for _, people, sheets, seconds, outcome, mails in sorted(rows, key=lambda row: (row[2], row[1])):
        verdict = ""
        if people == 10_000 and sheets == 100_000:
            verdict = "OK" if seconds <= TARGET_SECONDS else "MISSED"
        ratio = seconds / TARGET_SECONDS
        print(f"{people:>8}{sheets:>8}{seconds:>9.1f}{mails:>7}{outcome.empty:>7}{ratio:>7.2f}  {verdict}")


if __name__ == "__main__":
    main()
