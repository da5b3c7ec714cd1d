"""The REST API's list operations (issue 18) at 100,000 published sheets, with the realistic volume of
the other kinds beside them (bench/volume.py: 5,000 publications, 2,000 sessions, 100,000 records),
served like bench/public_pages.py (production settings, gunicorn 2 workers, wrk 16 connections).

    DATABASE_URL=... python bench/api.py [seconds] [sheets]

The sheets are built once per database (a database that already holds them is reused). The API's
rate limit per client is lifted for the run: wrk is one client. Target: p95 ≤ 50 ms on each list.
Each list is asked at one address, so after the first request its JSON is served as kept (ADR 0015,
as the pages' fragments are); the last row, for the record, walks 20,000 different pages instead.
"""

import base64
import json
import os
import random
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from urllib import parse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pages import production_env, run_wrk, serving
from bench.public_pages import drain

SHEETS = 100_000
TARGET_P95 = 50.0
# Name, path, whether the target applies (the others are printed for the record).
OPERATIONS = [
    ("bare page (for reference)", "/_base/", False),
    ("sheets, first page", "/api/v1/fiches", True),
    ("sheets, 100 a page", "/api/v1/fiches?page_size=100", True),
    ("sheets, deep cursor", "/api/v1/fiches?cursor={deep}", True),
    ("sheets, theme + territory", "/api/v1/fiches?theme=culture&territoire=region%3A53", True),
    ("sheets, a concept", "/api/v1/fiches?theme=decrochage-scolaire", True),
    ("sheets, words", "/api/v1/fiches?q=jeunes", True),
    ("publications", "/api/v1/publications", True),
    ("sessions to come", "/api/v1/agenda/sessions", True),
    ("cycles", "/api/v1/agenda/cycles", True),
    ("harvested records", "/api/v1/notices", True),
    ("centres", "/api/v1/centres", True),
    ("communes", "/api/v1/territoires?kind=commune", True),
    ("thesaurus", "/api/v1/thesaurus", True),
    ("a sheet", "/api/v1/fiches/{sheet}", False),
    ("sheets, unchanged (304)", "/api/v1/fiches {etag}", False),
]
COLD = "sheets, 20,000 distinct pages (cold)"


def cold_script(newest):
    """A wrk script asking for pages of sheets at 20,000 different cursors, at random: most requests
    find nothing kept and build their page (the figure of a client walking the whole list)."""
    positions = random.Random(7).sample(range(1, newest + 1), min(20_000, newest))
    tokens = (base64.urlsafe_b64encode(f"n:{p}".encode()).decode().rstrip("=") for p in positions)
    paths = ", ".join(f'"/api/v1/fiches?cursor={token}"' for token in tokens)
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(
        f"local paths = {{{paths}}}\n"
        "request = function() return wrk.format('GET', paths[math.random(#paths)]) end\n"
        + (ROOT / "bench" / "p95.lua").read_text()
    )
    return script


def build(count):
    """In a Django process: `count` published sheets, then the rest of the realistic volume."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passerelles.config.settings.prod")
    django.setup()
    from bench.corpus import create_sheets
    from bench.volume import build as build_volume
    from passerelles.experiences.models import ExperienceSheet

    if not ExperienceSheet.objects.filter(slug="synthetique-0").exists():
        print(f"volume: {count:,} sheets", flush=True)
        create_sheets(count, seed=20261207, progress=None)
    build_volume()  # publications, sessions, records (its sheets are there: left as they are)


def prepare(env, count):
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "setup_site"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, __file__, "build", str(count)], env=env, check=True, cwd=ROOT)


def newest_key(base):
    """The newest sheet's key: the first page's `next` link carries it (keys run from about 1)."""
    with urllib.request.urlopen(base + "/api/v1/fiches?page_size=1", timeout=60) as response:
        following = json.load(response)["next"]
    token = parse.parse_qs(parse.urlsplit(following).query)["cursor"][0]
    _, newest = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode().split(":")
    return int(newest)


def deep_cursor(newest):
    """The cursor of a page half-way down the list of sheets."""
    return base64.urlsafe_b64encode(f"n:{newest // 2}".encode()).decode().rstrip("=")


def etag_of(base, path):
    with urllib.request.urlopen(base + path, timeout=60) as response:
        response.read()
        return response.headers["ETag"]


def measure(base, seconds, sheets):
    script = ROOT / "bench" / "p95.lua"
    run_wrk(base + "/api/v1/centres", 3, script)  # discarded: the workers' first seconds are slower
    newest = newest_key(base)
    values = {"deep": deep_cursor(newest), "sheet": f"synthetique-{sheets // 2}"}
    results = {}
    for name, template, _ in OPERATIONS:
        path, _, header = template.partition(" ")
        path = path.format(**values)
        headers = []
        if header:
            headers = [f"If-None-Match: {etag_of(base, path)}"]
        drain(base)
        for _ in range(10):  # warm both workers' kept versions and connections
            with urllib.request.urlopen(base + path, timeout=60) as response:
                response.read()
        results[name] = run_wrk(base + path, seconds, script, headers)
        print(f"{name}: {results[name]['rps']:.0f} req/s, p95 {results[name]['p95']:.1f} ms", flush=True)
    drain(base)
    results[COLD] = run_wrk(base + "/api/v1/fiches", seconds, cold_script(newest))
    print(f"{COLD}: {results[COLD]['rps']:.0f} req/s, p95 {results[COLD]['p95']:.1f} ms", flush=True)
    return results


def report(results, seconds, vendor, sheets):
    print(f"\nAPI list operations on {vendor}, {sheets:,} published sheets: gunicorn 2 workers, wrk 16 connections,")
    print(f"{seconds} s each; target p95 ≤ {TARGET_P95:.0f} ms (ratio: p95 / target, ≤ 100 % meets it)")
    print(f"{'operation':<38}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'ratio':>8}{'errors':>7}  target")
    missed = 0
    targeted = {name: target for name, _, target in OPERATIONS} | {COLD: False}
    for name, r in results.items():
        ratio = r["p95"] / TARGET_P95
        if not targeted[name]:
            verdict = ""
        elif r["p95"] <= TARGET_P95 and r["errors"] == 0:
            verdict = "OK"
        else:
            verdict, missed = "MISSED", missed + 1
        print(f"{name:<38}{r['rps']:>8.0f}{r['p50']:>8.1f}{r['p95']:>8.1f}{ratio:>8.0%}{r['errors']:>7.0f}  {verdict}")
    worst = max(r["p95"] for name, r in results.items() if targeted[name])
    print(f"worst p95 of the lists: {worst:.1f} ms, {worst / TARGET_P95:.0%} of the target; {missed} missed")


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    sheets = int(sys.argv[2]) if len(sys.argv) > 2 else SHEETS
    # wrk is one client: the per-client limit of the API (PASSERELLES["THROTTLES"]["API_CLIENT"]) is lifted.
    env = production_env(PASSERELLES_THROTTLE_API_CLIENT="100000000/m")
    prepare(env, sheets)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT
    )
    with serving(env) as base:
        results = measure(base, seconds, sheets)
    vendor = "postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    report(results, seconds, vendor, sheets)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "build":
        build(int(sys.argv[2]))
    else:
        main()
