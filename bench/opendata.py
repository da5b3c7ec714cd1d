"""The open-data dumps at volume, on the database of DATABASE_URL: every dataset built (CSV and JSON,
zipped, with schemas) over 25,000, 50,000 then 100,000 synthetic published sheets. The figure is the
whole `opendata.services.dumps.build()`; beside it, the peak growth of the process's resident memory
during the build, in a fresh process per size (sampled from /proc every 20 ms; the peak, and its growth
above the RSS measured just before), which must stay flat as the volume grows: rows are streamed, never
held. Target: ≤ 60 s at 100,000 sheets.

    DATABASE_URL=... python bench/opendata.py [sizes, e.g. 25000,50000,100000]
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "passerelles.config.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "PASSERELLES_SEARCH_INDEX_DIR": tempfile.mkdtemp(prefix="passerelles-bench-opendata-search-"),
        "PASSERELLES_OPENDATA_ROOT": tempfile.mkdtemp(prefix="passerelles-bench-opendata-"),
        "STATIC_ROOT": tempfile.mkdtemp(prefix="passerelles-static-"),
    }
)
TARGET_SECONDS = 60.0
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * PAGE


class PeakSampler(threading.Thread):
    """The highest resident memory seen while it runs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self.done = rss(), threading.Event()

    def run(self):
        while not self.done.wait(0.02):
            self.peak = max(self.peak, rss())


def measured_build():
    """In a fresh process (`--measure`), so that its memory owes nothing to building the volume."""
    import django

    django.setup()
    from django.urls import reverse

    from passerelles.opendata.services import dumps

    reverse("opendata:index")  # the URL configuration loaded before, as in a worker
    before = rss()
    sampler = PeakSampler()
    sampler.start()
    start = time.perf_counter()
    lines = dumps.build()
    seconds = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    peak = max(sampler.peak, rss())
    print(json.dumps({"seconds": seconds, "growth": peak - before, "peak": peak, "lines": lines}))


def measure():
    answer = subprocess.run([sys.executable, __file__, "--measure"], check=True, capture_output=True, text=True)
    result = json.loads(answer.stdout.strip().splitlines()[-1])
    return result["seconds"], result["growth"], result["peak"], result["lines"]


def main():
    sizes = [int(n) for n in (sys.argv[1] if len(sys.argv) > 1 else "25000,50000,100000").split(",")]
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.volume import create_sheets
    from passerelles.experiences.models import ExperienceSheet

    call_command("setup_site", verbosity=0)
    vendor = connection.vendor
    rows = []
    for size in sizes:
        stored = ExperienceSheet.objects.filter(slug__startswith="synthetique-").count()
        if stored < size:
            create_sheets(size - stored, seed=size, start=stored)
        connection.close()
        seconds, growth, peak, lines = measure()
        sheets = lines["fiches-experience"]
        rows.append((size, seconds, growth, peak, sheets["records"], sheets["bytes"]))
        print(
            f"[{vendor}] {size} sheets: {seconds:.1f} s, peak RSS {peak / 2**20:.0f} MiB (+{growth / 2**20:.1f})",
            flush=True,
        )
    target = f"target at 100,000 sheets ≤ {TARGET_SECONDS:.0f} s"
    print(f"\nopen-data dumps on {vendor} (every dataset, CSV + JSON zipped; {target})")
    print(f"{'sheets':>8}{'seconds':>9}{'ratio':>7}{'peak MiB':>10}{'+MiB':>7}{'rows':>8}{'zip MiB':>9}")
    for size, seconds, growth, peak, records, size_bytes in rows:
        verdict = ""
        if size == 100_000:
            verdict = "OK" if seconds <= TARGET_SECONDS else "MISSED"
        print(
            f"{size:>8}{seconds:>9.1f}{seconds / TARGET_SECONDS:>7.2f}{peak / 2**20:>10.0f}{growth / 2**20:>7.1f}"
            f"{records:>8}{size_bytes / 2**20:>9.1f}  {verdict}"
        )
    if len(rows) > 1:
        ratio = rows[-1][3] / rows[0][3]
        print(f"memory: peak RSS at {rows[-1][0]} sheets is {ratio:.2f}× that at {rows[0][0]} (flat ≈ 1)")


if __name__ == "__main__":
    try:
        if sys.argv[1:] == ["--measure"]:
            measured_build()
        else:
            main()
    finally:  # the dumps and the other folders of this process (a hundred megabytes at 100,000 sheets)
        for name in ("PASSERELLES_OPENDATA_ROOT", "PASSERELLES_SEARCH_INDEX_DIR", "STATIC_ROOT"):
            shutil.rmtree(os.environ[name], ignore_errors=True)
