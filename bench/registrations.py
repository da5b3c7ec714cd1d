"""Registrations under load: 500 people register to a session of 100 seats at the same instant,
through the public pages.

gunicorn (4 sync workers, as in docs/deployment.md; production settings, DEBUG off) serves the site
on the database of DATABASE_URL. Each person (a thread here) makes the two POSTs a person makes:
the session's registration form, then « Confirmer mon inscription » on the personal page, whose
token is read from the database, as the e-mail would give it. All start together (a barrier). The
CSRF cookie and field are the client's own, as a browser holds them once the page is loaded (that
page load is not part of the attempt). The e-mails leave during the run, from the workers'
background senders, for a real SMTP server (aiosmtpd, in this process).

Printed per run: attempts per second (attempts / time from the start to the last answer); latency
of an attempt (both POSTs, waiting for a free worker included) p50 and p95; the final counts, which
must be exactly 100 seats held and 400 on the waiting list (exit status 1 otherwise); the e-mails
sent by the background senders once the run is over.

    DATABASE_URL=... python bench/registrations.py [runs] [attempts] [seats] [workers]
"""

import os
import secrets
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SMTP_PORT = free_port()
os.environ.update(
    DJANGO_SETTINGS_MODULE="passerelles.config.settings.prod",
    DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
    DJANGO_ALLOWED_HOSTS="127.0.0.1",
    DJANGO_SECURE_SSL_REDIRECT="false",
    STATIC_ROOT=tempfile.mkdtemp(prefix="passerelles-static-"),
    PASSERELLES_SEARCH_INDEX_DIR=tempfile.mkdtemp(prefix="passerelles-bench-search-"),
    EMAIL_HOST="127.0.0.1",
    EMAIL_PORT=str(SMTP_PORT),
    # The 500 people all come from this machine's one address: the per-client limit of the public
    # form (issue 12, 20/h) would refuse all but 20 of them; the per-address limit stays.
    PASSERELLES_THROTTLE_REGISTRATION_CLIENT="100000/h",
)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(round(len(ordered) * share) - 1, 0)]


def post(port, path, fields, csrf):
    """One POST as a browser makes it; its status. gunicorn's sync workers close each connection."""
    connection = HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request(
            "POST",
            path,
            body=urlencode({"csrfmiddlewaretoken": csrf, **fields}),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf}",
            },
        )
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def serve(workers, access_log):
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "passerelles.config.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(m)s %(U)s %(s)s %(D)s",
        ],
        env=dict(os.environ),
        cwd=ROOT,
    )
    for _ in range(150):
        try:
            connection = HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/agenda/")
            connection.getresponse().read()
            return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def one_run(port, centre, attempts, seats):
    from django.utils import timezone

    from passerelles.events.models import Registration, Session

    start = timezone.now().replace(microsecond=0) + timedelta(days=30)
    session = Session.objects.create(
        centre=centre,
        title="Banc d'essai des inscriptions",
        slug=f"banc-{secrets.token_hex(4)}",
        description="Session du banc d'essai.",
        capacity=seats,
        is_published=True,
        is_demo=True,
        address="1 place de la Mairie",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )

    def token_of(email):
        return Registration.objects.filter(session=session, email=email).values_list("token", flat=True).get()

    lookups = ThreadPoolExecutor(2)  # the database read that stands for the e-mail: two connections
    barrier = threading.Barrier(attempts + 1)
    results = [None] * attempts

    def attempt(n):
        email = f"{session.slug}-{n}@example.org"
        csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        form = {
            "first_name": "Personne",
            "last_name": f"Numéro {n}",
            "email": email,
            "organisation": "Banc d'essai",
            "consent": "on",
            "function": "",
            "territory": "",
        }
        barrier.wait()
        began = time.monotonic()
        try:
            registered = post(port, f"/agenda/sessions/{session.slug}/inscription/", form, csrf)
            token = lookups.submit(token_of, email).result()
            confirmed = post(port, f"/agenda/inscription/{token}/confirmer/", {}, csrf)
            outcome = None if (registered, confirmed) == (200, 302) else f"HTTP {registered} then {confirmed}"
        except Exception as error:  # counted and printed: the run fails on it
            outcome = f"{type(error).__name__}: {error}"
        results[n] = (began, time.monotonic(), outcome)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    barrier.wait()
    for thread in threads:
        thread.join()
    lookups.shutdown()
    return session, results


