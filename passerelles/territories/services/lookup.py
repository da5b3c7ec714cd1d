"""Turn what a person typed into one commune, or into the candidates to choose from.

Accepted: a name (accents, case, hyphens, apostrophes of any kind, « œ », « St »/« Ste » ignored);
a name with its département or région ("Saint-Denis 93", "Saint-Denis (974)", "St-Denis (Réunion)",
"saint denis la réunion") or with its postcode; a postcode or an INSEE code; an arrondissement of
Paris, Lyon or Marseille ("Paris 13e", "Marseille 3e arrondissement"); and, when no commune bears
the name, a département, a région or an overseas collectivity ("Mayotte", "Nouvelle-Calédonie").
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from ..enums import Kind
from ..models import Territory
from ..text import fold

MAX_QUERY = 100
LOOKUP_KINDS = (Kind.COMMUNE, Kind.ARRONDISSEMENT)
AREA_KINDS = (Kind.DEPARTEMENT, Kind.REGION)
# "paris 13e", "lyon 3 eme", "marseille 1er arrondissement" (folded).
ARRONDISSEMENT = re.compile(
    r"^(?P<city>[a-z ]+?) (?P<number>\d{1,2}) ?(?:e|er|eme|ieme|em)?(?: arrondissement| arrdt| arr)?$"
)
POSTCODE = re.compile(r"^\d{5}$")
DEPARTEMENT_CODE = re.compile(r"^(?:\d{2,3}|2a|2b)$")
ARTICLES = ("la ", "le ", "les ", "l ")
# Words that join a name to its place: "Saint-Denis de la Réunion", "Saint-Denis en Seine-Saint-Denis".
JOINING_WORDS = {"a", "au", "aux", "d", "dans", "de", "des", "du", "en", "l", "la", "le", "les", "sur"}
# At most this many trailing words are tried as a place ("provence alpes cote d azur" is longer:
# it is found as a name).
PLACE_WORDS = 4


@dataclass
class Resolution:
    query: str
    # The commune, or the municipal arrondissement, that was found.
    commune: Territory | None = None
    candidates: list = field(default_factory=list)
    # What was typed, when it is a postcode.
    postcode: str = ""
    # A département, a région or an overseas collectivity typed by its name, when no commune bears it.
    area: Territory | None = None

    @property
    def city(self) -> Territory | None:
        """The commune a municipal arrondissement belongs to (Paris for « Paris 13e Arrondissement »)."""
        if self.commune is not None and self.commune.kind == Kind.ARRONDISSEMENT:
            return self.commune.parent
        return None

    @property
    def shared_postcode(self) -> bool:
        return bool(self.postcode) and self.commune is None and len(self.candidates) > 1

    @property
    def by_postcode(self) -> list[Territory]:
        """The candidates found by their postcode, when a postcode was typed."""
        return [t for t in self.candidates if t.code != self.query.upper()] if self.postcode else []

    @property
    def by_insee_code(self) -> Territory | None:
        """The commune whose INSEE code is what was typed (13003 is Alleins', and a postcode of Marseille)."""
        return next((t for t in self.candidates if t.code == self.query.upper()), None)


def _lookup_base() -> QuerySet[Territory]:
    return Territory.objects.filter(kind__in=LOOKUP_KINDS).select_related("parent__parent")


def is_code(query: str) -> bool:
    """A postcode, an INSEE code or the start of one."""
    return query.isdigit() or (len(query) == 5 and query[:2].upper() in {"2A", "2B"})


def resolve_commune(query: str | None = "", code: str | None = "") -> Resolution:
    query = (query or "").strip()[:MAX_QUERY]
    code = (code or "").strip().upper()[:10]
    base = _lookup_base()
    if code and (commune := base.filter(code=code).first()):
        return Resolution(query or code, commune=commune)
    if DEPARTEMENT_CODE.match(code.lower()) and (
        area := Territory.objects.filter(kind=Kind.DEPARTEMENT, code=code).first()
    ):
        return Resolution(query or code, area=area)
    if not query:
        return Resolution(code)
    folded = fold(query)
    if not folded:
        return Resolution(query)
    if is_code(query):
        candidates = suggest(query, limit=20)
        by_postcode = any(t.code != query.upper() for t in candidates)
        postcode = query if POSTCODE.match(query) and by_postcode else ""
        return _settle(Resolution(query, postcode=postcode), candidates)
    # The exact name (an indexed equality) settles most lookups without a wider search; the same
    # query reads the département, région or collectivity of that name, if any.
    named = list(
        Territory.objects.filter(
            Q(kind=Kind.COMMUNE, search_name=folded) | Q(kind__in=AREA_KINDS, search_name__in=_place_keys(folded))
        )
        .select_related("parent__parent")
        .order_by()
    )
    exact = [t for t in named if t.kind == Kind.COMMUNE]
    if len(exact) == 1:
        resolution = Resolution(query, commune=exact[0], candidates=exact)
    else:
        resolution = _settle(Resolution(query), suggest(query, limit=20, folded=folded))
    area = _preferred([t for t in named if t.kind != Kind.COMMUNE])
    if area is None and not resolution.candidates:
        area = find_area(folded)
    if area is not None and not _lies_in(resolution.commune, area):
        # « La Réunion » is an island and a commune of Lot-et-Garonne: the person chooses.
        resolution.area = area
        if resolution.candidates:
            resolution.commune = None
    return resolution


def _lies_in(commune: Territory | None, area: Territory) -> bool:
    """Whether `commune` lies in `area` (Paris in Paris): the area then adds nothing to the answer."""
    if commune is None:
        return False
    departement = commune.departement
    return area.pk in (departement.pk, departement.parent_id)


def _settle(resolution: Resolution, candidates: list) -> Resolution:
    resolution.candidates = candidates
    if len(candidates) == 1:
        resolution.commune = candidates[0]
    return resolution


def suggest(query: str, limit: int = 10, folded: str | None = None) -> list[Territory]:
    """Communes (and arrondissements of Paris, Lyon and Marseille) matching what is being typed,
    most populated first: the autocomplete's suggestions and the lookup's candidates."""
    query = (query or "").strip()[:MAX_QUERY]
    if is_code(query):
        return _one_city_each(Territory.objects.search(query, kinds=LOOKUP_KINDS, limit=limit))
    folded = fold(query) if folded is None else folded
    if not folded:
        return []
    if " " not in folded:
        return Territory.objects.search(folded, kinds=(Kind.COMMUNE,), limit=limit)
    if arrondissement := find_arrondissement(folded):
        return [arrondissement]
    if placed := find_placed(folded, limit):
        return placed
    # An arrondissement only when more than its city's name is typed: « Mar » suggests Marseille,
    # not sixteen arrondissements.
    found = Territory.objects.search(folded, kinds=(Kind.COMMUNE,), limit=limit)
    found += Territory.objects.search(folded, kinds=(Kind.ARRONDISSEMENT,), limit=limit)
    return sorted(found, key=lambda t: -(t.population or 0))[:limit]


def _one_city_each(found: list[Territory]) -> list[Territory]:
    """A postcode serves a city and one of its arrondissements (75013: Paris and Paris 13e): keep the
    arrondissement, the more precise; several arrondissements of one city: keep the city."""
    by_city: dict[int, list[Territory]] = {}
    for territory in found:
        if territory.kind == Kind.ARRONDISSEMENT and territory.parent_id is not None:
            by_city.setdefault(territory.parent_id, []).append(territory)
    drop = set()
    for city_id, arrondissements in by_city.items():
        city_listed = any(t.pk == city_id for t in found)
        if len(arrondissements) == 1 and city_listed:
            drop.add(city_id)
        elif len(arrondissements) > 1 and city_listed:
            drop.update(t.pk for t in arrondissements)
    return [t for t in found if t.pk not in drop]


def find_arrondissement(folded: str) -> Territory | None:
    match = ARRONDISSEMENT.match(folded)
    if not match:
        return None
    city, number = match["city"], int(match["number"])
    names = [f"{city} {number}er arrondissement", f"{city} {number}e arrondissement"]
    return _lookup_base().filter(kind=Kind.ARRONDISSEMENT, search_name__in=names).first()


def _place_keys(words: str) -> set[str]:
    """A place as typed, with or without its article (« Réunion » is « La Réunion »)."""
    keys = {words, *(article + words for article in ARTICLES)}
    for article in ARTICLES:
        if words.startswith(article):
            keys.add(words[len(article) :])
    return keys


def find_placed(folded: str, limit: int = 20) -> list[Territory]:
    """Communes named by a name and their place: "saint denis 93", "saint denis la reunion",
    "saint denis 93200". The longest place that names something wins."""
    words = folded.split()
    splits = []
    for size in range(min(PLACE_WORDS, len(words) - 1), 0, -1):
        kept = words[:-size]
        while len(kept) > 1 and kept[-1] in JOINING_WORDS:
            kept = kept[:-1]
        splits.append((" ".join(kept), " ".join(words[-size:])))
    keys = set().union(*(_place_keys(place) for _, place in splits))
    codes = [place.upper() for _, place in splits if DEPARTEMENT_CODE.match(place)]
    areas = list(
        Territory.objects.filter(
            Q(kind__in=AREA_KINDS, search_name__in=keys) | Q(kind=Kind.DEPARTEMENT, code__in=codes)
        ).only("kind", "code", "search_name")
    )
    for name, place in splits:
        if POSTCODE.match(place):
            within = Q(postcodes__code=place)
        elif ids := [
            a.pk
            for a in areas
            if a.search_name in _place_keys(place) or (a.kind == Kind.DEPARTEMENT and a.code == place.upper())
        ]:
            within = Q(ancestors__in=ids)
        else:
            continue
        scoped = _lookup_base().filter(within).order_by("-population", "name").distinct()
        if exact := list(scoped.filter(search_name=name)[:limit]):
            return exact
        if prefix := list(scoped.filter(search_name__gte=name, search_name__lt=name + "~")[:limit]):
            return prefix
    return []


def find_area(folded: str) -> Territory | None:
    """A département, a région or an overseas collectivity by its name, or the start of it from four
    letters (« Polynésie »)."""
    keys = _place_keys(folded)
    named = Q(search_name__in=keys)
    if len(folded) >= 4:
        named |= Q(search_name__gte=folded, search_name__lt=folded + "~")
    areas = list(Territory.objects.filter(named, kind__in=AREA_KINDS).select_related("parent")[:10])
    exact = [a for a in areas if a.search_name in keys]
    if not exact and len({a.search_name for a in areas}) == 1:
        exact = areas
    return _preferred(exact)


def _preferred(areas: list[Territory]) -> Territory | None:
    """A département rather than the région of the same name (« La Réunion », « Guyane »)."""
    return min(areas, key=lambda a: a.kind != Kind.DEPARTEMENT, default=None)
