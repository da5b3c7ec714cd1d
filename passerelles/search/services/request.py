"""What a user asked: the URL parameters of a search, checked, as a `SearchRequest`.

The URL holds the whole state of a search. A query too long, a filter with too many or too long
values, a page out of range or a territory nobody knows is set aside with a French message.
"""

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from passerelles.search_index.engine import TERRITORY_FIELD
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory
from passerelles.territories.services.lookup import resolve_commune
from passerelles.territories.text import fold

PAGE_SIZE = 20
MAX_OFFSET = 1000
MAX_QUERY_LENGTH = 200
MAX_VALUES = 10
MAX_VALUE_LENGTH = 100
# Looked up by name in the territory filter: larger areas by their exact name before the rest.
LARGER_KINDS = (Kind.REGION, Kind.DEPARTEMENT, Kind.EPCI)
SEARCHED_KINDS = (*LARGER_KINDS, Kind.COMMUNE, Kind.ARRONDISSEMENT, Kind.QPV)

AS_TYPED = "tel_quel"  # the URL parameter that turns spelling correction off
# URL parameter -> index field. The URL holds the whole state of a search.
PARAMETERS = {
    "type": "type",
    "theme": "theme",
    "dispositif": "scheme",
    "public": "public",
    "centre": "centre",
    "region": "region",
    "departement": "departement",
    "annee": "year",
    "territoire": TERRITORY_FIELD,
}
FIELD_PARAMETERS = {value: key for key, value in PARAMETERS.items()}
FACET_LABELS = {
    "type": "Type de contenu",
    "theme": "Thème",
    "scheme": "Dispositif",
    "region": "Région",
    "departement": "Département",
    "centre": "Centre de ressources",
    "public": "Public visé",
    "year": "Année",
}


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)  # index field -> [values]
    page: int = 1
    errors: list[str] = field(default_factory=list)
    as_typed: bool = False  # no spelling correction: the words exactly as typed

    @classmethod
    def from_query_dict(cls, data: QueryDict) -> "SearchRequest":
        request = cls()
        q = " ".join(data.get("q", "").split())
        if len(q) > MAX_QUERY_LENGTH:
            request.errors.append(f"La recherche est limitée à {MAX_QUERY_LENGTH} caractères : la fin a été ignorée.")
            q = q[:MAX_QUERY_LENGTH]
        request.q = q
        request.as_typed = data.get(AS_TYPED) == "1"
        for parameter, field_name in PARAMETERS.items():
            values = [" ".join(value.split()) for value in data.getlist(parameter)]
            values = list(dict.fromkeys(value for value in values if value))
            if any(len(value) > MAX_VALUE_LENGTH for value in values) or len(values) > MAX_VALUES:
                request.errors.append(f"Le filtre « {parameter} » n'est pas valable : il a été ignoré.")
                continue
            if values:
                request.filters[field_name] = values
        if TERRITORY_FIELD in request.filters:
            request.filters[TERRITORY_FIELD] = request._known_territories(request.filters[TERRITORY_FIELD])
            if not request.filters[TERRITORY_FIELD]:
                del request.filters[TERRITORY_FIELD]
        page = data.get("page", "1")
        try:
            request.page = max(int(page), 1)
        except ValueError:
            request.errors.append("Le numéro de page n'est pas valable : la première page est affichée.")
        if (request.page - 1) * PAGE_SIZE > MAX_OFFSET:
            request.errors.append("Les résultats s'arrêtent à la page 51 : affinez la recherche.")
            request.page = MAX_OFFSET // PAGE_SIZE + 1
        return request

    def _known_territories(self, values: list[str]) -> list[str]:
        """Territory keys (`commune:29019`) or names typed in the filter field, resolved."""
        keys = []
        for value in values:
            kind, _, code = value.partition(":")
            if kind in Kind.values and Territory.objects.filter(kind=kind, code=code).exists():
                keys.append(value)
                continue
            # A région, département or EPCI of that exact name, else a commune, else anything close.
            found = Territory.objects.filter(kind__in=LARGER_KINDS, search_name=fold(value)).first()
            found = found or resolve_commune(value).commune
            found = found or next(iter(Territory.objects.search(value, kinds=SEARCHED_KINDS, limit=1)), None)
            if found:
                keys.append(found.key)
            else:
                self.errors.append(f"Aucun territoire ne correspond à « {value} » : ce filtre a été ignoré.")
        return keys

    def to_params(self, page: int = 1, **changes: list[str] | None) -> dict[str, Any]:
        """The URL parameters of this search, with some fields changed (None removes them)."""
        params: dict[str, Any] = {"q": self.q} if self.q else {}
        if self.as_typed:
            params[AS_TYPED] = "1"
        if page > 1:
            params["page"] = page
        filters = {**self.filters, **changes}
        for field_name, values in filters.items():
            if values:
                params[FIELD_PARAMETERS[field_name]] = list(values)
        return params
