"""The network search at 100,000 synthetic sheets, then 500,000 documents (400,000 sheets and
100,000 harvested catalogue records), on the database of DATABASE_URL.

For each size: the full rebuild time; the raw engine (tantivy, in this process: the top 20 with
the total count, and the same plus the facet aggregations a results page needs); the whole HTTP
request of the results page (gunicorn, 2 workers, production settings, one client at a time, each
request a cache miss), over the same 240 queries, a third of them frequent-word queries, some with
filters, a typo or an everyday word (`bench.corpus.query_set`).

    DATABASE_URL=... python bench/search.py [sizes, e.g. 100000,500000]
"""

import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
INDEX_DIR = tempfile.mkdtemp(prefix="passerelles-bench-search-")
STATIC_ROOT = tempfile.mkdtemp(prefix="passerelles-static-")
ENV = {
    "DJANGO_SETTINGS_MODULE": "passerelles.config.settings.prod",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "PASSERELLES_SEARCH_INDEX_DIR": INDEX_DIR,
    "STATIC_ROOT": STATIC_ROOT,
}
os.environ.update(ENV)
FILTERS = ["", "", "", "region=53", "type=experience&theme=education", "territoire=departement:93"]
TARGET_REQUEST_P95 = 50.0
TARGET_REQUEST_P95_AT_500K = 100.0  # issue 16, frequent words and fuzzy matching included
BEFORE_AT_500K = 233.8  # request p95 at 500,000 before issue 16 (docs/benchmarks.md, SQLite)
TARGET_RATIO = 3.0
TARGET_REBUILD = 60.0


def percentiles(values):
    ordered = sorted(values)
    return statistics.median(ordered), ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def requests_for(queries):
    paths = []
    for index, query in enumerate(queries):
        params = urllib.parse.parse_qsl(FILTERS[index % len(FILTERS)])
        paths.append("/recherche/?" + urllib.parse.urlencode([("q", query), *params]))
    return paths


def raw_engine(paths):
    """Engine time only: the tantivy query is built first, then timed."""
    from django.http import QueryDict

    from passerelles.search.services import querying, ranking
    from passerelles.search.services.request import PAGE_SIZE, SearchRequest
    from passerelles.search_index.engine import get_engine

    engine = get_engine()
    searcher = engine.searcher()
    top, with_facets = [], []
    for path in paths:
        request = SearchRequest.from_query_dict(QueryDict(path.split("?", 1)[1]))
        groups = ranking.query_groups(request.q, searcher)  # typos matched approximately, as the page does
        query = ranking.compile_query(engine.schema, request, groups)
        start = time.perf_counter()
        querying._ranked(searcher, query, 0, PAGE_SIZE)
        top.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()  # the whole search: groups, ranking, facets and total, extracts
        querying._search(engine.schema, searcher, request, groups, PAGE_SIZE, engine.commit())
        with_facets.append((time.perf_counter() - start) * 1000)
    return percentiles(top), percentiles(with_facets)


def whole_requests(port, paths):
    """Every request a cache miss: public results pages are cached by their query string (issue
    17), and the query set repeats its frequent-word queries, which would then be served from the
    cache. A parameter the search ignores, different on each request, makes each one searched."""
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    for number, path in enumerate(paths[:20]):  # warm-up, discarded
        connection.request("GET", f"{path}&essai={number}")
        connection.getresponse().read()
    times = []
    for number, path in enumerate(paths):
        start = time.perf_counter()
        connection.request("GET", f"{path}&mesure={number}")
        response = connection.getresponse()
        body = response.read()
        times.append((time.perf_counter() - start) * 1000)
        if response.status != 200 or b"search-results" not in body:
            raise RuntimeError(f"{path}: {response.status}")
    connection.close()
    return percentiles(times)


def serve():
    port = 19000 + os.getpid() % 1000
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
        env=dict(os.environ),
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/recherche/?q=ville", timeout=5)
            return server, port
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def main():
    sizes = [int(size) for size in (sys.argv[1] if len(sys.argv) > 1 else "100000,500000").split(",")]
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.corpus import create_records, create_sheets, query_set
    from passerelles.search_index.services.indexing import rebuild

    call_command("setup_site", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    paths = requests_for(query_set(240))
    vendor = connection.vendor
    rows = []
    stored = records = 0
    for size in sizes:
        start = time.perf_counter()
        # Beyond 100,000, a fifth of the documents are harvested catalogue records (issue 16).
        wanted_records = 0 if size <= 100_000 else size // 5
        stored += create_sheets(size - wanted_records - stored, seed=size, start=stored)
        records += create_records(wanted_records - records, start=records)
        created = time.perf_counter() - start
        connection.close()
        start = time.perf_counter()
        count = rebuild()
        rebuild_seconds = time.perf_counter() - start
        (top50, top95), (raw50, raw95) = raw_engine(paths)
        server, port = serve()
        try:
            request50, request95 = whole_requests(port, paths)
        finally:
            server.terminate()
            server.wait()
        rows.append((size, count, created, rebuild_seconds, top50, top95, raw50, raw95, request50, request95))
        print(
            f"[{vendor}] {size} documents: rebuild {rebuild_seconds:.1f} s, top20 p95 {top95:.2f} ms,"
            f" +facets p95 {raw95:.2f} ms, request p50 {request50:.2f} p95 {request95:.2f} ms",
            flush=True,
        )
    print(
        f"\nsearch on {vendor}: {len(paths)} queries (1/3 frequent words, 1/6 with a typo); raw = the engine"
        " in process: top 20, then the whole search (groups, ranking, total, facets, extracts); times in ms"
    )
    print(
        f"{'size':>8}{'docs':>8}{'rebuild s':>10}{'top20 p50':>10}{'p95':>7}{'+facets p50':>12}{'p95':>7}"
        f"{'request p50':>12}{'p95':>7}{'ratio':>7}  at 100k: p95 ≤ 50, ratio ≤ 3, rebuild ≤ 60 s; at 500k: p95 ≤ 100"
    )
    for size, count, _created, rebuild_s, top50, top95, raw50, raw95, req50, req95 in rows:
        ratio = req95 / raw95
        verdict = ""
        if size == 100_000:
            met = req95 <= TARGET_REQUEST_P95 and ratio <= TARGET_RATIO and rebuild_s <= TARGET_REBUILD
            verdict = "OK" if met else "MISSED"
        elif size == 500_000:
            met = req95 <= TARGET_REQUEST_P95_AT_500K
            before = f"×{req95 / BEFORE_AT_500K:.2f} of {BEFORE_AT_500K} before"
            verdict = f"{'OK' if met else 'MISSED'} (≤ 100 ms; {before})"
        print(
            f"{size:>8}{count:>8}{rebuild_s:>10.1f}{top50:>10.2f}{top95:>7.2f}{raw50:>12.2f}{raw95:>7.2f}"
            f"{req50:>12.2f}{req95:>7.2f}{ratio:>7.2f}  {verdict}"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = last[0] / first[0]
        print(
            f"growth ×{growth:.0f} in documents: rebuild ×{last[3] / first[3]:.1f},"
            f" raw p95 ×{last[7] / first[7]:.1f}, request p95 ×{last[9] / first[9]:.1f}"
        )
    print(f"(index size: {sum(f.stat().st_size for f in Path(INDEX_DIR).rglob('*') if f.is_file()) / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
