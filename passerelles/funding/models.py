"""What co-finances each centre, year by year: the amounts per funder its admins enter, which the
national animation checks and locks."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from passerelles.centres.models import Centre

from .enums import STATE_FUNDERS, Funder


class FundingYear(models.Model):
    """A centre's funding for one year; once locked by the national animation, nobody changes it."""

    centre = models.ForeignKey(Centre, verbose_name="centre", on_delete=models.PROTECT, related_name="funding_years")
    year = models.PositiveSmallIntegerField("année")
    locked_at = models.DateTimeField("vérifié et verrouillé le", null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="verrouillé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
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
        verbose_name = "financement annuel"
        verbose_name_plural = "financements annuels"
        ordering = ["centre", "-year"]
        constraints = [models.UniqueConstraint(fields=["centre", "year"], name="funding_year_unique")]

    def __str__(self):
        return f"{self.centre} – {self.year}"

    @property
    def is_locked(self):
        return self.locked_at is not None

    def amounts(self):
        """{funder: euros} of the funders entered."""
        return {line.funder: line.amount for line in self.lines.all()}

    def total(self):
        return sum(self.amounts().values())

    def state_amount(self):
        return sum(amount for funder, amount in self.amounts().items() if funder in STATE_FUNDERS)


class Funding(models.Model):
    """One funder's amount for a centre's year, in euros."""

    funding_year = models.ForeignKey(FundingYear, on_delete=models.CASCADE, related_name="lines")
    funder = models.CharField("financeur", max_length=20, choices=Funder.choices)
    amount = models.PositiveIntegerField("montant (€)")

    class Meta:
        verbose_name = "financement"
        verbose_name_plural = "financements"
        ordering = ["funding_year", "funder"]
        constraints = [models.UniqueConstraint(fields=["funding_year", "funder"], name="funding_unique_funder")]

    def __str__(self):
        return f"{self.get_funder_display()} : {self.amount} €"


class Scenario(models.Model):
    """A formula for the State's envelope kept to be compared and, once chosen, published with its
    method. It holds the formula (the simulator's values), not its results: opened again, it is
    computed on the figures of the day, except once published (its results are then kept)."""

    name = models.CharField("nom", max_length=200)
    values = models.JSONField("formule")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="créé par", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "scénario de répartition"
        verbose_name_plural = "scénarios de répartition"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("funding:scenario", args=[self.pk])


class PublishedAllocation(models.Model):
    """The allocation of a year's envelope as the national animation published it, with its method.
    The chosen scenario's results are frozen in `snapshot` on the day of publication (the formula,
    each centre's figures, bounds, amount, explanation and current allocation, the fairness measures,
    the QPV list counted: services.publication), so that no later change of the data moves them.
    One per year, shown to everyone."""

    year = models.PositiveSmallIntegerField("année", unique=True)
    scenario = models.ForeignKey(
        Scenario,
        verbose_name="scénario",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
    )
    method = models.TextField("méthode")
    snapshot = models.JSONField("résultats publiés")
    published_at = models.DateTimeField("publiée le")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="publiée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "répartition publiée"
        verbose_name_plural = "répartitions publiées"
        ordering = ["-year"]

    def __str__(self):
        return f"Répartition {self.year}"

    def get_absolute_url(self):
        return reverse("funding:published", args=[self.year])
