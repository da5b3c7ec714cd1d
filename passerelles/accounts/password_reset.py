"""Password-reset requests, answered the same whatever the address.

Every accepted request does the same work and queues one e-mail in the outbox (core.mail), in
its transaction, retried until the SMTP relay takes it: for an active account with a password
(Django's own rule) the one-use link, otherwise a note telling the address's owner that no active
account uses it. The account lookup, the token, the rendering and the insert happen either way, so
neither the page nor its response time tells whether an account exists; only the mailbox does.
Requests are limited per client address and per e-mail address (core.throttle), before anything
is looked up."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from passerelles.core import mail, throttle
from passerelles.core.models import OutgoingMail

if TYPE_CHECKING:
    from .models import User

SUBJECT = "Passerelles : choisir un nouveau mot de passe"
CLIENT_LIMITED = "Trop de demandes de nouveau mot de passe depuis votre connexion : réessayez dans {wait}."
ADDRESS_LIMITED = (
    "Trop de demandes de nouveau mot de passe pour cette adresse : réessayez dans {wait}. "
    "En attendant, consultez les courriels déjà reçus à cette adresse."
)


def account_for(email: str) -> "User | None":
    """The account a reset link may go to: active and with a password, as Django's PasswordResetForm."""
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    return user if user and user.has_usable_password() else None


def request_reset(email: str, client: str, absolute_url: Callable[[str], str]) -> OutgoingMail:
    """Queue the mail this request gets, or raise throttle.Throttled (same message for any address).
    `client`: the client's address; `absolute_url`: turns a path into a link (the request's).
    Every attempt counts, refused ones included (the counters commit on their own)."""
    throttle.check("PASSWORD_RESET_CLIENT", client, CLIENT_LIMITED)
    throttle.check("PASSWORD_RESET_RECIPIENT", email, ADDRESS_LIMITED)
    return _queue_mail(email, absolute_url)


def link_expired(user: "User | None", token: str) -> bool:
    """Whether a reset link Django refuses was genuine but is past PASSWORD_RESET_TIMEOUT (410, not
    404): Django's check_token answers False for both, so the signature is checked alone, at the
    link's own timestamp. A used link (the password changed since) is not genuine any more."""
    if user is None or token.count("-") != 1:
        return False
    try:
        timestamp = base36_to_int(token.split("-")[0])
    except ValueError:
        return False
    generator = default_token_generator
    genuine = any(
        constant_time_compare(generator._make_token_with_timestamp(user, timestamp, secret), token)
        for secret in [generator.secret, *generator.secret_fallbacks]
    )
    return genuine and not generator.check_token(user, token)


@transaction.atomic
def _queue_mail(email: str, absolute_url: Callable[[str], str]) -> OutgoingMail:
    user = account_for(email)
    # Without an account, a token for a stand-in that is never saved: the same work, no link sent.
    target = user or get_user_model()(email=email, password=UNUSABLE_PASSWORD_PREFIX)
    uid = urlsafe_base64_encode(force_bytes(target.pk))
    token = default_token_generator.make_token(target)
    link = absolute_url(reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}))
    template = "password_reset.txt" if user else "password_reset_no_account.txt"
    body = render_to_string(f"accounts/emails/{template}", {"email": target.email, "link": link})
    return mail.queue(target.email, SUBJECT, body)


def forget_sent_mails(now: datetime | None = None) -> int:
    """Reset mails once sent, or once their link has expired unsent: their address and link need
    not be kept (the scheduled purge). Returns how many were deleted."""
    now = now or timezone.now()
    expired = now - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    done = OutgoingMail.objects.filter(Q(sent_at__isnull=False) | Q(created_at__lt=expired), subject=SUBJECT)
    return done.exclude(claimed_until__gt=now).delete()[0]  # not while a sender holds it
