"""Publications of the centres: series (periodicals, newsletters, proceedings…), the publications
themselves (an issue of a series or a stand-alone one), their contributors and PDF documents; and
the catalogue records harvested from the centres' documentation systems over OAI-PMH."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from passerelles.centres.models import Centre
from passerelles.core.slugs import ReservedSlugValidator
from passerelles.core.storage import private_storage
from passerelles.editorial.content import Reviewed, ThesaurusTagged
from passerelles.editorial.workflow import Status
from passerelles.experiences.models import ExperienceSheet
from passerelles.territories.models import Territory

from .enums import ContributorKind, ContributorRole, Frequency, Kind, Language

# Addresses used under /publications/: never a publication's or a series' slug.
RESERVED_SLUGS = {"series", "espace", "flux", "catalogue", "derniers-numeros", "centre"}


def validate_issn(value):
    """An ISSN is 4 digits, a hyphen, 3 digits and a check character (ISO 3297)."""
    digits = value.replace("-", "").upper()
    if len(digits) != 8 or not digits[:7].isdigit() or not (digits[7].isdigit() or digits[7] == "X"):
        raise ValidationError("Un ISSN s'écrit 1234-5678 (le dernier caractère peut être X).")
    total = sum(int(d) * (8 - i) for i, d in enumerate(digits[:7]))
    check = (11 - total % 11) % 11
    if digits[7] != ("X" if check == 10 else str(check)):
        raise ValidationError("Cet ISSN n'est pas valide : sa clé de contrôle ne correspond pas.")


def oai_identifier(pk):
    """The OAI-PMH identifier of a publication, kept by its tombstone once it is deleted."""
    return f"oai:{settings.PASSERELLES['OAI_NAMESPACE']}:publication:{pk}"


validate_slug_free = ReservedSlugValidator(RESERVED_SLUGS)


class Series(models.Model):
    """A periodical, a newsletter, a collection of proceedings or of guides, published by a centre."""

    centre = models.ForeignKey(Centre, verbose_name="centre éditeur", on_delete=models.PROTECT, related_name="series")
    title = models.CharField("titre", max_length=200)
    slug = models.SlugField("identifiant d'adresse", max_length=220, unique=True, validators=[validate_slug_free])
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.PERIODICAL)
    issn = models.CharField("ISSN", max_length=9, blank=True, validators=[validate_issn])
    frequency = models.CharField("périodicité", max_length=20, choices=Frequency.choices, blank=True)
    description = models.TextField("présentation", blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    is_demo = models.BooleanField("série de démonstration", default=False)

    class Meta:
        verbose_name = "série"
        verbose_name_plural = "séries"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publications:series", args=[self.slug])


class PublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def withdrawn(self):
        """Published once, not any more: declared deleted to harvesters."""
        return self.exclude(status=Status.PUBLISHED).filter(published_at__isnull=False)

    def for_list(self):
        return self.select_related("centre", "series").prefetch_related("documents")


class Publication(ThesaurusTagged, Reviewed):
    """An issue of a series (n° 36 of "Les Cahiers du DSU") or a stand-alone publication."""

    centre = models.ForeignKey(
        Centre, verbose_name="centre éditeur", on_delete=models.PROTECT, related_name="publications"
    )
    series = models.ForeignKey(
        Series,
        verbose_name="série",
        on_delete=models.PROTECT,
        related_name="publications",
        null=True,
        blank=True,
        help_text="Laisser vide pour une publication isolée.",
    )
    issue_number = models.CharField("numéro", max_length=30, blank=True, help_text="Par exemple : 36.")
    title = models.CharField("titre", max_length=300)
    slug = models.SlugField("identifiant d'adresse", max_length=220, unique=True, validators=[validate_slug_free])
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    thematic_file = models.CharField("dossier thématique", max_length=300, blank=True)
    publication_date = models.DateField("date de parution")
    abstract = models.TextField("résumé")
    language = models.CharField("langue", max_length=5, choices=Language.choices, default=Language.FRENCH)
    licence = models.CharField("licence ou droits", max_length=100, default="Tous droits réservés")
    territories = models.ManyToManyField(Territory, verbose_name="territoires", related_name="publications", blank=True)
    online_url = models.URLField(
        "adresse de consultation en ligne",
        max_length=500,
        blank=True,
        help_text="Si elle est aussi en ligne ailleurs que sur ce site.",
    )
    on_paper = models.BooleanField("disponible sur papier", default=False)
    paper_order = models.TextField(
        "comment la commander sur papier", blank=True, help_text="Prix, adresse ou formulaire de commande."
    )
    session = models.ForeignKey(
        "events.Session",
        verbose_name="session dont ce sont les actes",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proceedings",
        help_text="Une session organisée sur ce site.",
    )
    event_title = models.CharField(
        "rencontre dont ce sont les actes",
        max_length=300,
        blank=True,
        help_text="Pour des actes d'une rencontre qui n'est pas dans l'agenda de ce site.",
    )
    event_date = models.DateField("date de la rencontre", null=True, blank=True)
    related_sheets = models.ManyToManyField(
        ExperienceSheet, verbose_name="fiches expérience liées", related_name="publications", blank=True
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True, db_index=True)
    is_demo = models.BooleanField("publication de démonstration", default=False)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = "publication"
        verbose_name_plural = "publications"
        ordering = ["-publication_date", "-pk"]
        indexes = [models.Index(fields=["status", "-publication_date"], name="publication_status_date")]
        constraints = [
            models.CheckConstraint(condition=Q(on_paper=False) | ~Q(paper_order=""), name="publication_paper_order")
        ]

    def __str__(self):
        return self.full_title

    def get_absolute_url(self):
        return reverse("publications:detail", args=[self.slug])

    @property
    def full_title(self):
        """ "Les Cahiers du DSU, n° 36 : Projet éducatif local…" or the title alone."""
        if self.series_id and self.issue_number:
            return f"{self.series.title}, n° {self.issue_number} : {self.title}"
        return self.title

    @property
    def oai_identifier(self):
        return oai_identifier(self.pk)

    def clean(self):
        super().clean()
        if self.series_id and self.centre_id and self.series.centre_id != self.centre_id:
            raise ValidationError({"series": "Cette série est publiée par un autre centre."})
        if self.on_paper and not self.paper_order.strip():
            raise ValidationError({"paper_order": "Indiquez comment commander la version papier."})
        if self.issue_number and not self.series_id:
            raise ValidationError({"issue_number": "Un numéro n'a de sens que dans une série : choisissez-la."})


class Contributor(models.Model):
    """An author or contributor: a person (a practitioner, a researcher…) or an organisation."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="contributors")
    name = models.CharField("nom", max_length=200)
    kind = models.CharField(
        "personne ou organisation", max_length=20, choices=ContributorKind.choices, default=ContributorKind.PERSON
    )
    role = models.CharField("rôle", max_length=20, choices=ContributorRole.choices, default=ContributorRole.AUTHOR)
    affiliation = models.CharField(
        "qualité ou rattachement", max_length=200, blank=True, help_text="Par exemple : sociologue, université Lyon 2."
    )
    is_researcher = models.BooleanField("chercheur ou chercheuse", default=False)

    class Meta:
        verbose_name = "auteur ou contributeur"
        verbose_name_plural = "auteurs et contributeurs"
        ordering = ["pk"]

    def __str__(self):
        return self.name


