"""A centre's annual activity report: its figures in the national reporting shape (computed from the
data, frozen when the report is submitted) and its own highlights; the national animation validates
it, and the network report gathers the validated ones."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from passerelles.centres.models import Centre

from .enums import Status


class Report(models.Model):
    centre = models.ForeignKey(Centre, verbose_name="centre", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("année")
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.DRAFT)
    highlights = models.TextField(
        "faits marquants", blank=True, help_text="Ce que le centre retient de son année, en quelques paragraphes."
    )
    figures = models.JSONField("chiffres figés à la soumission", default=dict, blank=True)
    review_comment = models.TextField("dernier commentaire de l'animation nationale", blank=True)
    submitted_at = models.DateTimeField("soumis le", null=True, blank=True)
    validated_at = models.DateTimeField("validé le", null=True, blank=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modifié par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "rapport annuel d'activité"
        verbose_name_plural = "rapports annuels d'activité"
        ordering = ["-year", "centre__name"]
        constraints = [models.UniqueConstraint(fields=["centre", "year"], name="report_once_per_year")]

    def __str__(self):
        return f"Rapport {self.year} de {self.centre}"

    def get_absolute_url(self):
        return reverse("reports:report", args=[self.centre.slug, self.year])

    @property
    def is_frozen(self):
        return self.status != Status.DRAFT
