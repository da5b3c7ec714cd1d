from django.db import models
from django.db.models import Q

from .enums import ContractGeneration, Kind, QpvGeneration, Zone
from .text import fold


class TerritoryQuerySet(models.QuerySet):
    def communes(self):
        """Current communes (COG), the overseas collectivities included."""
        return self.filter(kind=Kind.COMMUNE)

    def inside(self, territory):
        """Everything contained in `territory` (one indexed join on the ancestry table)."""
        return self.filter(ancestors=territory)

    def at_or_inside(self, territory):
        """`territory` itself and everything contained in it (a région and its départements, communes…)."""
        return self.filter(Q(pk=territory.pk) | Q(ancestors=territory))

    def current_qpv(self, on_date):
        return self.filter(kind=Kind.QPV, valid_from__lte=on_date).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on_date)
        )

    def search(self, query, kinds=(Kind.COMMUNE,), limit=10):
        """Communes (by default) by name without accents or case, by postcode or by code,
        most populated first. Prefix matches come before matches inside the name."""
        query = (query or "").strip()
        if not query:
            return []
        base = self.filter(kind__in=kinds).select_related("parent__parent")
        if query.isdigit() or (len(query) == 5 and query[:2].upper() in {"2A", "2B"}):
            # By code or postcode: two indexed look-ups, merged (an OR across the join would scan).
            code = query.upper()
            if len(code) == 5:
                by_code = base.filter(code=code)
                by_postcode = base.filter(pk__in=PostalCode.objects.filter(code=code).values("commune_id"))
            else:
                upper = code + "~"
                by_code = base.filter(code__gte=code, code__lt=upper)
                by_postcode = base.filter(
                    pk__in=PostalCode.objects.filter(code__gte=code, code__lt=upper).values("commune_id")
                )
            found = {t.pk: t for qs in (by_code, by_postcode) for t in qs.order_by("-population")[: limit * 5]}
            return sorted(found.values(), key=lambda t: (-(t.population or 0), t.name))[:limit]
        folded = fold(query)
        if not folded:
            return []
        # A range on the indexed column is a prefix search both SQLite and PostgreSQL can index.
        prefix = list(
            base.filter(search_name__gte=folded, search_name__lt=folded + "~").order_by("-population", "name")[:limit]
        )
        if len(prefix) < limit:
            seen = [t.pk for t in prefix]
            prefix += list(
                base.filter(search_name__contains=f" {folded}")
                .exclude(pk__in=seen)
                .order_by("-population", "name")[: limit - len(prefix)]
            )
        return prefix


