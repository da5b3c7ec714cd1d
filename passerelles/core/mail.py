"""E-mails go through an outbox: `queue()` writes a row in the caller's transaction, and once it
commits a background thread sends what is due with Django's mail framework. A failed SMTP server
delays mail, never loses it: each failure schedules another attempt, later and later; the
`send_queued_mail` command (cron or a worker) and the next queued mail both pick up what is due.
A row is claimed before it is sent, so two processes never send it twice."""

import base64
import threading
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.mail import EmailMessage
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import OutgoingMail
from .text import clean_line, clean_text

# Delay before attempt n + 1 after n failures: 1 min, 5 min, 15 min, 1 h, then every 6 h.
RETRY_DELAYS = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1)]
LATER = timedelta(hours=6)
CLAIM = timedelta(minutes=5)
_sending = threading.Lock()


def queue(to: str, subject: str, body: str, attachments: Iterable[tuple[str, bytes, str]] = ()) -> OutgoingMail:
    """Queue a message (sent after the current transaction commits). `attachments`: (name, bytes, type).
    Headers are made single-line here, whatever the caller put in them (a title with a line break
    would make every attempt fail), and control characters are removed."""
    mail = OutgoingMail.objects.create(
        to=clean_line(to),
        subject=clean_line(subject)[:300],
        body=clean_text(body),
        next_attempt_at=timezone.now(),
        attachments=[
            {"filename": clean_line(name), "content_type": kind, "base64": base64.b64encode(data).decode()}
            for name, data, kind in attachments
        ],
    )
    transaction.on_commit(send_in_background)
    return mail


def send_in_background() -> None:
    threading.Thread(target=_send_then_close, name="passerelles-mail", daemon=True).start()


def _send_then_close() -> None:
    try:
        send_due()
    finally:
        db_connection.close()  # the thread's own database connection


def due(now: datetime) -> QuerySet[OutgoingMail]:
    return OutgoingMail.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def send_due(limit: int = 500) -> tuple[int, int]:
    """Send what is due; returns (sent, failed). One sender per process at a time."""
    if not _sending.acquire(blocking=False):
        return 0, 0  # the running sender will pick the new mail up in its next round
    try:
        sent = failed = 0
        while True:
            now = timezone.now()
            batch = list(due(now).values_list("pk", flat=True)[:50])
            if not batch or sent + failed >= limit:
                return sent, failed
            for pk in batch:
                outcome = _send_one(pk)
                sent, failed = sent + (outcome is True), failed + (outcome is False)
                if outcome is False:
                    return sent, failed  # the server is failing: leave the rest for the next round
    finally:
        _sending.release()


def _send_one(pk: int) -> bool | None:
    """True if sent, False if the attempt failed, None if another process had claimed it."""
    now = timezone.now()
    claimed = due(now).filter(pk=pk).update(claimed_until=now + CLAIM)
    if not claimed:
        return None
    mail = OutgoingMail.objects.get(pk=pk)
    # Cleaned again: mail queued before `queue()` cleaned it would otherwise fail forever.
    message = EmailMessage(clean_line(mail.subject), clean_text(mail.body), to=[clean_line(mail.to)])
    for item in mail.attachments:
        message.attach(clean_line(item["filename"]), base64.b64decode(item["base64"]), item["content_type"])
    try:
        message.send()
    except Exception as error:  # SMTP down, refused, timeout…: try again later
        delay = RETRY_DELAYS[mail.attempts] if mail.attempts < len(RETRY_DELAYS) else LATER
        OutgoingMail.objects.filter(pk=pk).update(
            attempts=mail.attempts + 1,
            next_attempt_at=timezone.now() + delay,
            claimed_until=None,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        return False
    OutgoingMail.objects.filter(pk=pk).update(sent_at=timezone.now(), attempts=mail.attempts + 1, claimed_until=None)
    return True
