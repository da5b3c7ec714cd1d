from django.db import models


class OutgoingMail(models.Model):
    """An e-mail to send, written in the same transaction as what it announces; sent in the
    background through Django's mail framework, retried with a growing delay until it goes."""

    to = models.EmailField("destinataire")
    subject = models.CharField("objet", max_length=300)
    body = models.TextField("texte")
    attachments = models.JSONField(
        "pièces jointes", default=list, blank=True, help_text="[{filename, content_type, base64}]"
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    attempts = models.PositiveIntegerField("tentatives", default=0)
    next_attempt_at = models.DateTimeField("prochaine tentative", db_index=True)
    claimed_until = models.DateTimeField("en cours d'envoi jusqu'à", null=True, blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True, db_index=True)
    last_error = models.TextField("dernière erreur", blank=True)

    class Meta:
        verbose_name = "courriel à envoyer"
        verbose_name_plural = "courriels à envoyer"
        ordering = ["next_attempt_at", "pk"]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class Throttle(models.Model):
    """A rate-limit counter: attempts of one kind by one client or for one recipient (a salted
    digest, never the value itself) within one fixed window (core.throttle)."""

    key = models.CharField("clé", max_length=40)
    window = models.BigIntegerField("fenêtre")
    count = models.PositiveIntegerField("tentatives", default=0)
    expires_at = models.DateTimeField("expire le", db_index=True)

    class Meta:
        verbose_name = "compteur de limitation"
        verbose_name_plural = "compteurs de limitation"
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="throttle_one_counter_per_window")]

    def __str__(self):
        return f"{self.key} ({self.count})"
