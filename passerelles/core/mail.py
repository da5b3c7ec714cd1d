"""E-mails go through an outbox: `queue()` writes a row in the caller's transaction, and once it
commits a task of the queue (core.tasks.send_outbox, run by a `db_worker`) sends what is due with
Django's mail framework. A failed SMTP server delays mail, never loses it: each failure schedules
another attempt, later and later, and the clock enqueues the sender every minute whatever happens.
A row is claimed before it is sent, so two workers never send it twice; its Message-ID comes from
the row, the same at every attempt.

Mailing lists (the digest of alerts, a centre's newsletter) pass `list_key`: the message carries
the one-click unsubscribe of RFC 8058 and is not queued for an address that left the list."""

import base64
import threading
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import overload
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from .models import OutgoingMail, Unsubscription
from .text import clean_line, clean_text

# Delay before attempt n + 1 after n failures: 1 min, 5 min, 15 min, 1 h, then every 6 h.
RETRY_DELAYS = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1)]
LATER = timedelta(hours=6)
CLAIM = timedelta(minutes=5)
UNSUBSCRIBE_SALT = "passerelles.unsubscribe"
_sending = threading.Lock()


@overload
def queue(
    to: str,
    subject: str,
    body: str,
    attachments: Iterable[tuple[str, bytes, str]] = (),
    *,
    html: str | None = None,
    list_key: None = None,
    list_label: str = "",
    headers: dict[str, str] | None = None,
) -> OutgoingMail: ...


@overload
def queue(
    to: str,
    subject: str,
    body: str,
    attachments: Iterable[tuple[str, bytes, str]] = (),
    *,
    html: str | None = None,
    list_key: str,
    list_label: str = "",
    headers: dict[str, str] | None = None,
) -> OutgoingMail | None: ...


def queue(
    to: str,
    subject: str,
    body: str,
    attachments: Iterable[tuple[str, bytes, str]] = (),
    *,
    html: str | None = None,
    list_key: str | None = None,
    list_label: str = "",
    headers: dict[str, str] | None = None,
) -> OutgoingMail | None:
    """Queue a message (sent after the current transaction commits). `attachments`: (name, bytes, type);
    `html`: an HTML alternative of `body`; `list_key`/`list_label`: the mailing list it belongs to
    (None is returned, nothing queued, when the address left that list). Headers are made single-line
    here, whatever the caller put in them (a title with a line break would make every attempt fail),
    and control characters are removed."""
    to = clean_line(to)
    extra = {clean_line(name): clean_line(value) for name, value in (headers or {}).items()}
    if list_key:
        if unsubscribed(to, list_key):
            return None
        extra |= list_headers(to, list_key, list_label)
    mail = OutgoingMail.objects.create(
        to=to,
        subject=clean_line(subject)[:300],
        body=clean_text(body),
        html=clean_text(html or ""),
        headers=extra,
        next_attempt_at=timezone.now(),
        attachments=[
            {"filename": clean_line(name), "content_type": kind, "base64": base64.b64encode(data).decode()}
            for name, data, kind in attachments
        ],
    )
    send_after_commit()
    return mail


def send_after_commit() -> None:
    """Enqueue the sender once the current transaction commits (once per transaction, however many
    messages it queued)."""
    if not any(entry[1] is _enqueue_sender for entry in db_connection.run_on_commit):
        transaction.on_commit(_enqueue_sender)


def _enqueue_sender() -> None:
    from .tasks import send_outbox

    send_outbox.enqueue()


# Mailing lists -----------------------------------------------------------------------------------


def _normal(email: str) -> str:
    return clean_line(email).strip().lower()


def unsubscribed(email: str, list_key: str) -> bool:
    return Unsubscription.objects.filter(email=_normal(email), list_key=list_key).exists()


def unsubscribe_token(email: str, list_key: str, label: str = "") -> str:
    """A signed token naming the address and the list; it does not expire (a message read a year
    later must still let its reader leave)."""
    return signing.dumps({"e": _normal(email), "l": list_key, "n": label}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> dict[str, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(key), str) for key in ("e", "l", "n")):
        return None
    return data


def unsubscribe_url(email: str, list_key: str, label: str = "") -> str:
    path = reverse("core:unsubscribe", args=[unsubscribe_token(email, list_key, label)])
    return settings.PASSERELLES["SITE_URL"].rstrip("/") + path


