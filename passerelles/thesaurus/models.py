import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from .enums import Scheme

URL = re.compile(r"^https?://\S+$")


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class Source:
    """One source of a concept: a text (a law, a decree) or the address of an official page."""

    text: str

    @property
    def url(self) -> str:
        return self.text if URL.match(self.text) else ""


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
    or a function, with its labels (preferred; alternative: acronyms, synonyms; hidden: spelling
    variants), its definition, dates and sources, and its links to other concepts (broader,
    related, replaced by)."""

    uri = models.CharField("identifiant SKOS (URI)", max_length=300, unique=True)
    scheme = models.CharField("vocabulaire", max_length=20, choices=Scheme.choices)
    notation = models.SlugField("notation", max_length=80, unique=True)
    pref_label = models.CharField("libellé préférentiel", max_length=200)
    alt_labels = models.TextField(
        "libellés alternatifs", blank=True, help_text="Sigles et synonymes, un par ligne (ex. PRE, DRE)."
    )
    hidden_labels = models.TextField(
        "libellés cachés",
        blank=True,
        help_text="Variantes d'écriture reconnues mais non affichées (sans trait d'union, anciennes graphies), "
        "une par ligne.",
    )
    ambiguous_labels = models.TextField(
        "libellés ambigus",
        blank=True,
        help_text="Sigles qui sont aussi des mots courants ou trop courts (ex. PRE, CV), un par ligne : chacun doit "
        "être un libellé du concept. La recherche ne les développe que tapés seuls ou en capitales.",
    )
    definition = models.TextField("définition", blank=True)
    scope_note = models.TextField("note d'application", blank=True)
    history_note = models.TextField(
        "note historique", blank=True, help_text="Les dates du concept racontées (création, remplacement)."
    )
    start_year = models.PositiveSmallIntegerField("année de début", null=True, blank=True)
    end_year = models.PositiveSmallIntegerField("année de fin", null=True, blank=True)
    source = models.TextField(
        "sources", blank=True, help_text="Loi, décret, circulaire ou adresse d'une page officielle, une par ligne."
    )
    broader = models.ManyToManyField(
        "self", verbose_name="concepts génériques", symmetrical=False, related_name="narrower", blank=True
    )
    related = models.ManyToManyField("self", verbose_name="concepts associés", symmetrical=True, blank=True)
    replaced_by = models.ManyToManyField(
        "self", verbose_name="remplacé par", symmetrical=False, related_name="replaces", blank=True
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
        return reverse("thesaurus:concept", args=[self.notation])

    def clean(self):
        errors = {}
        if self.start_year and self.end_year and self.start_year > self.end_year:
            errors["end_year"] = "L'année de fin précède l'année de début."
        labels = {label.casefold() for label in [self.pref_label, *self.alt_labels_list]}
        strays = [label for label in self.ambiguous_labels_list if label.casefold() not in labels]
        if strays:
            errors["ambiguous_labels"] = (
                f"Pas un libellé de ce concept : {', '.join(strays)}. Un libellé ambigu doit être aussi son libellé "
                "préférentiel ou un libellé alternatif."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def alt_labels_list(self):
        return lines(self.alt_labels)

    @property
    def hidden_labels_list(self):
        return lines(self.hidden_labels)

    @property
    def ambiguous_labels_list(self):
        return lines(self.ambiguous_labels)

    @property
    def period(self):
        """The concept's dates in words: « de 1996 à 2014 », « depuis 2015 », « jusqu'en 2014 »."""
        if self.start_year and self.end_year:
            return f"de {self.start_year} à {self.end_year}" if self.start_year != self.end_year else str(self.end_year)
        if self.start_year:
            return f"depuis {self.start_year}"
        return f"jusqu'en {self.end_year}" if self.end_year else ""

    @property
    def sources(self):
        return [Source(line) for line in lines(self.source)]


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
