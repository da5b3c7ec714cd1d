"""Every public page at a realistic volume (issue 17): 10,000 sheets, 5,000 publications, 2,000
sessions and 100,000 harvested records (`bench/volume.py`, built once, reused when the database
already holds them), served like `bench/pages.py` (gunicorn 2 workers, production settings, wrk 16
connections) and compared with the bare page measured in the same run.

    DATABASE_URL=... python bench/public_pages.py [seconds] [parts of page names, e.g. sheet,agenda]

Target: ≥ 70 % of the bare page's requests/s and p95 ≤ 50 ms; the network search ≥ 40 %.
"""

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pages import BARE, production_env, run_wrk, serving

SEARCH_RATIO = 0.40
PAGE_RATIO = 0.70
GZIP = " gzip"  # after a path: the page is asked for with « Accept-Encoding: gzip »
TARGET_P95 = 50.0
# Name, path, ratio target (None: informational). The named rows are made by bench/volume.py.
PAGES = [
    (BARE, "/_base/", None),
    ("home", "/", PAGE_RATIO),
    ("site map", "/plan-du-site/", PAGE_RATIO),
    ("sheets list", "/experiences/", PAGE_RATIO),
    ("sheets list, page 50", "/experiences/?page=50", PAGE_RATIO),
    ("sheets list, theme + territory", "/experiences/?theme=culture&territoire=region%3A53", PAGE_RATIO),
    ("sheets list, a concept", "/experiences/?theme=decrochage-scolaire", PAGE_RATIO),
    ("sheets list, words", "/experiences/?q=jeunes", PAGE_RATIO),
    ("a sheet", "/experiences/synthetique-5000/", PAGE_RATIO),
    ("agenda", "/agenda/", PAGE_RATIO),
    ("agenda, format + theme", "/agenda/?format=online&theme=culture", PAGE_RATIO),
    ("a session", "/agenda/sessions/session-synthetique-1200/", PAGE_RATIO),
    ("a cycle", "/agenda/cycles/cycle-synthetique-7/", PAGE_RATIO),
    ("latest publications", "/publications/", PAGE_RATIO),
    ("latest publications, kind", "/publications/?kind=study", PAGE_RATIO),
    ("series list", "/publications/series/", PAGE_RATIO),
    ("a series", "/publications/series/serie-synthetique-3/", PAGE_RATIO),
    ("a publication", "/publications/publication-synthetique-2500/", PAGE_RATIO),
    ("directory", "/centres/", PAGE_RATIO),
    ("directory, région", "/centres/?region=53", PAGE_RATIO),
    ("a centre", "/centres/reso-villes/", PAGE_RATIO),
    ("commune lookup", "/centres/quel-centre-couvre-ma-commune/?q=Brest", PAGE_RATIO),
    ("thesaurus", "/thesaurus/", PAGE_RATIO),
    ("a concept of the thesaurus", "/thesaurus/qpv/", PAGE_RATIO),
    ("search, frequent words", "/recherche/?q=politique+de+la+ville", SEARCH_RATIO),
    ("search, word + filters", "/recherche/?q=jeunes&type=experience&theme=education", SEARCH_RATIO),
    ("RSS feed", "/publications/flux/rss/", PAGE_RATIO),
    ("Atom feed", "/publications/flux/atom/", PAGE_RATIO),
    # Feed readers and calendars ask for gzip: the target rows ask as they do; without it, for the record.
    ("iCalendar, network", "/agenda/agenda.ics" + GZIP, PAGE_RATIO),
    ("iCalendar, a centre", "/agenda/centre/reso-villes/agenda.ics" + GZIP, PAGE_RATIO),
    ("iCalendar, network, uncompressed", "/agenda/agenda.ics", None),
    ("iCalendar, a centre, uncompressed", "/agenda/centre/reso-villes/agenda.ics", None),
]


def prepare(env):
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "setup_site"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, str(ROOT / "bench" / "volume.py")], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)


def drain(base, limit=180):
    """Wait until the bare page answers at once: requests a slow page left queued are served first."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        began = time.monotonic()
        try:
            with urllib.request.urlopen(base + "/_base/", timeout=limit) as response:
                response.read()
        except OSError:
            continue
        if time.monotonic() - began < 0.5:
            return


def measure(base, pages, seconds):
    script = ROOT / "bench" / "p95.lua"
    run_wrk(base + "/_base/", 3, script)  # discarded: the workers' first seconds are slower
    results = {}
    for name, page, _ in pages:
        path, _, coding = page.partition(" ")
        headers = [f"Accept-Encoding: {coding}"] if coding else []
        drain(base)
        try:
            for _ in range(10):  # warm both workers' caches and connections
                with urllib.request.urlopen(base + path, timeout=60) as response:
                    response.read()
        except OSError as error:  # a page too slow to warm (or failing) is reported, not measured
            print(f"{name}: {error}", flush=True)
            results[name] = {"rps": 0.0, "p50": float("inf"), "p95": float("inf"), "errors": 1.0}
            continue
        results[name] = run_wrk(base + path, seconds, script, headers)
        print(f"{name}: {results[name]['rps']:.0f} req/s, p95 {results[name]['p95']:.1f} ms", flush=True)
    drain(base)
    return results, run_wrk(base + "/_base/", seconds, script)


def report(results, again, seconds, vendor, targets):
    first = results[BARE]["rps"]
    bare = (first + again["rps"]) / 2
    print(
        f"\nevery public page on {vendor}, realistic volume: gunicorn 2 workers, wrk 16 connections, {seconds} s a page"
    )
    print(f"(bare page: {first:.0f} req/s at the start, {again['rps']:.0f} at the end; ratios use the mean)")
    print(f"{'page':<34}{'req/s':>8}{'vs bare':>9}{'p50 ms':>8}{'p95 ms':>8}{'errors':>7}  target")
    missed = 0
    for name, r in results.items():
        ratio, target = r["rps"] / bare, targets[name]
        if target is None:
            verdict = ""
        elif ratio >= target and r["p95"] <= TARGET_P95 and r["errors"] == 0:
            verdict = f"OK (≥ {target:.0%}, p95 ≤ {TARGET_P95:.0f} ms)"
        else:
            verdict, missed = f"MISSED (≥ {target:.0%}, p95 ≤ {TARGET_P95:.0f} ms)", missed + 1
        print(f"{name:<34}{r['rps']:>8.0f}{ratio:>9.0%}{r['p50']:>8.1f}{r['p95']:>8.1f}{r['errors']:>7.0f}  {verdict}")
    print(f"{missed} page(s) missed their target")


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    only = (sys.argv[2] if len(sys.argv) > 2 else "").lower().split(",")
    pages = [page for page in PAGES if page[0] == BARE or any(part in page[0].lower() for part in only)]
    env = production_env()
    prepare(env)
    with serving(env) as base:
        results, again = measure(base, pages, seconds)
    vendor = "postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    report(results, again, seconds, vendor, {name: target for name, _, target in PAGES})


if __name__ == "__main__":
    main()