def list_headers(email: str, list_key: str, label: str = "") -> dict[str, str]:
    """RFC 8058 one-click unsubscribe and RFC 2919 List-Id."""
    host = urlsplit(settings.PASSERELLES["SITE_URL"]).hostname or "localhost"
    list_id = "".join(char if char.isalnum() else "-" for char in list_key.lower())
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(email, list_key, label)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{clean_line(label) or list_key} <{list_id}.{host}>",
    }


def unsubscribe(email: str, list_key: str, label: str = "") -> bool:
    """Leave the list; True the first time. Mail already queued for it is not sent."""
    email = _normal(email)
    _, created = Unsubscription.objects.get_or_create(email=email, list_key=list_key, defaults={"label": label})
    OutgoingMail.objects.filter(pk__in=_queued_for_list(email, list_key), claimed_until__isnull=True).delete()
    return created


def _queued_for_list(email: str, list_key: str) -> list[int]:
    """The unsent rows of that address in that list (read in Python: JSON lookups differ by database)."""
    wanted = list_headers(email, list_key)["List-Id"].rsplit("<", 1)[1]
    rows = OutgoingMail.objects.filter(to__iexact=email, sent_at__isnull=True).values_list("pk", "headers")
    return [pk for pk, headers in rows if headers.get("List-Id", "").endswith("<" + wanted)]


# Sending -----------------------------------------------------------------------------------------


def due(now: datetime) -> QuerySet[OutgoingMail]:
    return OutgoingMail.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def next_attempt() -> datetime | None:
    """When the earliest unsent message may be tried again."""
    return OutgoingMail.objects.filter(sent_at__isnull=True).aggregate(at=Min("next_attempt_at"))["at"]


def send_due(limit: int = 500) -> tuple[int, int]:
    """Send what is due, at most `limit` messages at the configured rate; returns (sent, failed).
    One sender per process at a time; senders in several processes share the rows by claiming them."""
    if not _sending.acquire(blocking=False):
        return 0, 0  # the running sender will pick the new mail up in its next round
    rate = settings.PASSERELLES["MAIL_RATE_PER_SECOND"]
    smtp = get_connection()
    try:
        sent = failed = 0
        while True:
            now = timezone.now()
            batch = list(due(now).values_list("pk", flat=True)[: min(50, limit - sent - failed)])
            if not batch:
                return sent, failed
            for pk in batch:
                started = time.monotonic()
                outcome = _send_one(pk, smtp)
                sent, failed = sent + (outcome is True), failed + (outcome is False)
                if outcome is False:
                    return sent, failed  # the server is failing: leave the rest for the next round
                if rate and outcome:
                    time.sleep(max(0.0, 1 / rate - (time.monotonic() - started)))
    finally:
        smtp.close()
        _sending.release()


def message_id(mail: OutgoingMail) -> str:
    host = urlsplit(settings.PASSERELLES["SITE_URL"]).hostname or "localhost"
    return f"<passerelles.{mail.pk}.{mail.created_at:%Y%m%d%H%M%S}@{host}>"


def _message(mail: OutgoingMail, smtp: BaseEmailBackend) -> EmailMultiAlternatives:
    # Cleaned again: mail queued before `queue()` cleaned it would otherwise fail forever.
    headers = {clean_line(name): clean_line(value) for name, value in mail.headers.items()}
    message = EmailMultiAlternatives(
        clean_line(mail.subject),
        clean_text(mail.body),
        to=[clean_line(mail.to)],
        headers={**headers, "Message-ID": message_id(mail)},
        connection=smtp,
    )
    if mail.html:
        message.attach_alternative(clean_text(mail.html), "text/html")
    for item in mail.attachments:
        message.attach(clean_line(item["filename"]), base64.b64decode(item["base64"]), item["content_type"])
    return message


def _send_one(pk: int, smtp: BaseEmailBackend) -> bool | None:
    """True if sent, False if the attempt failed, None if another process had claimed it."""
    now = timezone.now()
    claimed = due(now).filter(pk=pk).update(claimed_until=now + CLAIM)
    if not claimed:
        return None
    mail = OutgoingMail.objects.get(pk=pk)
    try:
        _message(mail, smtp).send()
    except Exception as error:  # SMTP down, refused, timeout…: try again later
        smtp.close()  # a fresh connection for the next attempt
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
