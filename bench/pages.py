"""Serve the site with gunicorn (2 workers, production settings, DEBUG off) and load each page
with wrk (16 connections), side by side with a bare page rendering only the base template.

    DATABASE_URL=... python bench/pages.py [seconds]
"""

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
RESULT = re.compile(
    r"RESULT rps=(?P<rps>[\d.]+) p50=(?P<p50>[\d.]+) p95=(?P<p95>[\d.]+) p99=(?P<p99>[\d.]+)"
    r" requests=(?P<requests>\d+) errors=(?P<errors>\d+)"
)


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    python = sys.executable
    static_root = tempfile.mkdtemp(prefix="passerelles-static-")
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="passerelles.config.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        PASSERELLES_BARE_PAGE="1",
        STATIC_ROOT=static_root,
    )
    manage = [python, str(ROOT / "manage.py")]
    subprocess.run([*manage, "setup_site"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    port = 18000 + os.getpid() % 1000
    server = subprocess.Popen(
        [
            str(Path(python).parent / "gunicorn"),
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
        results = {}
        for name, path in PAGES.items():
            for _ in range(50):  # warm both workers' caches and connections
                urllib.request.urlopen(base + path, timeout=5).read()
            out = subprocess.run(
                ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", str(ROOT / "bench" / "p95.lua"), base + path],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            results[name] = {k: float(v) for k, v in RESULT.search(out).groupdict().items()}
    finally:
        server.terminate()
        server.wait()
    bare = results["bare page (base template only)"]["rps"]
    vendor = "postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    print(f"\npages on {vendor}: gunicorn 2 workers, DEBUG off, wrk 16 connections, {seconds} s per page")
    header = f"{'page':<32}{'req/s':>9}{'vs bare':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}"
    print(f"{header}  target (≥70 % of bare, p95 ≤ 50 ms)")
    for name, r in results.items():
        ratio = r["rps"] / bare
        ok = ratio >= 0.70 and r["p95"] <= 50 and r["errors"] == 0
        verdict = "" if "not a target" in name or name.startswith("bare") else ("OK" if ok else "MISSED")
        print(f"{name:<32}{r['rps']:>9.0f}{ratio:>9.0%}{r['p50']:>9.2f}{r['p95']:>9.2f}{r['errors']:>8.0f}  {verdict}")


if __name__ == "__main__":
    main()
