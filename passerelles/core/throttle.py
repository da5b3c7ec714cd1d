"""Rate limits for what anyone can trigger: public forms, e-mails to an address, costly files.

A limit reads « 5/h » (5 per hour; also s, m, d, or « 3/15m »). Counters live in the database,
so every web worker on every machine shares them (the per-process cache would let each worker
allow its own quota). Fixed windows keyed by a salted digest of the value: no address, e-mail or
IP is stored in clear. Limits are configurable: PASSERELLES["THROTTLES"], each overridable by
the environment variable PASSERELLES_THROTTLE_<NAME>.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .clients import client_ip
from .models import Throttle

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Limit":
        match = PATTERN.match(str(text))
        if not match:
            raise ValueError(f"Invalid rate limit {text!r}: expected e.g. '5/h' or '3/15m'.")
        count, multiple, unit = match.groups()
        return cls(int(count), int(multiple or 1) * UNITS[unit])

    def wait_text(self) -> str:
        """How long to wait at most, in French."""
        minutes = -(-self.seconds // 60)
        if minutes < 60:
            return f"{minutes} minute{'s' if minutes > 1 else ''}"
        hours = -(-minutes // 60)
        return f"{hours} heure{'s' if hours > 1 else ''}"


class Throttled(Exception):
    """Too many attempts; `message` says in French what happened and how long to wait."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def limit(name: str) -> Limit:
    return Limit.parse(settings.PASSERELLES["THROTTLES"][name])


def _counter(name: str, value: object, now: datetime) -> tuple[str, int]:
    """The key and window of `value`'s counter for `name` at `now`: a salted digest, never the value."""
    digest = salted_hmac("passerelles.throttle", f"{name}\x1f{str(value).strip().lower()}").hexdigest()[:40]
    return digest, int(now.timestamp()) // limit(name).seconds


def hit(name: str, value: object) -> bool:
    """Count one attempt of `name` by `value`; True while within the limit."""
    rule = limit(name)
    if rule.count <= 0:
        return False
    now = timezone.now()
    key, window = _counter(name, value, now)
    rows = Throttle.objects.filter(key=key, window=window)
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    Throttle.objects.create(
                        key=key, window=window, count=1, expires_at=now + timedelta(seconds=rule.seconds)
                    )
            except IntegrityError:  # another request created it in between
                rows.update(count=F("count") + 1)
        count = rows.values_list("count", flat=True).get()
    return count <= rule.count


def exceeded(name: str, value: object) -> bool:
    """True when `value` has used up `name`'s quota in the current window (nothing counted)."""
    key, window = _counter(name, value, timezone.now())
    count = Throttle.objects.filter(key=key, window=window).values_list("count", flat=True).first() or 0
    return count >= limit(name).count


def check(name: str, value: object, message: str) -> None:
    """Raise Throttled with `message` (formatted with {wait}) when `value` is over `name`'s limit."""
    if not hit(name, value):
        raise Throttled(message.format(wait=limit(name).wait_text()))


def check_client(request: HttpRequest, name: str, message: str) -> None:
    check(name, client_ip(request), message)


def purge_expired() -> int:
    """Counters whose window has ended: deleted by the scheduled purge. Returns how many."""
    return Throttle.objects.filter(expires_at__lt=timezone.now()).delete()[0]
