"""Turn what a person typed ("brest", "29200", "Saint-Denis (93)", "93066") into one commune,
or into the list of candidates to choose from when it is ambiguous."""

import re
from dataclasses import dataclass, field

from ..enums import Kind
from ..models import Territory
from ..text import fold

LABEL = re.compile(r"^(?P<name>.+?)\s*\((?P<dep>[0-9AB]{2,3})\)\s*$", re.IGNORECASE)
LOOKUP_KINDS = (Kind.COMMUNE, Kind.ARRONDISSEMENT)


@dataclass
class Resolution:
    query: str
    commune: Territory | None = None
    candidates: list = field(default_factory=list)


def resolve_commune(query: str | None = "", code: str | None = "") -> Resolution:
    query = (query or "").strip()[:100]
    code = (code or "").strip().upper()[:10]
    base = Territory.objects.filter(kind__in=LOOKUP_KINDS).select_related("parent__parent")
    if code and (commune := base.filter(code=code).first()):
        return Resolution(query or code, commune=commune)
    if not query:
        if code:
            return Resolution(code)
        return Resolution(query)
    if match := LABEL.match(query):
        folded, dep = fold(match["name"]), match["dep"].upper()
        exact = list(base.filter(kind=Kind.COMMUNE, search_name=folded, parent__code=dep))
        if len(exact) == 1:
            return Resolution(query, commune=exact[0])
        query = match["name"]
    folded = fold(query)
    if folded and not query.isdigit():
        # The exact name (an indexed equality) settles most lookups without a wider search.
        exact = list(base.filter(kind=Kind.COMMUNE, search_name=folded).order_by()[:2])
        if len(exact) == 1:
            return Resolution(query, commune=exact[0], candidates=exact)
    candidates = Territory.objects.search(query, kinds=LOOKUP_KINDS, limit=20)
    if len(candidates) == 1:
        return Resolution(query, commune=candidates[0], candidates=candidates)
    return Resolution(query, candidates=candidates)
