from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.core.slugs import ReservedSlugValidator
from passerelles.core.storage import private_storage
from passerelles.editorial.content import Reviewed, ThesaurusTagged
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory

from .enums import LegalForm, Status

FRESHNESS_MONTHS = 18
# Addresses the site uses under /experiences/ and /experiences/espace/: never a sheet's slug.
RESERVED_SLUGS = {"nouvelle", "comparer", "espace", "fiches"}
CONSENT_REQUIRED = "Une personne n'est citée qu'avec son accord : cochez la case ou retirez son nom."


def months_ago(today, months):
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, min(today.day, 28))


class ExperienceSheetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def in_territory(self, territory):
        """Sheets tied to `territory` or to any territory inside it (a région finds its communes')."""
        inside = Territory.objects.at_or_inside(territory).values("pk")
        return self.filter(
            pk__in=ExperienceSheet.territories.through.objects.filter(territory__in=inside).values("experiencesheet")
        )

    def stale(self, today=None):
        """Published sheets not reviewed for 18 months."""
        limit = months_ago(today or timezone.localdate(), FRESHNESS_MONTHS)
        return self.published().filter(Q(last_reviewed_on__lt=limit) | Q(last_reviewed_on__isnull=True))

    def for_list(self):
        return self.select_related("centre").prefetch_related("territories", "themes", "schemes")