def document_path(instance, filename):
    return f"publications/{instance.publication_id}/{filename}"


class Document(models.Model):
    """A PDF of a publication; its text is extracted once, on upload, for the network search."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("titre", max_length=200)
    file = models.FileField("fichier PDF", upload_to=document_path, storage=private_storage, max_length=300)
    size = models.PositiveBigIntegerField("taille (octets)")
    pages = models.PositiveIntegerField("pages")
    text = models.TextField("texte extrait", blank=True)
    unreadable_pages = models.PositiveIntegerField("pages dont le texte n'a pu être lu", default=0)
    checked_pdf = models.BooleanField(
        "PDF vérifié sans contenu actif",
        default=False,
        help_text="Vérifié au dépôt (ni script, ni lancement de programme, ni fichier joint) : affiché dans le "
        "navigateur. Sinon, le fichier est téléchargé.",
    )
    uploaded_at = models.DateTimeField("ajouté le", auto_now_add=True)

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documents"
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publications:document", args=[self.publication.slug, self.pk])


class DeletedPublication(models.Model):
    """What is left of a published publication deleted for good: harvesters are told it is gone
    (OAI-PMH "persistent" deleted records)."""

    publication_pk = models.BigIntegerField("ancien identifiant", unique=True)
    centre_slug = models.SlugField("centre", max_length=220)
    series_slug = models.SlugField("série", max_length=220, blank=True)
    deleted_at = models.DateTimeField("supprimée le", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "publication supprimée"
        verbose_name_plural = "publications supprimées"

    def __str__(self):
        return f"publication {self.publication_pk}"


class HarvestSource(models.Model):
    """An OAI-PMH catalogue harvested for a centre (often its PMB), and where the last run stopped."""

    centre = models.ForeignKey(Centre, verbose_name="centre", on_delete=models.CASCADE, related_name="harvest_sources")
    base_url = models.URLField("adresse OAI-PMH", max_length=500)
    set_spec = models.CharField("ensemble (set)", max_length=200, blank=True)
    harvested_until = models.DateTimeField(
        "moissonné jusqu'au", null=True, blank=True, help_text="Début de la dernière moisson complète (UTC)."
    )
    day_granularity = models.BooleanField("dates au jour près", default=False)
    resumption_token = models.TextField("jeton de reprise", blank=True)
    run_started_at = models.DateTimeField("début de la moisson en cours", null=True, blank=True)
    last_run_at = models.DateTimeField("dernière moisson", null=True, blank=True)
    last_error = models.TextField("dernière erreur", blank=True)

    class Meta:
        verbose_name = "catalogue moissonné"
        verbose_name_plural = "catalogues moissonnés"
        constraints = [models.UniqueConstraint(fields=["centre", "base_url", "set_spec"], name="harvest_source_unique")]

    def __str__(self):
        return f"{self.base_url} ({self.centre})"


class CatalogueRecordQuerySet(models.QuerySet):
    def public(self):
        return self.filter(deleted=False)


class CatalogueRecord(models.Model):
    """A record of a centre's documentation catalogue, harvested in Dublin Core (oai_dc)."""

    source = models.ForeignKey(
        HarvestSource, verbose_name="catalogue", on_delete=models.CASCADE, related_name="records"
    )
    centre = models.ForeignKey(
        Centre, verbose_name="centre", on_delete=models.CASCADE, related_name="catalogue_records"
    )
    oai_identifier = models.CharField("identifiant OAI", max_length=500)
    datestamp = models.DateTimeField("date de la notice à la source")
    deleted = models.BooleanField("retirée à la source", default=False)
    title = models.CharField("titre", max_length=1000)
    dublin_core = models.JSONField("description Dublin Core", default=dict)
    source_url = models.URLField("adresse à la source", max_length=1000, blank=True)
    harvested_at = models.DateTimeField("moissonnée le", auto_now=True)

    objects = CatalogueRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "notice de catalogue"
        verbose_name_plural = "notices de catalogue"
        ordering = ["-datestamp", "pk"]
        constraints = [models.UniqueConstraint(fields=["source", "oai_identifier"], name="catalogue_record_unique")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publications:record", args=[self.pk])
