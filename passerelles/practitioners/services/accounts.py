"""Opening a practitioner account with a double opt-in.

The sign-up form creates an inactive account and queues, in the same transaction, an e-mail with
a signed link valid CONFIRMATION_DAYS days; the account is active once the link is opened. The
page answers the same whether the address is new or already known: what concerns an existing
account (a new link if it was never confirmed, else a reminder of how to sign in) goes to the
address itself, so the form tells nobody who has an account."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from passerelles.core import mail, personal_links
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..models import Profile

CONFIRMATION_DAYS = 3
CONFIRMATION_SALT = "passerelles.practitioners.confirm"
SUBJECT = "Passerelles : confirmez l'ouverture de votre compte"
SUBJECT_EXISTING = "Passerelles : votre compte existe déjà"


@dataclass
class NewAccount:
    email: str
    password: str
    first_name: str = ""
    last_name: str = ""
    function: Concept | None = None
    organisation: str = ""
    territory: Territory | None = None
    themes: Iterable[Concept] = field(default_factory=list)


class InvalidConfirmation(Exception):
    """A confirmation link tampered with, expired, or of an account gone."""


def confirmation_token(user_pk: int, email: str, next_url: str = "") -> str:
    return signing.dumps({"u": user_pk, "e": email, "n": next_url}, salt=CONFIRMATION_SALT, compress=True)


@transaction.atomic
def sign_up(account: NewAccount, absolute_url: Callable[[str], str], next_url: str = "") -> None:
    """Create the inactive account and queue its confirmation, or tell the address's owner about
    the account it already has. `absolute_url` turns a path into a link; `next_url` (a safe local
    path) is where the confirmation leads."""
    email = account.email.strip().lower()
    user_model = get_user_model()
    existing = user_model.objects.filter(email__iexact=email).first()
    if existing is not None:
        profile = Profile.objects.filter(user=existing).first()
        if not existing.is_active and profile is not None and profile.confirmed_at is None:
            _queue_confirmation(existing.pk, email, absolute_url, next_url)  # a new link, nothing changed
        else:
            body = render_to_string(
                "practitioners/emails/existing.txt",
                {
                    "email": email,
                    "login": absolute_url(reverse("accounts:login")),
                    "reset": absolute_url(reverse("accounts:password_reset")),
                },
            )
            mail.queue(email, SUBJECT_EXISTING, body)
        return
    user = user_model(email=email, first_name=account.first_name, last_name=account.last_name, is_active=False)
    user.set_password(account.password)
    user.save()
    profile = Profile.objects.create(
        user=user, function=account.function, organisation=account.organisation, territory=account.territory
    )
    profile.themes.set(list(account.themes))
    _queue_confirmation(user.pk, email, absolute_url, next_url)


def _queue_confirmation(user_pk: int, email: str, absolute_url: Callable[[str], str], next_url: str) -> None:
    token = confirmation_token(user_pk, email, next_url)
    link = absolute_url(reverse("practitioners:confirm", args=[token]))
    body = render_to_string(
        "practitioners/emails/confirm.txt", {"email": email, "link": link, "days": CONFIRMATION_DAYS}
    )
    mail.queue(email, SUBJECT, body)


def read_confirmation(token: str) -> tuple[Profile, str]:
    """The profile a valid link confirms and where to go next; InvalidConfirmation otherwise."""
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=timedelta(days=CONFIRMATION_DAYS))
    except signing.BadSignature as error:  # SignatureExpired is one
        raise InvalidConfirmation from error
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("e"), str):
        raise InvalidConfirmation
    profile = Profile.objects.select_related("user").filter(user_id=data["u"], user__email=data["e"]).first()
    if profile is None:
        raise InvalidConfirmation
    next_url = data.get("n")
    return profile, next_url if isinstance(next_url, str) else ""


def confirmation_expired(token: str) -> bool:
    """Whether a confirmation link that no longer works was genuine but too old (410 rather than 404)."""
    max_age = timedelta(days=CONFIRMATION_DAYS)
    return personal_links.expired_data(token, salt=CONFIRMATION_SALT, max_age=max_age) is not None


@transaction.atomic
def confirm(profile: Profile) -> bool:
    """Activate the account; False if it was already confirmed (the link then only signs in)."""
    profile = Profile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if profile.confirmed_at is not None:
        return False
    profile.confirmed_at = timezone.now()
    profile.save(update_fields=["confirmed_at", "updated_at"])
    profile.user.is_active = True
    profile.user.save(update_fields=["is_active"])
    return True
