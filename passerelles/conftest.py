"""Shared fixtures: the real geography and directory, a real SMTP server, a real site server
for the browser, and headless Chromium."""

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from passerelles.testing import shipped_data
from passerelles.testing.tasks import task_worker  # noqa: F401  (a fixture for every test)

ROOT = Path(settings.BASE_DIR)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CROWDS = ("passerelles/events/tests/test_concurrency.py", "passerelles/events/tests/test_seat_lock.py")


def pytest_xdist_make_scheduler(config, log):
    """With xdist, the journeys against the site server (tests/test_browser*.py) all go to one worker,
    so one site is built (`site_environment`); every other test goes to whichever worker is free.
    Units keep the collection's order: the journeys come after the database tests, since Playwright
    leaves an event loop running in its worker, where Django then refuses database calls."""
    from xdist.scheduler import LoadScopeScheduling

    class SiteJourneysTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            if "/tests/test_browser" in nodeid:
                return "site"
            # Hundreds of connections at once each: one worker at a time, under PostgreSQL's limit.
            if nodeid.startswith(CROWDS):
                return "crowds"
            return nodeid

    config.option.loadscopereorder = False
    return SiteJourneysTogether(config, log)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's order (database tests, then committing ones, then the rest): the tests
    that use no database at all, the longest of which builds two whole sites in other processes
    (search/tests/test_parity.py), start first, so that a worker runs them while another starts the
    database tests; the journeys against the site server stay last (pytest_xdist_make_scheduler)."""

    def uses_no_database(item):
        fixtures = set(getattr(item, "fixturenames", ()))
        return not item.get_closest_marker("django_db") and not fixtures & {"db", "transactional_db", "live_server"}

    items.sort(key=lambda item: 0 if uses_no_database(item) and "/tests/test_browser" not in item.nodeid else 1)


def pytest_itemcollected(item):
    if "site_environment" in getattr(item, "fixturenames", ()) and "/tests/test_browser" not in item.nodeid:
        raise pytest.UsageError(f"{item.nodeid}: journeys against the site server live in tests/test_browser*.py")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The test database holds the full shipped geography, the directory of centres and the thesaurus,
    loaded once (kept with `--reuse-db`); each test then runs in a transaction rolled back at its end."""
    with django_db_blocker.unblock():
        if request.config.getoption("reuse_db") and shipped_data.is_loaded():
            shipped_data.keep_copy()
        else:
            shipped_data.load()


@pytest.fixture(scope="class")
def shipped_data_put_back(django_db_blocker):
    """Tests against pytest-django's `live_server` commit (the server reads from its own thread), and
    every table is emptied after each of them: they make their own centres, and the shipped data is
    put back for the tests that follow."""
    yield
    with django_db_blocker.unblock():
        if not shipped_data.is_loaded():
            shipped_data.put_back()


@pytest.fixture
def client():
    """Django's test client, whose `force_login` also passes the second factor of the roles that
    need one (testing/second_factor.py): tests of other behaviours sign staff in as before."""
    from passerelles.testing.second_factor import SecondFactorClient

    return SecondFactorClient()


@pytest.fixture
def admin_client(admin_user):
    from passerelles.testing.second_factor import SecondFactorClient

    client = SecondFactorClient()
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files and open-data dumps go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSERELLES = {
        **settings.PASSERELLES,
        "PRIVATE_MEDIA_ROOT": tmp_path / "private-media",
        "OPENDATA_ROOT": tmp_path / "opendata",
    }


@pytest.fixture(autouse=True)
def _search_index(settings, tmp_path):
    """Each test searches an index of its own, empty until it is built or changes reach it (as on a
    site with no public content yet: a missing index is an outage, answered 503)."""
    from passerelles.search.services import vocabulary
    from passerelles.search_index import engine
    from passerelles.search_index.services import indexing

    settings.PASSERELLES = {**settings.PASSERELLES, "SEARCH_INDEX_DIR": tmp_path / "search"}
    engine.forget_engines()
    indexing.forget_catch_up()
    vocabulary.forget()
    with engine.get_engine().replacing(heap_size=15_000_000, num_threads=1):
        pass


