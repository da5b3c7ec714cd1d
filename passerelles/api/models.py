"""The tokens with which a centre's staff write through the API (ADR 0016). A token acts as its owner
restricted to one role in one centre; only a hash of its secret is stored, the secret itself is shown
once, when it is created."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from passerelles.accounts.enums import Role
from passerelles.accounts.models import User


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Neither revoked nor expired (the owner's membership is checked when the token is used)."""
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), revoked_at__isnull=True)


class ApiToken(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="personne", on_delete=models.CASCADE, related_name="api_tokens"
    )
    centre = models.ForeignKey("centres.Centre", verbose_name="centre", on_delete=models.CASCADE, related_name="+")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    name = models.CharField("nom", max_length=100)
    # Public part of the token, shown in the list so that its owner recognises it; finds the row.
    prefix = models.CharField("début du jeton", max_length=20, unique=True)
    secret_hash = models.CharField("empreinte SHA-256 du jeton", max_length=64)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    expires_at = models.DateTimeField("expire le", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d'accès à l'API"
        verbose_name_plural = "jetons d'accès à l'API"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def is_expired(self, now=None):
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())


class TokenIdentity(User):
    """The owner of a token as the API sees them: nothing but the token's role in its centre. Built
    in memory by api.services.tokens.identity_of (its national or superuser rank dropped), so it is
    never saved."""

    class Meta:
        proxy = True
        verbose_name = "identité d'un jeton"
        verbose_name_plural = "identités des jetons"

    def save(self, *args, **kwargs):
        raise TypeError("A token's identity is never saved: change the person itself.")
