from django.db import models
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.urls import reverse
from django.utils.functional import cached_property

from passerelles.core import collation
from passerelles.territories.enums import Kind, Zone
from passerelles.territories.models import Territory

from .enums import COVERING_STATUSES, Fact, LegalStatus, Level, Status


class CentreQuerySet(models.QuerySet):
    def for_directory(self):
        """What a list of centres shows, in a fixed number of queries whatever the number of centres."""
        unverified = CentreFact.objects.filter(verified=False).only("centre_id", "fact").order_by()
        return self.select_related("seat__parent").prefetch_related(
            Prefetch("perimeter", queryset=Territory.objects.only("kind", "code", "name").order_by("kind", "code")),
            Prefetch("facts", queryset=unverified, to_attr="unverified_fact_rows"),
        )

    def covering(self, territory):
        """Centres whose perimeter contains `territory` (a commune, an EPCI, a QPV…) or is it."""
        return (
            self.filter(status__in=COVERING_STATUSES, perimeter__in=territory.lineage_ids())
            .distinct()
            .order_by(self.status_order(), "name")
        )

    def of_area(self, territory):
        """Every centre whose perimeter holds `territory`, whatever its status (covering, planned,
        historical), the covering ones first."""
        return self.filter(perimeter__in=territory.lineage_ids()).distinct().order_by(self.status_order(), "name")

    def nearby(self, departement):
        """Centres to turn to when none covers `departement`: those of its région, or, overseas,
        the other overseas centres."""
        nearby = self.filter(status__in=COVERING_STATUSES).select_related("seat__parent").order_by("name")
        if departement.zone == Zone.METRO:
            return nearby.filter(pk__in=self.in_region(departement.parent).values("pk"))
        return nearby.filter(overseas=True)

    def in_region(self, region):
        """Centres whose perimeter is the région or one of its départements."""
        return self.filter(Q(perimeter=region) | Q(perimeter__parent=region)).distinct()

    def summary(self):
        return self.aggregate(
            active=Count("pk", filter=Q(status=Status.ACTIVE)),
            overseas=Count("pk", filter=Q(status=Status.ACTIVE, overseas=True)),
            to_confirm=Count("pk", filter=Q(status=Status.UNVERIFIED)),
        )

    def listed(self):
        """The centres as lists show them (a list): by activity, the covering ones first, then in French
        alphabetical order of their names, which the database cannot give (core.collation)."""
        ranks = {status: rank for rank, status in enumerate(Status.values)}
        return sorted(self, key=lambda centre: (ranks[centre.status], collation.key(centre.name)))

    @staticmethod
    def status_order():
        return Case(
            *(When(status=status, then=Value(rank)) for rank, status in enumerate(Status.values)),
            output_field=IntegerField(),
        )


class Centre(models.Model):
    slug = models.SlugField("identifiant d'adresse", max_length=80, unique=True)
    reference_id = models.PositiveIntegerField(
        "numéro dans le fichier de référence", null=True, blank=True, unique=True, editable=False
    )
    name = models.CharField("nom", max_length=200)
    short_name = models.CharField("nom court ou sigle", max_length=80, blank=True)
    former_names = models.TextField("anciens noms", blank=True, help_text="Un nom par ligne.")
    status = models.CharField("activité", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    latest_evidence_year = models.PositiveSmallIntegerField("dernière trace d'activité", null=True, blank=True)
    legal_status = models.CharField(
        "statut juridique", max_length=20, choices=LegalStatus.choices, default=LegalStatus.UNKNOWN
    )
    legal_status_detail = models.CharField("précision sur le statut", max_length=200, blank=True)
    creation_year = models.PositiveSmallIntegerField("année de création", null=True, blank=True)
    seat = models.ForeignKey(
        Territory,
        verbose_name="commune du siège",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Kind.COMMUNE},
    )
    address = models.TextField("adresse", blank=True)
    website = models.URLField("site internet", blank=True)
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    level = models.CharField("niveau", max_length=20, choices=Level.choices, default=Level.REGIONAL)
    overseas = models.BooleanField("ultramarin", default=False)
    perimeter = models.ManyToManyField(
        Territory,
        verbose_name="périmètre",
        related_name="centres",
        blank=True,
        limit_choices_to={"kind__in": [Kind.REGION, Kind.DEPARTEMENT]},
        help_text="Les régions et départements couverts par le centre.",
    )
    governance = models.TextField("gouvernance", blank=True)
    funders = models.TextField("financeurs", blank=True)
    sources = models.TextField("sources", blank=True, help_text="Une adresse par ligne.")
    internal_notes = models.TextField("notes internes", blank=True, help_text="Jamais affichées au public.")
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = "centre de ressources"
        verbose_name_plural = "centres de ressources"
        ordering = ["name"]
        indexes = [models.Index(fields=["status"], name="centre_status")]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("centres:detail", args=[self.slug])

    @property
    def display_name(self):
        if self.short_name and self.short_name != self.name:
            return f"{self.name} ({self.short_name})"
        return self.name

    @property
    def former_names_list(self):
        return [name.strip() for name in self.former_names.splitlines() if name.strip()]

    @property
    def sources_list(self):
        """The sources' web addresses; anything that is not http(s) is never turned into a link."""
        return [url.strip() for url in self.sources.splitlines() if url.strip().startswith(("https://", "http://"))]

    @property
    def is_covering(self):
        return self.status in COVERING_STATUSES

    @property
    def is_active(self):
        return self.status == Status.ACTIVE

    @cached_property
    def unverified_facts(self):
        """The names of the facts still to confirm (from the prefetch of `for_directory` when there)."""
        rows = getattr(self, "unverified_fact_rows", None)
        if rows is None:
            rows = self.facts.filter(verified=False)
        return {fact.fact for fact in rows}


class CentreFact(models.Model):
    """Whether one fact of a centre is verified, and where it comes from."""

    centre = models.ForeignKey(Centre, verbose_name="centre", on_delete=models.CASCADE, related_name="facts")
    fact = models.CharField("information", max_length=30, choices=Fact.choices)
    verified = models.BooleanField("vérifiée", default=False)
    source = models.TextField("source", blank=True, help_text="Adresse(s) de la source, une par ligne.")
    note = models.CharField("remarque", max_length=300, blank=True)
    checked_at = models.DateTimeField("vérifiée le", auto_now=True)

    class Meta:
        verbose_name = "vérification d'une information"
        verbose_name_plural = "vérifications des informations"
        ordering = ["centre", "fact"]
        constraints = [models.UniqueConstraint(fields=["centre", "fact"], name="centrefact_unique")]

    def __str__(self):
        state = "vérifiée" if self.verified else "à confirmer"
        return f"{self.centre} — {self.get_fact_display()} : {state}"