class Territory(models.Model):
    """One official territory: région, département, EPCI, commune, arrondissement or QPV,
    keyed by its official code (COG, SIREN for an EPCI, ANCT code for a QPV)."""

    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    code = models.CharField("code officiel", max_length=20)
    name = models.CharField("nom", max_length=200)
    search_name = models.CharField("nom normalisé", max_length=200, editable=False)
    zone = models.CharField("zone", max_length=10, choices=Zone.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="territoire parent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="Le département d'une commune, la région d'un département, la commune d'un arrondissement.",
    )
    ancestors = models.ManyToManyField(
        "self",
        verbose_name="territoires englobants",
        symmetrical=False,
        related_name="descendants",
        blank=True,
    )
    population = models.PositiveIntegerField("population", null=True, blank=True)
    qpv_generation = models.CharField("génération", max_length=4, choices=QpvGeneration.choices, blank=True)
    valid_from = models.DateField("valide depuis", null=True, blank=True)
    valid_to = models.DateField("valide jusqu'au", null=True, blank=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = "territoire"
        verbose_name_plural = "territoires"
        ordering = ["kind", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="territory_unique_kind_code")]
        indexes = [
            models.Index(fields=["kind", "search_name"], name="territory_kind_search"),
            models.Index(fields=["kind", "-population"], name="territory_kind_population"),
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def lineage_ids(self):
        """The primary keys of this territory and of all that contain it (one indexed query)."""
        link = Territory.ancestors.through
        return [self.pk, *link.objects.filter(from_territory=self).values_list("to_territory_id", flat=True)]

    @property
    def key(self):
        """The form used in reference files: `region:53`, `departement:29`, `commune:29019`."""
        return f"{self.kind}:{self.code}"

    @property
    def departement(self):
        """The département a commune or a municipal arrondissement lies in (itself for a département)."""
        if self.kind == Kind.DEPARTEMENT:
            return self
        if self.kind == Kind.ARRONDISSEMENT:
            return self.parent.parent
        if self.kind == Kind.COMMUNE:
            return self.parent
        return None

    @property
    def department_code(self):
        if self.kind == Kind.COMMUNE and self.parent_id:
            return self.parent.code
        if self.kind == Kind.DEPARTEMENT:
            return self.code
        return ""

    @property
    def label(self):
        """A name that tells homonyms apart: Saint-Denis (93) is not Saint-Denis (974)."""
        if self.kind == Kind.COMMUNE and self.parent_id:
            return f"{self.name} ({self.parent.code})"
        if self.kind == Kind.DEPARTEMENT:
            return f"{self.name} ({self.code})"
        return self.name


class PostalCode(models.Model):
    """A postcode of a commune (a commune may have several; a postcode may serve several communes)."""

    code = models.CharField("code postal", max_length=5, db_index=True)
    commune = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="postcodes")

    class Meta:
        verbose_name = "code postal"
        verbose_name_plural = "codes postaux"
        constraints = [models.UniqueConstraint(fields=["code", "commune"], name="postalcode_unique")]

    def __str__(self):
        return self.code


class GeographyRelease(models.Model):
    """Which COG year is loaded, so the site can say it and `make run` can skip a reload."""

    cog_year = models.PositiveSmallIntegerField("millésime du COG")
    source = models.CharField("source", max_length=200)
    loaded_at = models.DateTimeField("chargé le", auto_now=True)

    class Meta:
        verbose_name = "millésime de la géographie"
        verbose_name_plural = "millésimes de la géographie"

    def __str__(self):
        return f"COG {self.cog_year}"


class ContractList(models.Model):
    """The list of contrats de ville loaded (one at a time: an import replaces it): the file it came
    from, or the demo sample, so the figures can say which list they count."""

    source = models.CharField("fichier", max_length=200, blank=True)
    is_demo = models.BooleanField("échantillon de démonstration", default=False)
    loaded_at = models.DateTimeField("chargée le", auto_now_add=True)

    class Meta:
        verbose_name = "liste des contrats de ville"
        verbose_name_plural = "listes des contrats de ville"

    def __str__(self):
        if self.is_demo:
            return "échantillon de démonstration"
        return self.source or "liste importée"


class ContractSignatoryQuerySet(models.QuerySet):
    def in_force(self, on_date):
        """The signatories of the contracts in force on `on_date` (their generation's years)."""
        return self.filter(generation__in=ContractGeneration.in_force(on_date))


class ContractSignatory(models.Model):
    """A commune or an EPCI that signed a contrat de ville of a generation."""

    contract_list = models.ForeignKey(
        ContractList, verbose_name="liste", on_delete=models.CASCADE, related_name="signatories"
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name="signataire",
        on_delete=models.CASCADE,
        related_name="contracts",
        limit_choices_to={"kind__in": [Kind.COMMUNE, Kind.EPCI]},
    )
    generation = models.CharField("génération", max_length=4, choices=ContractGeneration.choices)
    label = models.CharField("contrat", max_length=200, blank=True)

    objects = ContractSignatoryQuerySet.as_manager()

    class Meta:
        verbose_name = "signataire d'un contrat de ville"
        verbose_name_plural = "signataires des contrats de ville"
        ordering = ["generation", "territory__kind", "territory__code"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "generation"], name="contract_signatory_unique_generation")
        ]

    def __str__(self):
        return f"{self.territory} ({self.get_generation_display()})"
