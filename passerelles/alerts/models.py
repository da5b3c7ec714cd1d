"""Saved searches (alerts) and the record of the digests sent.

An alert keeps a network search as its URL parameters (search.services.request.SearchRequest
.to_params), so what it finds is what the search page finds; the content types it brings are kept
apart (they replace the search's `type` filter). A Digest row is written, per person and period,
in the transaction that queues the e-mail: a digest run started again never sends twice."""

from django.conf import settings
from django.db import models

from .enums import ALL_TYPES, Frequency


def all_types():
    return list(ALL_TYPES)


class Alert(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="personne", on_delete=models.CASCADE, related_name="alerts"
    )
    title = models.CharField("intitulé", max_length=300)
    params = models.JSONField("paramètres de la recherche", default=dict)
    frequency = models.CharField("fréquence", max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    types = models.JSONField("types de contenus", default=all_types)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "alerte"
        verbose_name_plural = "alertes"
        ordering = ["user", "-created_at", "-pk"]
        indexes = [models.Index(fields=["frequency", "user"], name="alert_frequency_user")]

    def __str__(self):
        return self.title


class Digest(models.Model):
    """One person's digest for one period: written with the e-mail it queued (or with none when
    there was nothing new), so that a run resumed after a crash skips that person."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="personne", on_delete=models.CASCADE, related_name="digests"
    )
    frequency = models.CharField("fréquence", max_length=10, choices=Frequency.choices)
    period = models.CharField("période", max_length=20, help_text="2026-W49 ou 2026-12")
    since = models.DateTimeField("contenus publiés depuis")
    until = models.DateTimeField("jusqu'au")
    items = models.PositiveIntegerField("contenus", default=0)
    sent = models.BooleanField("courriel mis en file", default=False)
    created_at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "lettre d'alertes"
        verbose_name_plural = "lettres d'alertes"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "frequency", "period"], name="digest_once_per_period"),
        ]
        indexes = [models.Index(fields=["user", "frequency", "-until"], name="digest_last")]

    def __str__(self):
        return f"{self.user} — {self.period}"
