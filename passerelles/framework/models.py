"""The network's reference framework: its documents (partnership charter, the State's technical
framework, annexes with partners), their successive versions and signatories, the commitments of
the technical framework with the network figures that show them, and the centres' accreditations."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from passerelles.centres.models import Centre

from .enums import AccreditationState, DocumentKind, Indicator, Section
from .validators import validate_indicators

# An accreditation that ends within this many months is shown as expiring soon.
EXPIRY_NOTICE_MONTHS = 6


def months_later(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or that month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


class Document(models.Model):
    kind = models.CharField("nature", max_length=20, choices=DocumentKind.choices)
    title = models.CharField("titre", max_length=300)
    slug = models.SlugField("identifiant d'adresse", max_length=80, unique=True)
    partner = models.CharField(
        "partenaire", max_length=200, blank=True, help_text="Pour une annexe : le partenaire ou l'opérateur (ANRU…)."
    )
    summary = models.TextField("résumé", blank=True)
    ordering = models.PositiveSmallIntegerField("ordre d'affichage", default=0)

    class Meta:
        verbose_name = "document du cadre de référence"
        verbose_name_plural = "documents du cadre de référence"
        ordering = ["ordering", "title"]

    def __str__(self):
        return self.title

    def version_in_force(self, on_date: datetime.date) -> "Version | None":
        """The latest of its versions in force on `on_date` (reads prefetched versions when there)."""
        in_force = [version for version in self.versions.all() if version.is_in_force(on_date)]
        return max(in_force, key=lambda version: (version.start, version.pk), default=None)


class Version(models.Model):
    document = models.ForeignKey(Document, verbose_name="document", on_delete=models.CASCADE, related_name="versions")
    label = models.CharField("version", max_length=50, help_text="Par exemple « 2017 ».")
    signed_on = models.DateField("signée le", null=True, blank=True)
    in_force_from = models.DateField(
        "en vigueur à partir du", null=True, blank=True, help_text="Laissé vide : à partir de sa signature."
    )
    in_force_until = models.DateField("en vigueur jusqu'au", null=True, blank=True)
    changes = models.TextField("ce qui change", blank=True)
    source = models.TextField("source", blank=True, help_text="Adresse ou référence du texte officiel.")

    class Meta:
        verbose_name = "version d'un document"
        verbose_name_plural = "versions des documents"
        ordering = ["document", "-in_force_from", "-signed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "label"], name="framework_version_label_once"),
            models.CheckConstraint(
                condition=Q(in_force_until__isnull=True)
                | Q(in_force_from__isnull=True)
                | Q(in_force_until__gte=F("in_force_from")),
                name="framework_version_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.document} — {self.label}"

    def clean(self):
        if self.in_force_from and self.in_force_until and self.in_force_until < self.in_force_from:
            raise ValidationError(
                {"in_force_until": "La fin de validité ne peut pas précéder le début de validité de la version."}
            )

    @property
    def source_url(self) -> str:
        """The source when it is a web address (anything else is never turned into a link)."""
        source = self.source.strip()
        return source if source.startswith(("https://", "http://")) and not any(c.isspace() for c in source) else ""

    @property
    def start(self) -> datetime.date | None:
        return self.in_force_from or self.signed_on

    def is_in_force(self, on_date: datetime.date) -> bool:
        start = self.start
        if start is None or start > on_date:
            return False
        return self.in_force_until is None or self.in_force_until >= on_date

    @property
    def is_current(self) -> bool:
        """Whether it is its document's version in force today (the latest one in force)."""
        current = self.document.version_in_force(timezone.localdate())
        return current is not None and current.pk == self.pk


class Signatory(models.Model):
    version = models.ForeignKey(Version, verbose_name="version", on_delete=models.CASCADE, related_name="signatories")
    organisation = models.CharField("organisation", max_length=300)
    person = models.CharField("personne", max_length=200, blank=True)
    capacity = models.CharField(
        "qualité", max_length=200, blank=True, help_text="Par exemple « ministre », « président »."
    )
    ordering = models.PositiveSmallIntegerField("ordre d'affichage", default=0)

    class Meta:
        verbose_name = "signataire"
        verbose_name_plural = "signataires"
        ordering = ["version", "ordering", "pk"]

    def __str__(self):
        return f"{self.person}, {self.organisation}" if self.person else self.organisation


class Commitment(models.Model):
    """What the technical framework asks of the centres, or of the State, in one of its sections."""

    version = models.ForeignKey(Version, verbose_name="version", on_delete=models.CASCADE, related_name="commitments")
    section = models.CharField("partie", max_length=20, choices=Section.choices)
    text = models.TextField("engagement")
    ordering = models.PositiveSmallIntegerField("ordre d'affichage", default=0)
    indicators = models.JSONField(
        "indicateurs",
        default=list,
        blank=True,
        validators=[validate_indicators],
        help_text="Les chiffres du réseau qui montrent cet engagement.",
    )

    class Meta:
        verbose_name = "engagement"
        verbose_name_plural = "engagements"
        ordering = ["version", "ordering", "pk"]

    def __str__(self):
        return self.text[:80]

    @property
    def indicator_labels(self) -> list[tuple[str, str]]:
        """(key, label) of its indicators, in the order given."""
        return [(key, Indicator(key).label) for key in self.indicators if key in Indicator.values]


class Accreditation(models.Model):
    """A centre's national accreditation (« agrément »), from the decision that grants it."""

    centre = models.ForeignKey(Centre, verbose_name="centre", on_delete=models.PROTECT, related_name="accreditations")
    granted_on = models.DateField("agréé le")
    valid_until = models.DateField("valable jusqu'au", null=True, blank=True, help_text="Laissé vide : sans échéance.")
    decision = models.CharField("décision", max_length=300, help_text="Référence de la décision d'agrément.")
    note = models.TextField("note interne", blank=True, help_text="Jamais affichée au public.")

    class Meta:
        verbose_name = "agrément"
        verbose_name_plural = "agréments"
        ordering = ["centre__name", "-granted_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("granted_on")),
                name="framework_accreditation_period_in_order",
            )
        ]

    def __str__(self):
        return f"{self.centre} — agrément du {self.granted_on:%d/%m/%Y}"

    def clean(self):
        if self.granted_on and self.valid_until and self.valid_until < self.granted_on:
            raise ValidationError({"valid_until": "Un agrément ne peut pas prendre fin avant d'avoir été accordé."})

    def state_on(self, on_date: datetime.date) -> AccreditationState:
        if self.granted_on > on_date:
            return AccreditationState.UPCOMING
        if self.valid_until is None:
            return AccreditationState.CURRENT
        if self.valid_until < on_date:
            return AccreditationState.EXPIRED
        if self.valid_until < months_later(on_date, EXPIRY_NOTICE_MONTHS):
            return AccreditationState.EXPIRING
        return AccreditationState.CURRENT
