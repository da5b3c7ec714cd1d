"""What the search knows of the words of the field: thesaurus labels, territory and centre names.

Thesaurus labels are read from the database and kept a minute per process (a thesaurus change
clears them in the process that made it at once); territory and centre names are kept until the
directory's version (centres and geography, see centres.services.freshness) changes.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from passerelles.centres.models import Centre
from passerelles.centres.services.freshness import directory_version
from passerelles.core.kept import Kept
from passerelles.search_index.analysis import FRENCH_ANALYZER, WORDS_ANALYZER
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory
from passerelles.territories.text import fold
from passerelles.thesaurus.models import Concept

TTL = 60.0
# A commune typed in lower case boosts only from this population on: "ville" or "pont" are
# words before they are small communes.
LOWERCASE_COMMUNE_POPULATION = 5000
MAX_NAME_WORDS = 5
WORD = re.compile(r"[^\W_]+")


Tokens = tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Label:
    """A label of a concept, with the ways a document can say it."""

    concept: str  # notation
    text: str
    key: tuple[str, ...]  # its words as recognised in a query (`normal`), stop words included
    tokens: Tokens  # stemmed (position, token) pairs: a phrase of the ranked fields
    exact: Tokens  # folded words, stop words included: a phrase of the `exact` field
    is_preferred: bool
    ambiguous: bool  # two letters, or an ordinary word: expanded only alone or in capitals

    @property
    def collapsed(self) -> bool:
        """Stemming left fewer words than the label has (« Quartiers d'été » → « quarti »): the
        phrase is then matched on the words as written."""
        return len(self.tokens) < len([word for word in self.key if len(word) > 1])


def analyze(text: str) -> Tokens:
    """The stemmed tokens of `text` with their positions (stop words leave gaps)."""
    return tuple((token.position, token.text) for token in FRENCH_ANALYZER.pre_tokenize(text).tokens)


def from_zero(tokens: Tokens) -> Tokens:
    """The same phrase, its positions counted from its first word."""
    first = tokens[0][0]
    return tuple((position - first, token) for position, token in tokens)


def folded_words(text: str) -> Tokens:
    """The folded words of `text` with their positions, as the `exact` and `places` fields hold them."""
    return tuple((token.position, token.text) for token in WORDS_ANALYZER.pre_tokenize(text).tokens)


def words(text: str) -> list[str]:
    """The words of a query as typed (letters and digits, accents kept)."""
    return WORD.findall(text)


def normal(word: str) -> str:
    """A word as labels are recognised: folded, without a plural's final s or x."""
    return singular(fold(word).replace(" ", ""))


def singular(folded: str) -> str:
    return folded[:-1] if len(folded) > 3 and folded[-1] in "sx" else folded


def is_ambiguous(text: str, declared: set[str]) -> bool:
    folded = fold(text)
    return len(folded.replace(" ", "")) <= 2 or folded in declared


class Thesaurus:
    def __init__(self) -> None:
        self.labels: dict[tuple[str, ...], list[Label]] = {}  # normal words -> [Label]
        self.by_concept: dict[str, list[Label]] = {}  # notation -> [Label]
        self.pref_labels: dict[str, str] = {}  # notation -> preferred label
        concepts = Concept.objects.only("notation", "pref_label", "alt_labels", "hidden_labels", "ambiguous_labels")
        for concept in concepts.order_by("notation"):
            notation = concept.notation
            self.pref_labels[notation] = concept.pref_label
            declared = {fold(text) for text in concept.ambiguous_labels_list}
            texts = [concept.pref_label, *concept.alt_labels_list, *concept.hidden_labels_list]
            for index, text in enumerate(dict.fromkeys(texts)):
                key = tuple(normal(word) for word in words(text))
                exact = folded_words(text)
                if not key or not exact:
                    continue
                label = Label(notation, text, key, analyze(text), exact, index == 0, is_ambiguous(text, declared))
                self.by_concept.setdefault(notation, []).append(label)
                self.labels.setdefault(key, []).append(label)
        self.longest = max((len(key) for key in self.labels), default=0)
        # What a document's text can name: labels but those of two letters, by their first word.
        self.mentionable: dict[str, list[tuple[tuple[str, ...], list[str]]]] = {}
        for key, labels in sorted(self.labels.items(), key=lambda item: -len(item[0])):
            notations = sorted({label.concept for label in labels if len("".join(key)) > SHORTEST_VARIANT})
            if notations:
                self.mentionable.setdefault(key[0], []).append((key, notations))
        self.folded = [(fold(label.text), label) for labels in self.by_concept.values() for label in labels]


# A label of two letters (« CV », « QÉ ») is too often something else in a document to count as a mention.
SHORTEST_VARIANT = 2


def _territory_names() -> dict[str, str]:
    rows = Territory.objects.filter(kind__in=[Kind.REGION, Kind.DEPARTEMENT]).only("kind", "code", "name")
    return {territory.key: territory.label for territory in rows}


_thesaurus = Kept(Thesaurus, TTL)
_territory_names_kept = Kept(_territory_names, version=directory_version)


def thesaurus() -> Thesaurus:
    return _thesaurus.get()


def territory_names() -> dict[str, str]:
    """{key: label} of régions and départements, for the facets."""
    return _territory_names_kept.get()


def concepts_mentioned(text: str) -> list[str]:
    """The notations of the concepts whose labels the text says, once per mention (the longest label
    at each place), for the `mentions` field."""
    vocabulary = thesaurus()
    words = [singular(token) for token in WORDS_ANALYZER.analyze(text)]
    found: list[str] = []
    index = 0
    while index < len(words):
        for key, notations in vocabulary.mentionable.get(words[index], ()):
            if tuple(words[index : index + len(key)]) == key:
                found.extend(notations)
                index += len(key) - 1
                break
        index += 1
    return found


def keyword_labels(keywords: dict) -> list[str]:
    """The preferred labels of a document's themes, schemes and publics: indexed as its context."""
    pref_labels = thesaurus().pref_labels
    return [
        pref_labels[value]
        for name in ("theme", "scheme", "public")
        for value in keywords.get(name, ())
        if value in pref_labels
    ]


def forget() -> None:
    for kept in (_thesaurus, _territory_names_kept, _place_names, _centre_names_kept):
        kept.forget()


@dataclass(frozen=True)
class Place:
    """A commune, département or région a query can name."""

    key: str  # "commune:93066"
    label: str  # "Saint-Denis (93)"
    population: int
    departement: str  # its département's code ("" for a région)
    region: str  # its région's code

    @property
    def kind(self) -> str:
        return self.key.split(":", 1)[0]


def places_named(raw_words: Sequence[str]) -> dict[tuple[int, int], list[Place]]:
    """{(start, end): [places]} for the runs of words that name a commune, a département or a
    région (its name without its article too: « Réunion »).

    A run matches a place's folded name. One word in lower case counts only for a commune of some
    size (LOWERCASE_COMMUNE_POPULATION: « ville » or « pont » are words before they are communes),
    never for a département or a région (« réunion », « nord »)."""
    folded = [fold(word) for word in raw_words]
    runs: dict[str, list[tuple[int, int]]] = {}
    for start in range(len(raw_words)):
        for end in range(start + 1, min(start + MAX_NAME_WORDS, len(raw_words)) + 1):
            name = " ".join(part for part in folded[start:end] if part)
            if name:
                runs.setdefault(name, []).append((start, end))
    found: dict[tuple[int, int], list[Place]] = {}
    names = _place_names.get()
    for name in runs.keys() & names.keys():
        for place in names[name]:
            for start, end in runs[name]:
                lower_case = end - start == 1 and raw_words[start].islower()
                if lower_case and (place.kind != Kind.COMMUNE or place.population < LOWERCASE_COMMUNE_POPULATION):
                    continue
                found.setdefault((start, end), []).append(place)
    return found


def departement_numbered(word: str) -> Place | None:
    """The département whose number the word is (« 93 », « 974 », « 2A »), if any."""
    return _place_names.get().get(f"#{word.upper()}", [None])[0]


ARTICLES = ("la ", "le ", "les ", "l ")


def _places_by_name() -> dict[str, list[Place]]:
    """{folded name: [places]} of every commune (about 35,000), département and région, most
    populous first; départements also under "#<number>"."""
    rows = Territory.objects.filter(kind__in=[Kind.REGION, Kind.DEPARTEMENT]).values_list(
        "kind", "code", "name", "search_name", "population", "parent__code"
    )
    regions = {}
    names: dict[str, list[Place]] = {}
    larger = []
    for kind, code, name, search_name, population, parent in rows:
        if kind == Kind.DEPARTEMENT:
            regions[code] = parent or ""
            place = Place(f"{kind}:{code}", f"{name} ({code})", population or 0, code, parent or "")
            names[f"#{code}"] = [place]
        else:
            place = Place(f"{kind}:{code}", name, population or 0, "", code)
        larger.append((search_name, place))
    for search_name, place in larger:
        for variant in {search_name, *(search_name.removeprefix(a) for a in ARTICLES if search_name.startswith(a))}:
            names.setdefault(variant, []).append(place)
    communes = Territory.objects.filter(kind=Kind.COMMUNE).order_by("code")
    for name, search_name, code, population in communes.values_list("name", "search_name", "code", "population"):
        departement = code[:3] if code.startswith("97") else code[:2]
        place = Place(
            f"{Kind.COMMUNE}:{code}",
            f"{name} ({departement})",
            population or 0,
            departement,
            regions.get(departement, ""),
        )
        names.setdefault(search_name, []).append(place)
    for places in names.values():
        places.sort(key=lambda place: -place.population)
    return names


def _centre_names() -> dict[str, str]:
    return {slug: short or name for slug, name, short in Centre.objects.values_list("slug", "name", "short_name")}


_place_names = Kept(_places_by_name, version=directory_version)
_centre_names_kept = Kept(_centre_names, version=directory_version)


def centre_names() -> dict[str, str]:
    """{slug: short name, else name} of the directory's centres."""
    return _centre_names_kept.get()
