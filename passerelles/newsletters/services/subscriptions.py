"""Subscribing to a centre's newsletter from its page, with double opt-in: the form sends a
confirmation link (signed, expiring) and stores nothing; the link, once followed and confirmed,
records the subscriber. Leaving is the one-click unsubscribe of the centre's list (core.mail), the
same for subscribers and for contacts. A centre's admins see, export and erase its subscribers."""

from typing import Any

from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.contacts.enums import AuditAction
from passerelles.contacts.models import AuditEntry
from passerelles.core import mail, personal_links
from passerelles.core.csv_cells import spreadsheet_text
from passerelles.core.models import Unsubscription

from ..models import Subscriber
from .compose import list_key, list_label, site_url

SALT = "passerelles.newsletters.subscribe"
CONFIRM_DAYS = 7


def confirmation_token(centre: Centre, email: str) -> str:
    return signing.dumps({"c": centre.pk, "e": email.strip().lower()}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[Centre, str] | None:
    """The centre and address a confirmation link names, or None if it was tampered with or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=CONFIRM_DAYS * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), int) or not isinstance(data.get("e"), str):
        return None
    centre = Centre.objects.filter(pk=data["c"]).first()
    return (centre, data["e"]) if centre else None


def read_expired_token(token: str) -> tuple[bool, Centre | None]:
    """Whether a confirmation link that no longer works was genuine but expired, and the centre it
    named (whom to contact)."""
    data = personal_links.expired_data(token, salt=SALT, max_age=CONFIRM_DAYS * 86400)
    if not isinstance(data, dict) or not isinstance(data.get("c"), int):
        return False, None
    return True, Centre.objects.filter(pk=data["c"]).first()


def ask(centre: Centre, email: str) -> None:
    """Send the confirmation link (nothing is recorded until it is followed)."""
    url = site_url(reverse("newsletters:confirm", args=[confirmation_token(centre, email)]))
    body = render_to_string("newsletters/mail/confirm.txt", {"centre": centre, "url": url, "days": CONFIRM_DAYS})
    mail.queue(email, f"Confirmez votre abonnement à la lettre de {centre.display_name}", body)


@transaction.atomic
def confirm(centre: Centre, email: str) -> Subscriber:
    """Record the subscriber (once) and take them off the list of those who left, if they had."""
    email = email.strip().lower()
    Unsubscription.objects.filter(email=email, list_key=list_key(centre)).delete()
    subscriber = Subscriber.objects.filter(centre=centre, email__iexact=email).first()
    if subscriber is None:
        subscriber = Subscriber.objects.create(centre=centre, email=email, confirmed_at=timezone.now())
    return subscriber


def is_active(subscriber: Subscriber) -> bool:
    return not mail.unsubscribed(subscriber.email, list_key(subscriber.centre))


def _audit(centre: Centre, user: Any, action: str, count: int, detail: str) -> None:
    AuditEntry.objects.create(
        centre=centre, actor=user, actor_label=user.email, action=action, count=count, detail=detail[:5000]
    )


def export_csv(centre: Centre, user: Any) -> str:
    """The centre's subscribers as CSV (cells neutralised), recorded in the contacts' audit log."""
    rows = list(Subscriber.objects.filter(centre=centre).select_related("centre"))
    left = set(Unsubscription.objects.filter(list_key=list_key(centre)).values_list("email", flat=True))
    text = spreadsheet_text(
        ["adresse électronique", "inscription confirmée le", "source", "désinscrit"],
        (
            [row.email, timezone.localtime(row.confirmed_at).strftime("%Y-%m-%d %H:%M"), row.source]
            + ["oui" if row.email in left else "non"]
            for row in rows
        ),
    )
    _audit(centre, user, AuditAction.EXPORT_CSV, len(rows), "Abonnés à la lettre d'information")
    return text


@transaction.atomic
def erase(centre: Centre, user: Any, subscriber: Subscriber) -> None:
    """Erase a subscriber at their request: the row goes; the address stays only on the list of those
    who left the centre's newsletter (core.mail), so that no group or later issue reaches it again."""
    email = subscriber.email
    subscriber.delete()
    mail.unsubscribe(email, list_key(centre), list_label(centre))
    _audit(centre, user, AuditAction.ERASURE, 1, "Abonné à la lettre d'information effacé")
