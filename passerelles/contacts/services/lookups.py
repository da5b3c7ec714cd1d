"""What a person types for a contact's territory, function or themes (in a form or a CSV cell),
turned into the row it names, or a French message saying why not. Lookups of an import are cached
per distinct value: 100,000 lines name a few hundred territories."""

import re
from collections.abc import Callable
from typing import Any

from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory
from passerelles.territories.services.lookup import resolve_commune
from passerelles.territories.text import fold
from passerelles.thesaurus.enums import Scheme
from passerelles.thesaurus.models import Concept

COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)
DEPARTEMENT_CODE = re.compile(r"^(\d{2}|2[AB]|97\d)$", re.IGNORECASE)
SIREN = re.compile(r"^\d{9}$")
QPV_CODE = re.compile(r"^Q[NP]\w+$", re.IGNORECASE)
# A name that is not a commune's: régions, départements, EPCI and QPV, by their exact folded name.
NAMED_KINDS = (Kind.REGION, Kind.DEPARTEMENT, Kind.EPCI, Kind.QPV)


class NotFound(ValueError):
    """The value names nothing, or several things: `str(error)` says so in French."""


def resolve_territory(text: str) -> Territory | None:
    """A territory from its key (« departement:29 »), its official code (INSEE/COG of a commune,
    number of a département, SIREN of an EPCI, code of a QPV) or its name (« Brest »,
    « Saint-Denis (93) », « Finistère », « Bretagne »). None for an empty value."""
    text = (text or "").strip()
    if not text:
        return None
    kind, _, code = text.partition(":")
    if code and kind in Kind.values:
        found = Territory.objects.filter(kind=kind, code=code.strip().upper()).first()
    elif COMMUNE_CODE.match(text):
        found = Territory.objects.filter(kind__in=(Kind.COMMUNE, Kind.ARRONDISSEMENT), code=text.upper()).first()
    elif DEPARTEMENT_CODE.match(text):
        found = Territory.objects.filter(kind=Kind.DEPARTEMENT, code=text.upper()).first()
    elif SIREN.match(text):
        found = Territory.objects.filter(kind=Kind.EPCI, code=text).first()
    elif QPV_CODE.match(text):
        found = Territory.objects.filter(kind=Kind.QPV, code=text.upper()).first()
    else:
        found = _by_name(text)
    if found is None:
        raise NotFound(
            f"territoire « {text[:60]} » introuvable ou ambigu : donnez son code officiel (INSEE, SIREN) "
            "ou précisez le département, ex. Saint-Denis (93)"
        )
    return found


def _by_name(text: str) -> Territory | None:
    named = list(Territory.objects.filter(kind__in=NAMED_KINDS, search_name=fold(text))[:2])
    if len(named) == 1:
        return named[0]
    if named:
        return None
    return resolve_commune(text).commune


UNKNOWN: dict[str, str] = {
    Scheme.FUNCTIONS: "fonction « {} » inconnue du thésaurus",
    Scheme.THEMES: "thème « {} » inconnu du thésaurus",
}


def resolve_function(text: str, concepts: list[Concept] | None = None) -> Concept | None:
    """A function of the thesaurus by its notation or its label, any case and accents."""
    return _concept(Scheme.FUNCTIONS, text, concepts)


def resolve_themes(text: str, concepts: list[Concept] | None = None) -> list[Concept]:
    """Themes separated by « | » (or « , » when there is no « | »), each by notation or label."""
    text = (text or "").strip()
    if not text:
        return []
    parts = text.split("|") if "|" in text else text.split(",")
    themes = [_concept(Scheme.THEMES, part, concepts) for part in parts if part.strip()]
    return list(dict.fromkeys(theme for theme in themes if theme is not None))


def _concept(scheme: str, text: str, concepts: list[Concept] | None) -> Concept | None:
    text = (text or "").strip()
    if not text:
        return None
    wanted = fold(text)
    for concept in concepts if concepts is not None else Concept.objects.in_scheme(scheme):
        if concept.notation == text.lower() or fold(concept.pref_label) == wanted:
            return concept
    raise NotFound(UNKNOWN[scheme].format(text[:60]))


class CachedLookups:
    """The same lookups, each distinct value read once (for an import)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], Any] = {}
        self._functions = list(Concept.objects.in_scheme(Scheme.FUNCTIONS))
        self._themes = list(Concept.objects.in_scheme(Scheme.THEMES))

    def _cached(self, kind: str, text: str, resolve: Callable[[str], Any]) -> Any:
        key = (kind, (text or "").strip())
        if key not in self._cache:
            try:
                self._cache[key] = resolve(key[1])
            except NotFound as error:
                self._cache[key] = error
        value = self._cache[key]
        if isinstance(value, NotFound):
            raise value
        return value

    def territory(self, text: str) -> Territory | None:
        return self._cached("territory", text, resolve_territory)

    def function(self, text: str) -> Concept | None:
        return self._cached("function", text, lambda value: resolve_function(value, self._functions))

    def themes(self, text: str) -> list[Concept]:
        return self._cached("themes", text, lambda value: resolve_themes(value, self._themes))