class ExperienceSheet(ThesaurusTagged, Reviewed):
    """A fiche expérience: one local experience, capitalised by a centre, reviewed, then published."""

    centre = models.ForeignKey(Centre, verbose_name="centre", on_delete=models.PROTECT, related_name="sheets")
    title = models.CharField("titre", max_length=200)
    slug = models.SlugField(
        "identifiant d'adresse", max_length=220, unique=True, validators=[ReservedSlugValidator(RESERVED_SLUGS)]
    )
    summary = models.TextField("résumé")
    territories = models.ManyToManyField(
        Territory,
        verbose_name="territoires",
        related_name="sheets",
        limit_choices_to={"kind__in": [Kind.COMMUNE, Kind.EPCI, Kind.QPV, Kind.ARRONDISSEMENT]},
    )
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin", null=True, blank=True, help_text="Laisser vide si l'action est en cours.")
    carrying_structure = models.CharField("structure porteuse", max_length=200, blank=True)
    carrying_legal_form = models.CharField(
        "forme juridique de la structure porteuse", max_length=30, choices=LegalForm.choices, blank=True
    )
    other_schemes = models.TextField("autres dispositifs locaux", blank=True)
    budget_amount = models.DecimalField(
        "budget global (€)", max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    budget_year = models.PositiveSmallIntegerField("année du budget", null=True, blank=True)
    publics_description = models.TextField("publics visés (précisions)", blank=True)
    working_methods = models.TextField("modalités de travail", blank=True)
    actions = models.TextField("actions engagées", blank=True)
    results = models.TextField("résultats et évaluation", blank=True)
    lessons = models.TextField("enseignements", blank=True)
    contact_organisation = models.CharField("organisme à contacter", max_length=200, blank=True)
    contact_email = models.EmailField("courriel de l'organisme", blank=True)
    contact_person = models.CharField(
        "personne à contacter", max_length=200, blank=True, help_text="Seulement avec son accord (case suivante)."
    )
    contact_person_consent = models.BooleanField("la personne a donné son accord pour être citée", default=False)
    licence = models.CharField("licence du texte", max_length=50, default="CC BY 4.0")
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True, db_index=True)  # keys cached pages
    last_reviewed_on = models.DateField("dernière relecture", null=True, blank=True)
    is_demo = models.BooleanField("fiche de démonstration", default=False)

    objects = ExperienceSheetQuerySet.as_manager()

    class Meta:
        verbose_name = "fiche expérience"
        verbose_name_plural = "fiches expérience"
        ordering = ["-published_at", "title"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="sheet_status_published"),
            # The API's cursor pages (newest first): the published sheets read in key order, no sort.
            models.Index(fields=["status", "id"], name="sheet_status_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="sheet_period_in_order",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("experiences:detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.contact_person and not self.contact_person_consent:
            raise ValidationError({"contact_person_consent": CONSENT_REQUIRED})

    @property
    def ongoing(self):
        return self.end_date is None

    def is_stale(self, today=None):
        if self.status != Status.PUBLISHED:
            return False
        limit = months_ago(today or timezone.localdate(), FRESHNESS_MONTHS)
        return self.last_reviewed_on is None or self.last_reviewed_on < limit

    def budget_shares(self):
        """Each funder's amount and share of the global budget (lines prefetched or not)."""
        lines = list(self.budget_lines.all())
        total = self.budget_amount or sum((line.amount for line in lines), 0)
        return [(line, round(100 * line.amount / total, 1) if total else None) for line in lines]


class BudgetLine(models.Model):
    sheet = models.ForeignKey(ExperienceSheet, on_delete=models.CASCADE, related_name="budget_lines")
    funder = models.CharField("financeur", max_length=200)
    amount = models.DecimalField("montant (€)", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = "ligne de budget"
        verbose_name_plural = "budget par financeur"
        ordering = ["-amount", "funder"]

    def __str__(self):
        return f"{self.funder} : {self.amount} €"


class Partner(models.Model):
    sheet = models.ForeignKey(ExperienceSheet, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField("partenaire", max_length=200)
    role = models.CharField("rôle", max_length=300, blank=True)

    class Meta:
        verbose_name = "partenaire"
        verbose_name_plural = "partenaires"
        ordering = ["pk"]

    def __str__(self):
        return self.name


class TeamRole(models.Model):
    """A role in the team and its full-time equivalent: no personal data is needed."""

    sheet = models.ForeignKey(ExperienceSheet, on_delete=models.CASCADE, related_name="team")
    role = models.CharField("fonction", max_length=200)
    fte = models.DecimalField(
        "équivalent temps plein",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = "fonction dans l'équipe"
        verbose_name_plural = "équipe"
        ordering = ["pk"]

    def __str__(self):
        return self.role


class Revision(models.Model):
    """A snapshot of a sheet at each change, so that a reviewer sees what changed between two."""

    sheet = models.ForeignKey(ExperienceSheet, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("numéro")
    created_at = models.DateTimeField("le", auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField("état", max_length=20, choices=Status.choices)
    comment = models.TextField("commentaire", blank=True)
    data = models.JSONField("contenu")

    class Meta:
        verbose_name = "révision"
        verbose_name_plural = "révisions"
        ordering = ["sheet", "-number"]
        constraints = [models.UniqueConstraint(fields=["sheet", "number"], name="revision_unique_number")]

    def __str__(self):
        return f"{self.sheet} — révision {self.number}"


def attachment_path(instance, filename):
    return f"fiches/{instance.sheet_id}/{filename}"


class Attachment(models.Model):
    """A PDF or an image attached to a sheet; its type is checked from its content on upload."""

    class Kind(models.TextChoices):
        PDF = "pdf", "document PDF"
        IMAGE = "image", "image"

    sheet = models.ForeignKey(ExperienceSheet, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField("titre", max_length=200)
    file = models.FileField("fichier", upload_to=attachment_path, storage=private_storage, max_length=300)
    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    size = models.PositiveIntegerField("taille (octets)")
    pages = models.PositiveIntegerField("pages", null=True, blank=True)
    checked_pdf = models.BooleanField(
        "PDF vérifié sans contenu actif",
        default=False,
        help_text="Vérifié au dépôt (ni script, ni lancement de programme, ni fichier joint) : affiché dans le "
        "navigateur. Sinon, le fichier est téléchargé.",
    )
    uploaded_at = models.DateTimeField("ajouté le", auto_now_add=True)

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.title
