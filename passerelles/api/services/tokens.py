"""Create, revoke and check the API tokens of a centre's staff (ADR 0016).

A token reads `psl_<prefix>_<secret>`: the prefix finds its row, and the SHA-256 of the whole token
is compared in constant time with the stored one. The secret is high-entropy (256 bits from
`secrets`), so a plain hash is enough: no password-stretching is needed to resist guessing."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from passerelles.accounts.models import Membership, User
from passerelles.core.errors import DomainError

from ..models import ApiToken, TokenIdentity

SCHEME = "psl"
# last_used_at is written at most once a minute per token: a burst of requests is one write.
USE_RECORDED_EVERY = timedelta(minutes=1)


class TokenRefused(DomainError):
    """The token is missing, unknown, revoked, expired or no longer backed by its owner's role."""


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token, shown once and never stored


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def expiry_of(last_day: date | None) -> datetime | None:
    """A token valid until `last_day` included stops at the start of the next day, local time."""
    if last_day is None:
        return None
    return timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))


@transaction.atomic
def create_token(owner: User, membership: Membership, name: str, last_day: date | None = None) -> NewToken:
    """A token acting as `owner` with the role of `membership` (one of the owner's) in its centre."""
    if membership.user_id != owner.pk or not owner.is_active:
        raise PermissionDenied("Un jeton ne peut porter qu'un de vos propres rôles.")
    if last_day is not None and last_day <= timezone.localdate():
        raise DomainError("La date d'expiration doit être postérieure à aujourd'hui.")
    for _ in range(5):  # a prefix drawn twice is astronomically rare: draw again
        prefix = f"{SCHEME}_{secrets.token_hex(6)}"
        raw = f"{prefix}_{secrets.token_urlsafe(32)}"
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    owner=owner,
                    centre_id=membership.centre_id,
                    role=membership.role,
                    name=name,
                    prefix=prefix,
                    secret_hash=digest(raw),
                    expires_at=expiry_of(last_day),
                )
        except IntegrityError:
            continue
        return NewToken(token, raw)
    raise RuntimeError("No free token prefix after five draws.")


def revoke_token(owner: User, token: ApiToken) -> ApiToken:
    """Only its owner revokes a token; revoking twice keeps the first date."""
    if token.owner_id != owner.pk:
        raise PermissionDenied("Ce jeton ne vous appartient pas.")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


def tokens_of(owner: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(owner=owner).select_related("centre"))


def authenticate(raw: str, now: datetime | None = None) -> ApiToken:
    """The token `raw` names, if it may act now; TokenRefused (French) otherwise."""
    now = now or timezone.now()
    scheme, _, rest = raw.strip().partition("_")
    key, _, secret = rest.partition("_")
    token = None
    if scheme == SCHEME and key and secret:
        token = ApiToken.objects.select_related("owner", "centre").filter(prefix=f"{SCHEME}_{key}").first()
    if token is None or not hmac.compare_digest(token.secret_hash, digest(raw.strip())):
        raise TokenRefused("Jeton d'accès inconnu : vérifiez l'en-tête « Authorization: Bearer <jeton> ».")
    if token.is_revoked:
        raise TokenRefused("Ce jeton d'accès a été révoqué : créez-en un nouveau depuis votre compte.")
    if token.is_expired(now):
        raise TokenRefused("Ce jeton d'accès a expiré : créez-en un nouveau depuis votre compte.")
    if not token.owner.is_active or not holds_role(token):
        raise TokenRefused("La personne de ce jeton n'a plus ce rôle dans ce centre : le jeton ne vaut plus.")
    if token.last_used_at is None or now - token.last_used_at >= USE_RECORDED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def holds_role(token: ApiToken) -> bool:
    return Membership.objects.filter(user_id=token.owner_id, centre_id=token.centre_id, role=token.role).exists()


def identity_of(token: ApiToken) -> TokenIdentity:
    """Whom the token acts as, for the permission check (accounts.permissions.can): its owner with
    the token's role in the token's centre only — no other role, no other centre, no national or
    superuser rank. In memory only (TokenIdentity.save refuses)."""
    owner = token.owner
    identity = TokenIdentity(
        pk=owner.pk,
        email=owner.email,
        first_name=owner.first_name,
        last_name=owner.last_name,
        is_active=owner.is_active,
        is_staff=False,
        is_superuser=False,
        is_national_animator=False,
    )
    identity._state.adding = False
    identity._passerelles_roles = {token.centre_id: {token.role}}  # type: ignore[attr-defined]  # read by can()
    return identity


def revoke_leaked(by: User, tokens: QuerySet[ApiToken]) -> int:
    """A superuser revokes tokens that are not theirs (a leak reported to the national animation)."""
    if not (by.is_active and by.is_superuser):
        raise PermissionDenied("Seul un superutilisateur révoque le jeton d'une autre personne.")
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
