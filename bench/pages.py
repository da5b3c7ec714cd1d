"""Serve the site with gunicorn (2 workers, production settings, DEBUG off) and load each page
with wrk (16 connections), side by side with a bare page rendering only the base template.

    DATABASE_URL=... python bench/pages.py [seconds]
"""

import contextlib
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "bare page (base template only)": "/_base/",
    "home": "/",
    "directory": "/centres/",
    "centre": "/centres/reso-villes/",
    "commune lookup": "/centres/quel-centre-couvre-ma-commune/?q=Brest",
    "coverage (not a target)": "/centres/couverture/",
}
MIX = "commune lookup, 2,000 communes (cold)"
BARE = "bare page (base template only)"
RESULT = re.compile(
    r"RESULT rps=(?P<rps>[\d.]+) p50=(?P<p50>[\d.]+) p95=(?P<p95>[\d.]+) p99=(?P<p99>[\d.]+)"
    r" requests=(?P<requests>\d+) errors=(?P<errors>\d+)"
)


def run_wrk(url, seconds, script, headers=()):
    sent = [part for header in headers for part in ("-H", header)]
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", str(script), *sent, url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return {k: float(v) for k, v in RESULT.search(out).groupdict().items()}


def lookup_mix_script(env):
    """A wrk script requesting the lookup page for 2,000 communes, largest first, at random."""
    query = (
        "from passerelles.territories.models import Territory as T;"
        "print('\\n'.join(T.objects.filter(kind='commune').order_by('-population')"
        ".values_list('code', flat=True)[:2000]))"
    )
    codes = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-v", "0", "-c", query],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    codes = [code for code in codes if re.fullmatch(r"[0-9AB]{5}", code)]
    paths = ", ".join(f'"/centres/quel-centre-couvre-ma-commune/?commune={code}"' for code in codes)
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(
        f"local paths = {{{paths}}}\n"
        "request = function() return wrk.format('GET', paths[math.random(#paths)]) end\n"
        + (ROOT / "bench" / "p95.lua").read_text()
    )
    return script


def production_env(**extra):
    """Production settings with DEBUG off, for a server on 127.0.0.1 (collectstatic into a temporary root)."""
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="passerelles.config.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        PASSERELLES_BARE_PAGE="1",
        STATIC_ROOT=tempfile.mkdtemp(prefix="passerelles-static-"),
        PASSERELLES_SEARCH_INDEX_DIR=tempfile.mkdtemp(prefix="passerelles-bench-search-"),
        **extra,
    )


@contextlib.contextmanager
def serving(env):
    """gunicorn, 2 sync workers, on a free local port; yields the site's base URL once it answers."""
    port = 18000 + os.getpid() % 1000
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "passerelles.config.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/_base/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait()


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    env = production_env()
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "setup_site"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    with serving(env) as base:
        # A discarded run first: the workers' first seconds under load are slower than the rest.
        run_wrk(base + PAGES[BARE], 3, ROOT / "bench" / "p95.lua")
        results = {}
        for name, path in PAGES.items():
            for _ in range(50):  # warm both workers' caches and connections
                urllib.request.urlopen(base + path, timeout=5).read()
            results[name] = run_wrk(base + path, seconds, ROOT / "bench" / "p95.lua")
        # Informational: many different communes, so that most requests miss the fragment cache.
        results[MIX] = run_wrk(base + "/", seconds, lookup_mix_script(env))
        # The yardstick again at the end: the machine's drift shows in the gap between the two.
        again = run_wrk(base + PAGES[BARE], seconds, ROOT / "bench" / "p95.lua")
    first = results[BARE]["rps"]
    bare = (first + again["rps"]) / 2
    vendor = "postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    print(f"\npages on {vendor}: gunicorn 2 workers, DEBUG off, wrk 16 connections, {seconds} s per page")
    header = f"{'page':<32}{'req/s':>9}{'vs bare':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}"
    print(f"{header}  target (≥70 % of bare, p95 ≤ 50 ms)")
    print(f"(bare page: {first:.0f} req/s at the start, {again['rps']:.0f} at the end; ratios use the mean)")
    for name, r in results.items():
        ratio = r["rps"] / bare
        ok = ratio >= 0.70 and r["p95"] <= 50 and r["errors"] == 0
        informational = "not a target" in name or name.startswith("bare") or name == MIX
        verdict = "" if informational else ("OK" if ok else "MISSED")
        print(f"{name:<32}{r['rps']:>9.0f}{ratio:>9.0%}{r['p50']:>9.2f}{r['p95']:>9.2f}{r['errors']:>8.0f}  {verdict}")


if __name__ == "__main__":
    main()