@pytest.fixture(autouse=True, scope="session")
def _static_files_listed_once():
    """WhiteNoise lists every static file of the finders (some 26,000 with the DSFR) each time a test
    client loads the middleware, a third of a second per test; the files do not change during a
    run, so the first listing serves every client of the session."""
    from whitenoise.middleware import WhiteNoiseMiddleware

    list_files = WhiteNoiseMiddleware.add_files_from_finders
    listed = {}

    def add_files_from_finders(middleware):
        key = (middleware.static_prefix, str(middleware.static_root))
        if key not in listed:
            before = set(middleware.files)
            list_files(middleware)
            listed[key] = {url: file for url, file in middleware.files.items() if url not in before}
        middleware.files.update(listed[key])

    WhiteNoiseMiddleware.add_files_from_finders = add_files_from_finders
    yield
    WhiteNoiseMiddleware.add_files_from_finders = list_files


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def start_smtp_server():
    """A real SMTP server (aiosmtpd) on loopback: its handler keeps the messages (and knows its port)."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Collector(Message):
        def __init__(self, port):
            super().__init__()
            self.port = port
            self.messages = []
            # `hold_at = n`: once n messages are in, the server stops answering the next sender
            # (at its MAIL command, before anything is delivered) until `release` is set.
            self.hold_at = None
            self.holding, self.release = threading.Event(), threading.Event()

        async def handle_MAIL(self, server, session, envelope, address, mail_options):
            if self.hold_at is not None and len(self.messages) >= self.hold_at:
                self.holding.set()
                while not self.release.is_set():
                    await asyncio.sleep(0.05)
            envelope.mail_from = address
            envelope.mail_options.extend(mail_options)
            return "250 OK"

        def handle_message(self, message):
            self.messages.append(message)

    handler = Collector(free_port())
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    return handler, controller


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on loopback; Django's SMTP backend sends to it."""
    handler, controller = start_smtp_server()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", handler.port
    yield handler
    controller.stop()


@pytest.fixture(scope="session")
def site_mailbox():
    """The real SMTP server where the site server of the browser tests sends its mail."""
    handler, controller = start_smtp_server()
    yield handler
    controller.stop()


def _site_database_url():
    """A database of its own for the site server, next to the suite's (SQLite file or PostgreSQL)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base, _, name = url.rpartition("/")
        site_name = f"{name}_site_{os.getpid()}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{site_name}"')
            conn.execute(f'CREATE DATABASE "{site_name}"')
        return f"{base}/{site_name}"
    directory = Path(os.environ.get("TMPDIR", "/tmp")) / f"passerelles-site-{os.getpid()}"
    directory.mkdir(exist_ok=True)
    (directory / "site.sqlite3").unlink(missing_ok=True)
    return f"sqlite:///{directory / 'site.sqlite3'}"


@pytest.fixture(scope="session")
def site_environment(site_mailbox):
    """The environment of the site server of the browser tests: its own database, built as `make run`
    builds it (migrations, geography, centres, demo); its mail goes to `site_mailbox`."""
    env = dict(
        os.environ,
        DATABASE_URL=_site_database_url(),
        EMAIL_PORT=str(site_mailbox.port),
        PASSERELLES_SEARCH_INDEX_DIR=tempfile.mkdtemp(prefix="passerelles-site-search-"),
        PASSERELLES_OPENDATA_ROOT=tempfile.mkdtemp(prefix="passerelles-site-opendata-"),
        DJANGO_SETTINGS_MODULE="passerelles.config.settings.test",
        PASSERELLES_SERVE_STATIC="1",
    )
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "setup_site", "--demo"],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    return env


@pytest.fixture
def site_manage(site_environment):
    """Runs a management command on the site server's database, as its operator would
    (`site_manage("createsuperuser", "--noinput", "--email", …, env={…})`)."""

    def run(*arguments, env=None):
        command = [sys.executable, str(ROOT / "manage.py"), *arguments]
        environment = {**site_environment, **(env or {})}
        return subprocess.run(command, env=environment, check=True, cwd=ROOT, capture_output=True, text=True)

    return run


@pytest.fixture(scope="session")
def site_url(site_environment):
    """The site served by gunicorn in its own process on its own database (`site_environment`), for
    journeys in the browser."""
    yield from serve_site(site_environment, workers=2)


@pytest.fixture(scope="session")
def neutral_site_url(site_environment):
    """The same site (same database) in the neutral theme, as an operator sets it (PASSERELLES_THEME),
    served by a second gunicorn: one worker, for the theme's own journey."""
    yield from serve_site({**site_environment, "PASSERELLES_THEME": "neutre"}, workers=1)


def serve_site(env, workers):
    """gunicorn serving the site with `env`: yields its address, stopped at the end of the session."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "passerelles.config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # two suites may start their sites at once
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("Le serveur du site n'a pas démarré.") from None
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


# Reports each Content-Security-Policy violation of the page to its console, where `page` below reads
# it (Chromium's own "Refused to…" messages are caught too).
CSP_REPORTER = """document.addEventListener("securitypolicyviolation", (event) => console.error(
  `Content Security Policy violation: ${event.violatedDirective} refused ${event.blockedURI || "inline"}`
  + ` in ${event.documentURI} (${event.sourceFile || "?"}:${event.lineNumber})`));"""


@pytest.fixture
def page(page):
    """Every browser journey also proves the pages it goes through keep to the Content-Security-Policy:
    a script, style or handler the policy refuses fails the test, the violations listed."""
    violations = []

    def record(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(message.text[:300])  # data: URLs of images can be long

    page.on("console", record)
    page.add_init_script(CSP_REPORTER)
    yield page
    assert not violations, "Violations de la politique de sécurité du contenu :\n" + "\n".join(violations)
