from django.conf import settings
from django.db import models
from django.urls import reverse


class OutgoingMail(models.Model):
    """An e-mail to send, written in the same transaction as what it announces; sent in the
    background through Django's mail framework, retried with a growing delay until it goes."""

    to = models.EmailField("destinataire")
    subject = models.CharField("objet", max_length=300)
    body = models.TextField("texte")
    html = models.TextField("version HTML", blank=True)
    headers = models.JSONField("en-têtes", default=dict, blank=True)
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


class Unsubscription(models.Model):
    """An address that left a mailing list ("digest", "newsletter:<centre>"…): nothing of that list
    is queued for it any more (core.mail.queue)."""

    email = models.EmailField("adresse")
    list_key = models.CharField("liste", max_length=100)
    label = models.CharField("nom de la liste", max_length=300, blank=True)
    created_at = models.DateTimeField("désabonné le", auto_now_add=True)

    class Meta:
        verbose_name = "désabonnement"
        verbose_name_plural = "désabonnements"
        constraints = [models.UniqueConstraint(fields=["email", "list_key"], name="unsubscription_once_per_list")]

    def __str__(self):
        return f"{self.email} ({self.list_key})"


class Job(models.Model):
    """A long piece of background work started by a person (a newsletter, a digest run, an import):
    its progress, its stop button and what it gave. Its task is enqueued again with the same
    arguments when its worker stops beating (core.jobs.resume_stalled), so task bodies are
    idempotent."""

    class State(models.TextChoices):
        PENDING = "pending", "En attente"
        RUNNING = "running", "En cours"
        DONE = "done", "Terminée"
        FAILED = "failed", "Échouée"
        CANCELLED = "cancelled", "Arrêtée"

    FINISHED = (State.DONE, State.FAILED, State.CANCELLED)

    id = models.UUIDField(primary_key=True)
    label = models.CharField("tâche", max_length=300)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="lancée par", null=True, blank=True, on_delete=models.SET_NULL
    )
    task_path = models.CharField("fonction", max_length=300)
    arguments = models.JSONField("arguments", default=dict, blank=True)
    state = models.CharField("état", max_length=20, choices=State.choices, default=State.PENDING, db_index=True)
    total = models.PositiveIntegerField("à traiter", null=True, blank=True)
    done = models.PositiveIntegerField("traités", default=0)
    stop_requested = models.BooleanField("arrêt demandé", default=False)
    runs = models.PositiveIntegerField("démarrages", default=0)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    heartbeat_at = models.DateTimeField("dernier signe de vie", null=True, blank=True)
    finished_at = models.DateTimeField("finie le", null=True, blank=True)
    message = models.TextField("résultat", blank=True)
    result_url = models.CharField("lien du résultat", max_length=500, blank=True)

    class Meta:
        verbose_name = "tâche de fond"
        verbose_name_plural = "tâches de fond"
        ordering = ["-created_at"]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("core:job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.state == self.State.DONE else None
        return min(100, round(100 * self.done / self.total))


class PeriodicRun(models.Model):
    """When the clock last enqueued a periodic task (core.clock): shared by every clock process."""

    name = models.CharField("tâche", max_length=300, primary_key=True)
    last_at = models.DateTimeField("dernier lancement")

    class Meta:
        verbose_name = "tâche périodique"
        verbose_name_plural = "tâches périodiques"

    def __str__(self):
        return self.name
