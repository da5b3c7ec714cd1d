"""A newsletter to 10,000 recipients through a real SMTP server, sent by a real worker.

A centre's group of 10,000 contacts who agreed to receive its newsletter; one issue (an editorial
and items) sent to it as the staff's page does (newsletters.services.sending.start), then one
`db_worker` process (production settings) runs the send: it queues the recipients by chunks with
their Delivery rows and sends them through the outbox to an aiosmtpd server in this process, with
no rate limit (PASSERELLES_MAIL_RATE_PER_SECOND=0: the relay's limit is the deployment's choice).

Printed: messages per second (from the job's start to the last message received), the worker's
resident memory (RSS) when the job starts, its peak and at the end (flat: it does not grow with the
recipients), and the check that the 10,000 addresses each received exactly one message (exit status
1 otherwise).

    DATABASE_URL=... python bench/newsletters.py [recipients]
"""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

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
    PASSERELLES_SEARCH_INDEX_DIR=tempfile.mkdtemp(prefix="passerelles-bench-search-"),
    EMAIL_HOST="127.0.0.1",
    EMAIL_PORT=str(SMTP_PORT),
    PASSERELLES_MAIL_RATE_PER_SECOND="0",
)


class Counting:
    """The SMTP server's handler: who received how many messages, and when the last one came."""

    def __init__(self):
        self.received = Counter()
        self.last_at = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for address in envelope.rcpt_tos:
                self.received[address.lower()] += 1
            self.last_at = time.monotonic()
        return "250 OK"


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except FileNotFoundError:
        return None
    return None


def prepare(count):
    from django.db import transaction

    from passerelles.accounts.models import Membership, User
    from passerelles.centres.models import Centre
    from passerelles.contacts.enums import Purpose
    from passerelles.contacts.models import ConsentRecord, Contact, Group, sort_name
    from passerelles.newsletters.models import Issue, Item

    tag = secrets.token_hex(3)
    centre, _ = Centre.objects.get_or_create(slug="banc-d-essai", defaults={"name": "Centre du banc d'essai"})
    user = User.objects.create_user(email=f"banc-{tag}@example.org", password=secrets.token_urlsafe(16))
    Membership.objects.create(user=user, centre=centre, role="reviewer")
    with transaction.atomic():
        contacts = Contact.objects.bulk_create(
            (
                Contact(
                    centre=centre,
                    last_name=f"Nom {n}",
                    email=f"lecteur{n:05d}.{tag}@example.org",
                    sort_name=sort_name(f"Nom {n}", ""),
                )
                for n in range(count)
            ),
            batch_size=1000,
        )
        ConsentRecord.objects.bulk_create(
            (ConsentRecord(contact=contact, purpose=Purpose.NEWSLETTER, source="banc") for contact in contacts),
            batch_size=1000,
        )
        group = Group.objects.create(centre=centre, name=f"Banc {tag}")
        group.contacts.through.objects.bulk_create(
            (group.contacts.through(group=group, contact=contact) for contact in contacts), batch_size=1000
        )
        issue = Issue.objects.create(
            centre=centre,
            title="La lettre du banc d'essai",
            editorial="Bonjour à **toutes et tous**,\n\nvoici les nouveautés du réseau ce mois-ci.\n\n- un\n- deux",
        )
        for n in range(8):
            Item.objects.create(
                issue=issue,
                position=n,
                kind="sheet",
                object_id=n + 1,
                title=f"Une expérience du réseau n° {n}",
                url=f"/experiences/experience-{n}/",
                summary="Un projet de quartier mené avec les habitants, ses partenaires et ses résultats. " * 3,
                source="Centre du banc d'essai",
            )
    return user, group, issue


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    from aiosmtpd.controller import Controller

    handler = Counting()
    smtp = Controller(handler, hostname="127.0.0.1", port=SMTP_PORT)
    smtp.start()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from passerelles.core.models import Job
    from passerelles.newsletters.services import sending

    call_command("migrate", verbosity=0)
    call_command("rebuild_search_index", verbosity=0)
    user, group, issue = prepare(count)
    with transaction.atomic():
        issue = sending.start(issue, user, [group], False)
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload", "--interval", "0.5"],
        env=dict(os.environ),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    job = Job.objects.filter(pk=issue.job_id)
    try:
        while job.values_list("state", flat=True).get() == Job.State.PENDING:
            time.sleep(0.05)
        started = time.monotonic()
        rss_start = rss_mb(worker.pid)
        peak = rss_start
        deadline = started + 1800
        while sum(handler.received.values()) < count and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.5)
            peak = max(peak, rss_mb(worker.pid) or 0)
        ended = handler.last_at or time.monotonic()
        time.sleep(2)  # anything sent twice would come now
        rss_end = rss_mb(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        smtp.stop()
    received = handler.received
    once = sum(1 for value in received.values() if value == 1)
    twice = sum(1 for value in received.values() if value > 1)
    rate = sum(received.values()) / (ended - started)
    state = job.values_list("state", flat=True).get()
    print(
        f"\nnewsletter on {connection.vendor}: {count} recipients, one db_worker, aiosmtpd in process, no rate limit\n"
        f"  {rate:.0f} messages/s ({ended - started:.1f} s from the job's start to the last message)\n"
        f"  worker RSS: {rss_start:.0f} MB at the start, {peak:.0f} MB peak, {rss_end:.0f} MB at the end"
        f" ({(rss_end - rss_start) / rss_start:+.0%})\n"
        f"  received exactly once: {once}/{count}; more than once: {twice}; job: {state}",
        flush=True,
    )
    if once != count or twice or len(received) != count:
        sys.exit(1)


if __name__ == "__main__":
    main()
