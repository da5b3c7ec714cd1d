"""A centre's newsletter: its issues (an editorial in Markdown and chosen items of the network's
content, in the order the centre gave them), the record of each recipient an issue was queued for
(so that a send resumed after a crash writes to nobody twice) and the people who subscribed to the
newsletter from the centre's page (double opt-in)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from passerelles.centres.models import Centre
from passerelles.contacts.models import Group
from passerelles.core.models import Job, OutgoingMail
from passerelles.publications.models import Publication

from .enums import IssueStatus, ItemKind


class Issue(models.Model):
    centre = models.ForeignKey(
        Centre, verbose_name="centre", on_delete=models.PROTECT, related_name="newsletter_issues"
    )
    title = models.CharField("titre", max_length=200)
    editorial = models.TextField(
        "éditorial",
        blank=True,
        help_text="En Markdown : **gras**, *italique*, [lien](https://…), listes à puces avec « - ».",
    )
    status = models.CharField("état", max_length=20, choices=IssueStatus.choices, default=IssueStatus.DRAFT)
    groups = models.ManyToManyField(Group, verbose_name="groupes de contacts", related_name="+", blank=True)
    to_subscribers = models.BooleanField("abonnés à la lettre", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="créée par", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="envoyée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    send_started_at = models.DateTimeField("envoi lancé le", null=True, blank=True)
    sent_at = models.DateTimeField("envoi terminé le", null=True, blank=True)
    recipients_total = models.PositiveIntegerField("destinataires", default=0)
    job = models.ForeignKey(Job, verbose_name="tâche d'envoi", on_delete=models.SET_NULL, null=True, blank=True)
    publication = models.OneToOneField(
        Publication,
        verbose_name="archive",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newsletter_issue",
    )

    class Meta:
        verbose_name = "numéro de lettre d'information"
        verbose_name_plural = "numéros de lettres d'information"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["centre", "-created_at"], name="issue_centre_created")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("newsletters:issue", args=[self.pk])

    @property
    def is_draft(self):
        return self.status == IssueStatus.DRAFT


class Item(models.Model):
    """A piece of content in an issue, copied when chosen (the sent issue stays as it was sent)."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField("ordre", default=0)
    kind = models.CharField("type", max_length=20, choices=ItemKind.choices)
    object_id = models.PositiveBigIntegerField("identifiant du contenu")
    title = models.CharField("titre", max_length=300)
    url = models.CharField("adresse", max_length=500)
    summary = models.TextField("résumé", blank=True)
    source = models.CharField("centre", max_length=200, blank=True)
    when = models.CharField("date", max_length=100, blank=True)

    class Meta:
        verbose_name = "élément de la lettre"
        verbose_name_plural = "éléments de la lettre"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "kind", "object_id"], name="newsletter_item_once"),
        ]

    def __str__(self):
        return self.title


class Delivery(models.Model):
    """One recipient of an issue, written in the transaction that queues their message: a send that
    starts again skips whoever has a row. `skipped`: the address had left the list."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField("adresse", max_length=254)
    mail = models.ForeignKey(OutgoingMail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    skipped = models.BooleanField("non envoyé (désinscrit)", default=False)
    queued_at = models.DateTimeField("mis en file le", auto_now_add=True)

    class Meta:
        verbose_name = "destinataire"
        verbose_name_plural = "destinataires"
        constraints = [models.UniqueConstraint(fields=["issue", "email"], name="newsletter_delivery_once")]

    def __str__(self):
        return self.email


class Subscriber(models.Model):
    """A person who subscribed to a centre's newsletter and confirmed it from the message sent to
    them (nothing is stored before the confirmation: the link carries the address, signed)."""

    centre = models.ForeignKey(Centre, verbose_name="centre", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField("adresse électronique", max_length=254)
    confirmed_at = models.DateTimeField("inscription confirmée le")
    source = models.CharField("source", max_length=200, default="formulaire de la page du centre")

    class Meta:
        verbose_name = "abonné à la lettre"
        verbose_name_plural = "abonnés à la lettre"
        ordering = ["email"]
        constraints = [models.UniqueConstraint("centre", Lower("email"), name="newsletter_subscriber_once")]

    def __str__(self):
        return self.email