def server_times(access_log, session, offset):
    """Time in the server (gunicorn's access log, µs) of the run's two POSTs: (register, confirm) in ms."""
    register, confirm = [], []
    with access_log.open() as log:
        log.seek(offset)
        for line in log:
            method, path, _status, micros = line.split()
            if method != "POST":
                continue
            if path == f"/agenda/sessions/{session.slug}/inscription/":
                register.append(int(micros) / 1000)
            elif path.endswith("/confirmer/"):
                confirm.append(int(micros) / 1000)
    return register, confirm


def wait_for_outbox(session, seconds=60):
    """The e-mails of the run's people once the background senders are done (or `seconds` passed)."""
    from passerelles.core.models import OutgoingMail

    mail = OutgoingMail.objects.filter(to__in=session.registrations.values("email"))
    deadline = time.monotonic() + seconds
    while mail.filter(sent_at__isnull=True).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    return mail.filter(sent_at__isnull=False).count(), mail.count()


def main():
    given = [int(arg) for arg in sys.argv[1:5]]
    runs, attempts, seats, workers = given + [3, 500, 100, 4][len(given) :]
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    smtp = Controller(Sink(), hostname="127.0.0.1", port=SMTP_PORT)
    smtp.start()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from passerelles.centres.models import Centre
    from passerelles.events.enums import RegistrationStatus

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    centre, _ = Centre.objects.get_or_create(slug="banc-d-essai", defaults={"name": "Centre du banc d'essai"})
    access_log = Path(tempfile.mkdtemp(prefix="passerelles-bench-log-")) / "access.log"
    server, port = serve(workers, access_log)
    vendor = connection.vendor
    print(
        f"\nregistrations on {vendor}: {attempts} people at once for {seats} seats, each posting the form then"
        f" confirming; gunicorn {workers} workers; times in ms"
    )
    print("(attempt: both POSTs as the person waits for them; in server: each POST in its worker, from the access log)")
    print(
        f"{'run':>4}{'attempts/s':>12}{'attempt p50':>13}{'p95':>7}{'register p50':>14}{'p95':>6}{'confirm p50':>13}"
        f"{'p95':>6}{'held':>6}{'waiting':>9}{'other':>7}{'errors':>8}{'mail sent':>11}"
    )
    failed = False
    rates = []
    try:
        for number in range(1, runs + 1):
            offset = access_log.stat().st_size
            session, results = one_run(port, centre, attempts, seats)
            start = min(began for began, _end, _outcome in results)
            latencies = [(end - began) * 1000 for began, end, _outcome in results]
            rate = attempts / (max(end for _began, end, _outcome in results) - start)
            rates.append(rate)
            errors = [outcome for _began, _end, outcome in results if outcome]
            statuses = session.registrations.values_list("status", flat=True)
            held = sum(status == RegistrationStatus.CONFIRMED for status in statuses)
            waiting = sum(status == RegistrationStatus.WAITING for status in statuses)
            other = len(statuses) - held - waiting
            sent, queued = wait_for_outbox(session)
            register, confirm = server_times(access_log, session, offset)
            print(
                f"{number:>4}{rate:>12.1f}{statistics.median(latencies):>13.0f}{percentile(latencies, 0.95):>7.0f}"
                f"{statistics.median(register):>14.1f}{percentile(register, 0.95):>6.0f}"
                f"{statistics.median(confirm):>13.1f}{percentile(confirm, 0.95):>6.0f}"
                f"{held:>6}{waiting:>9}{other:>7}{len(errors):>8}{sent:>6}/{queued}",
                flush=True,
            )
            for error in sorted(set(errors))[:5]:
                print(f"     {error}")
            expected = (min(seats, attempts), max(attempts - seats, 0), 0)
            if (held, waiting, other) != expected or errors:
                print(f"     FAILED: expected {expected[0]} held, {expected[1]} waiting, nothing else, no error")
                failed = True
    finally:
        server.terminate()
        server.wait()
        smtp.stop()
    exact = "no" if failed else "yes"
    print(f"median {statistics.median(rates):.1f} attempts/s; exactly {seats} seats held in every run: {exact}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
