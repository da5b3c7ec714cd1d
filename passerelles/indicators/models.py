"""The activity indicators of each centre and year, computed from the data (services.activity):
stored so that the dashboards read a few hundred rows instead of every registration of ten years.
Nothing here is typed by anyone; `refresh` rewrites a centre's year whole."""

from django.db import models

from passerelles.centres.models import Centre
from passerelles.events.enums import Activity

from .enums import Axis


class YearFigures(models.Model):
    centre = models.ForeignKey(Centre, verbose_name="centre", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("année")
    computed_at = models.DateTimeField("calculés le")
    sheets = models.PositiveIntegerField("fiches d'expérience publiées", default=0)
    publications = models.PositiveIntegerField("publications publiées", default=0)
    records = models.PositiveIntegerField("notices moissonnées", default=0)
    people = models.PositiveIntegerField("personnes touchées", default=0)

    class Meta:
        verbose_name = "indicateurs d'une année"
        verbose_name_plural = "indicateurs des années"
        constraints = [models.UniqueConstraint(fields=["year", "centre"], name="year_figures_once")]

    def __str__(self):
        return f"{self.centre} — {self.year}"


class ActivityCount(models.Model):
    """Sessions, half-days, registrants and attendees of one activity of a centre's year, in total
    or for one theme, function or département (`key`: the concept's or territory's id, "" when not
    given). For a function or a département, `sessions`/`half_days` count the sessions meant for that
    public or held there, `registrants`/`attendees` the people of that function or from there."""

    figures = models.ForeignKey(YearFigures, on_delete=models.CASCADE, related_name="counts")
    activity = models.CharField("activité", max_length=20, choices=Activity.choices)
    axis = models.CharField("axe", max_length=20, choices=Axis.choices)
    key = models.CharField("clé", max_length=20, blank=True)
    label = models.CharField("libellé", max_length=300)
    sessions = models.PositiveIntegerField("sessions", default=0)
    half_days = models.PositiveIntegerField("demi-journées", default=0)
    registrants = models.PositiveIntegerField("inscrits", default=0)
    attendees = models.PositiveIntegerField("présents", default=0)

    class Meta:
        verbose_name = "compte d'activité"
        verbose_name_plural = "comptes d'activité"
        indexes = [models.Index(fields=["axis", "figures"], name="activity_count_axis")]

    def __str__(self):
        return f"{self.figures} — {self.get_axis_display()} {self.label}"


class PublishedYear(models.Model):
    """A year whose network figures the national animation has published on /reseau/chiffres/."""

    year = models.PositiveSmallIntegerField("année", unique=True)
    published_at = models.DateTimeField("publiée le", auto_now_add=True)

    class Meta:
        verbose_name = "année publiée"
        verbose_name_plural = "années publiées"
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class NetworkFigures(models.Model):
    """The network's own figures of a year, those that adding up its centres' would count wrong:
    someone reached by two centres is one person reached by the network (services.activity)."""

    year = models.PositiveSmallIntegerField("année", unique=True)
    computed_at = models.DateTimeField("calculés le")
    people = models.PositiveIntegerField("personnes touchées par le réseau", default=0)

    class Meta:
        verbose_name = "indicateurs du réseau d'une année"
        verbose_name_plural = "indicateurs du réseau des années"

    def __str__(self):
        return f"Réseau — {self.year}"
