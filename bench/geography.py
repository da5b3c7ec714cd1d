"""Time the load of the full shipped geography into an empty, migrated database.

DATABASE_URL=... python bench/geography.py [runs]
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passerelles.config.settings.test")

import django

django.setup()

from django.core.management import call_command
from django.db import connection, transaction

from passerelles.territories.models import GeographyRelease, PostalCode, Territory
from passerelles.territories.services.geography import load_geography

TARGET = 10.0


def empty_geography():
    # One statement per table: the self-referencing foreign keys are checked at commit.
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (Territory.ancestors.through, PostalCode, GeographyRelease, Territory):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    call_command("migrate", verbosity=0)
    timings = []
    for _ in range(runs):
        empty_geography()
        start = time.perf_counter()
        report = load_geography()
        timings.append(time.perf_counter() - start)
    rows = sum(report.counts.values()) + report.ancestry_links + report.postcodes
    median = statistics.median(timings)
    print(
        f"geography load on {connection.vendor:<10} median {median:5.2f} s over {runs} runs "
        f"(min {min(timings):.2f}, max {max(timings):.2f}; {rows:,} rows); "
        f"target ≤ {TARGET:.0f} s: {median / TARGET:.0%} of budget -> {'OK' if median <= TARGET else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
