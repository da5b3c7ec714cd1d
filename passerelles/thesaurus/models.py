from django.db import models
from django.urls import reverse

from .enums import Scheme


class ConceptQuerySet(models.QuerySet):
    def in_scheme(self, scheme):
        return self.filter(scheme=scheme)

    def themes(self):
        return self.in_scheme(Scheme.THEMES)

    def schemes(self):
        return self.in_scheme(Scheme.SCHEMES)

    def publics(self):
        return self.in_scheme(Scheme.PUBLICS)


class Concept(models.Model):
    """A SKOS concept of the urban-policy vocabulary: a theme, a scheme (dispositif), a public
    or a function, with its preferred label, its alternative labels (acronyms, synonyms) and its
    broader concepts."""

    uri = models.CharField("identifiant SKOS (URI)", max_length=300, unique=True)
    scheme = models.CharField("vocabulaire", max_length=20, choices=Scheme.choices)
    notation = models.SlugField("notation", max_length=80, unique=True)
    pref_label = models.CharField("libellé préférentiel", max_length=200)
    alt_labels = models.TextField(
        "libellés alternatifs", blank=True, help_text="Sigles et synonymes, un par ligne (ex. PRE, DRE)."
    )
    scope_note = models.TextField("note d'application", blank=True)
    broader = models.ManyToManyField(
        "self", verbose_name="concepts génériques", symmetrical=False, related_name="narrower", blank=True
    )

    objects = ConceptQuerySet.as_manager()

    class Meta:
        verbose_name = "concept"
        verbose_name_plural = "concepts"
        ordering = ["scheme", "pref_label"]
        indexes = [models.Index(fields=["scheme", "pref_label"], name="concept_scheme_label")]

    def __str__(self):
        return self.pref_label

    def get_absolute_url(self):
        return reverse("thesaurus:index") + f"#{self.notation}"

    @property
    def alt_labels_list(self):
        return [label.strip() for label in self.alt_labels.splitlines() if label.strip()]


class PersonOfTheNetwork(models.Model):
    """What the network knows of someone who works in urban policy, in its own vocabulary: their
    function, organisation, territory and themes (a centre's contact, a practitioner's profile)."""

    function = models.ForeignKey(
        Concept,
        verbose_name="fonction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"scheme": Scheme.FUNCTIONS},
    )
    organisation = models.CharField("structure", max_length=200, blank=True)
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name="territoire",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Commune, EPCI, département, région ou quartier prioritaire.",
    )
    themes = models.ManyToManyField(
        Concept, verbose_name="thèmes", related_name="+", blank=True, limit_choices_to={"scheme": Scheme.THEMES}
    )

    class Meta:
        abstract = True
