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
from passerelles.search_index.engine import FRENCH_ANALYZER
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


@dataclass(frozen=True)
class Label:
    concept: str  # notation
    text: str
    tokens: tuple  # (position, stemmed token) pairs: a phrase for the index
    is_preferred: bool


def analyze(text: str) -> tuple[tuple[int, str], ...]:
    """The stemmed tokens of `text` with their positions (stop words leave gaps)."""
    return tuple((token.position, token.text) for token in FRENCH_ANALYZER.pre_tokenize(text).tokens)


def words(text: str) -> list[str]:
    """The words of a query as typed (letters and digits, accents kept)."""
    return WORD.findall(text)


class Thesaurus:
    def __init__(self) -> None:
        self.labels: dict[tuple[str, ...], list[Label]] = {}  # stemmed token tuple -> [Label]
        self.by_concept: dict[str, list[Label]] = {}  # notation -> [Label]
        self.pref_labels: dict[str, str] = {}  # notation -> preferred label
        for concept in Concept.objects.only("notation", "pref_label", "alt_labels").order_by("notation"):
            notation = concept.notation
            self.pref_labels[notation] = concept.pref_label
            for index, text in enumerate([concept.pref_label, *concept.alt_labels_list]):
                tokens = analyze(text)
                if not tokens:
                    continue
                label = Label(notation, text, tokens, index == 0)
                self.by_concept.setdefault(notation, []).append(label)
                self.labels.setdefault(tuple(token for _, token in tokens), []).append(label)
        self.longest = max((len(key) for key in self.labels), default=0)
        self.folded = [(fold(label.text), label) for labels in self.by_concept.values() for label in labels]


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


def forget() -> None:
    for kept in (_thesaurus, _territory_names_kept, _commune_names, _centre_names_kept):
        kept.forget()


def communes_named(raw_words: Sequence[str]) -> dict[tuple[int, int], list[str]]:
    """{(start, end): [commune keys]} for the runs of words that name a commune.

    A run matches a commune's folded name; one word in lower case must name a commune of some
    size to count (see LOWERCASE_COMMUNE_POPULATION)."""
    folded = [fold(word) for word in raw_words]
    runs: dict[str, list[tuple[int, int]]] = {}
    for start in range(len(raw_words)):
        for end in range(start + 1, min(start + MAX_NAME_WORDS, len(raw_words)) + 1):
            name = " ".join(part for part in folded[start:end] if part)
            if name:
                runs.setdefault(name, []).append((start, end))
    if not runs:
        return {}
    found: dict[tuple[int, int], list[str]] = {}
    names = _commune_names.get()
    for name in runs.keys() & names.keys():
        for code, population in names[name]:
            for start, end in runs[name]:
                typed = raw_words[start:end]
                if end - start == 1 and typed[0].islower() and (population or 0) < LOWERCASE_COMMUNE_POPULATION:
                    continue
                found.setdefault((start, end), []).append(f"{Kind.COMMUNE}:{code}")
    return found


def _communes_by_name() -> dict[str, list[tuple[str, int | None]]]:
    """{folded name: [(code, population)]} of every commune (about 35,000), in code order."""
    names: dict[str, list[tuple[str, int | None]]] = {}
    rows = Territory.objects.filter(kind=Kind.COMMUNE).order_by("code")
    for name, code, population in rows.values_list("search_name", "code", "population"):
        names.setdefault(name, []).append((code, population))
    return names


def _centre_names() -> dict[str, str]:
    return {slug: short or name for slug, name, short in Centre.objects.values_list("slug", "name", "short_name")}


_commune_names = Kept(_communes_by_name, version=directory_version)
_centre_names_kept = Kept(_centre_names, version=directory_version)


def centre_names() -> dict[str, str]:
    """{slug: short name, else name} of the directory's centres."""
    return _centre_names_kept.get()
